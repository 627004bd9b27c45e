"""Writes on the emulation register and the commendation lists. Each
service checks rights and scope itself, validates, records the history and
owns its transaction. Figures come from reports/figures.py."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.files import check_upload, store
from activities.models import Activity, Counting
from activities.selectors import scope_activities
from coordination.models import Unit
from coordination.permissions import Access, Right
from emulation.models import (
    LEVEL_RANK,
    CommendationEntry,
    CommendationProposal,
    Exemplar,
    ExemplarEvent,
    ExemplarPhoto,
    Level,
    Recognition,
)
from kit.fields import clean_text
from kit.templatetags.vn import num, person
from kit.text import fold
from programmes.measures import MEASURES
from programmes.models import PolicyDocument, Programme, ReportingPeriod
from reports import figures
from reports.services import approvals

Status = Exemplar.Status
Action = ExemplarEvent.Action

# What the history names, for each field a form edits.
LABELS = {
    "kind": "Loại",
    "name": "Tên",
    "position": "Chức vụ",
    "unit": "Đơn vị thực hiện",
    "locality": "Địa bàn",
    "field": "Lĩnh vực",
    "registered_year": "Năm đăng ký",
    "results": "Kết quả",
}
MAX_EVIDENCE = 200


def _name(user) -> str:
    return person(user)


def _shown(instance, name: str) -> str:
    value = getattr(instance, name)
    if isinstance(value, Unit) or hasattr(value, "name"):
        return value.name if value else ""
    display = getattr(instance, f"get_{name}_display", None)
    return str(display()) if display and value else ("" if value is None else str(value))


def _record(exemplar: Exemplar, user, action: str, *, note: str = "", changes: dict | None = None) -> None:
    ExemplarEvent.objects.create(
        exemplar=exemplar, action=action, user=user, name=_name(user), note=note, changes=changes or {}
    )


def _may_edit(access: Access, exemplar: Exemplar) -> None:
    """The standing office edits any entry; a secretary, the entries of
    their units while they wait for evaluation."""
    if access.can(Right.MANAGE_EMULATION):
        return
    access.require(Right.ENTER_ACTIVITIES)
    if exemplar.unit_id not in access.unit_ids:
        raise PermissionDenied
    if not exemplar.is_open:
        raise ValidationError(_("The entry has been recognised; only the standing office can change it now."))


def _evidence(access: Access, exemplar: Exemplar, activity_ids) -> list[int]:
    """The activities given as evidence: the committee's, in the user's scope,
    led by the entry's unit or one below it, or with one of them taking part."""
    ids = sorted({int(i) for i in activity_ids})
    if len(ids) > MAX_EVIDENCE:
        raise ValidationError(_("At most %(max)s activities can be linked as evidence.") % {"max": MAX_EVIDENCE})
    if not ids:
        return []
    unit = exemplar.unit
    found = set(
        scope_activities(access)
        .filter(pk__in=ids)
        .filter(Q(lead_unit__path__startswith=unit.path) | Q(participating_units__path__startswith=unit.path))
        .values_list("pk", flat=True)
    )
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationError(
            _(
                "%(count)s of the chosen activities are not activities of %(unit)s (or of the units below it) "
                "that you can see; they were not linked."
            )
            % {"count": len(missing), "unit": unit.name}
        )
    return ids


@transaction.atomic
def exemplar_save(
    *, access: Access, user, data: dict, activity_ids, exemplar_id: int | None = None, version: int | None = None
) -> Exemplar:
    """Registers a model or an exemplar for a unit, or saves changes to one.
    A secretary registers for their own units; what they register waits for
    the standing office's evaluation."""
    if exemplar_id is None:
        if not access.can(Right.MANAGE_EMULATION):
            access.require(Right.ENTER_ACTIVITIES)
        exemplar = Exemplar(committee=access.committee, created_by=user)
        before = {}
    else:
        exemplar = Exemplar.objects.select_for_update().get(pk=exemplar_id, committee=access.committee)
        _may_edit(access, exemplar)
        if version is not None and version != exemplar.version:
            raise ValidationError(
                _("Someone saved this entry after you opened the form. Open it again to see their changes.")
            )
        before = {name: _shown(exemplar, name) for name in LABELS}
    for name, value in data.items():
        setattr(exemplar, name, value)
    unit = exemplar.unit if exemplar.unit_id else None
    if unit is None or unit.committee_id != access.committee.pk:
        raise ValidationError({"unit": _("Choose a unit of the committee.")})
    if not access.can(Right.MANAGE_EMULATION) and unit.pk not in access.unit_ids:
        raise ValidationError({"unit": _("You can register models only for your own units.")})
    if exemplar.kind != Exemplar.Kind.INDIVIDUAL:
        exemplar.position = ""
    if exemplar.status == Status.RETURNED and exemplar_id is not None and not access.can(Right.MANAGE_EMULATION):
        exemplar.status = Status.REGISTERED  # revised by the unit: evaluated again
    exemplar.full_clean(exclude=["activities"])
    if exemplar_id is not None:
        exemplar.version += 1
    exemplar.save()
    linked = _evidence(access, exemplar, activity_ids)
    old_links = set(exemplar.activities.values_list("pk", flat=True)) if exemplar_id else set()
    # Evidence the user cannot see stays linked: a secretary edits only their part.
    hidden = old_links - set(scope_activities(access).filter(pk__in=old_links).values_list("pk", flat=True))
    exemplar.activities.set(sorted(set(linked) | hidden))
    if exemplar_id is None:
        _record(exemplar, user, Action.REGISTERED)
    else:
        after = {name: _shown(exemplar, name) for name in LABELS}
        changes = {LABELS[n]: [before[n], after[n]] for n in LABELS if before[n] != after[n]}
        if changes:
            _record(exemplar, user, Action.EDITED, changes=changes)
    new_links = set(exemplar.activities.values_list("pk", flat=True))
    if new_links != old_links:
        added, removed = len(new_links - old_links), len(old_links - new_links)
        _record(
            exemplar,
            user,
            Action.EVIDENCE,
            changes={"Hoạt động minh chứng": [str(len(old_links)), str(len(new_links))]},
            note=f"Thêm {added}, bỏ {removed} hoạt động",
        )
    return exemplar


@transaction.atomic
def exemplar_evaluate(
    *,
    access: Access,
    user,
    exemplar_id: int,
    decision: str,
    level: str = "",
    year: int | None = None,
    reference: str = "",
    assessment: str = "",
) -> Exemplar:
    """The standing office's evaluation: recognises the entry at a level in
    a year (by a decision), or returns it to the unit with the reason."""
    access.require(Right.MANAGE_EMULATION)
    exemplar = Exemplar.objects.select_for_update().get(pk=exemplar_id, committee=access.committee)
    assessment = clean_text(assessment, 4000)
    reference = clean_text(reference, 200)
    if "\n" in reference or "\r" in reference:
        raise ValidationError(_("The decision reference holds one line."))
    if decision == "return":
        if not assessment:
            raise ValidationError(_("Say what the unit should complete or revise."))
        if exemplar.status not in (Status.REGISTERED, Status.RETURNED):
            raise ValidationError(_("A recognised entry is not returned; record its next level instead."))
        exemplar.status = Status.RETURNED
        exemplar.version += 1
        exemplar.save(update_fields=["status", "version", "updated_at"])
        _record(exemplar, user, Action.RETURNED, note=assessment)
        return exemplar
    if decision != "recognise":
        raise ValidationError(_("Choose to recognise the entry or to return it."))
    if level not in Level.values:
        raise ValidationError(_("Choose the level at which it is recognised."))
    if year is None or not (exemplar.registered_year <= year <= timezone.localdate().year + 1):
        raise ValidationError(
            _("The year of recognition lies between the year it was registered (%(year)s) and next year.")
            % {"year": exemplar.registered_year}
        )
    if exemplar.recognitions.filter(level=level).exists():
        raise ValidationError(_("It is already recognised at this level."))
    Recognition.objects.create(
        exemplar=exemplar, level=level, year=year, reference=reference, assessment=assessment, by=user
    )
    top = max(exemplar.recognitions.all(), key=lambda r: (LEVEL_RANK[r.level], r.year))
    before = [exemplar.get_status_display(), exemplar.get_level_display()]
    exemplar.level, exemplar.recognised_year = top.level, top.year
    if exemplar.status != Status.REPLICATED:
        exemplar.status = Status.RECOGNISED
    exemplar.version += 1
    exemplar.save(update_fields=["level", "recognised_year", "status", "version", "updated_at"])
    _record(
        exemplar,
        user,
        Action.RECOGNISED,
        note=" – ".join(p for p in (f"{Level(level).label} năm {year}", reference, assessment) if p),
        changes={
            "Trạng thái, cấp công nhận": [
                " – ".join(p for p in before if p),
                f"{exemplar.get_status_display()} – {exemplar.get_level_display()}",
            ]
        },
    )
    return exemplar


@transaction.atomic
def exemplar_replicate(*, access: Access, user, exemplar_id: int, note: str) -> Exemplar:
    """Marks a recognised model as replicated (nhân rộng) elsewhere."""
    access.require(Right.MANAGE_EMULATION)
    exemplar = Exemplar.objects.select_for_update().get(pk=exemplar_id, committee=access.committee)
    note = clean_text(note, 2000)
    if exemplar.status != Status.RECOGNISED:
        raise ValidationError(_("Only a recognised model is marked as replicated."))
    if not note:
        raise ValidationError(_("Say where and how the model was replicated."))
    exemplar.status = Status.REPLICATED
    exemplar.version += 1
    exemplar.save(update_fields=["status", "version", "updated_at"])
    _record(exemplar, user, Action.REPLICATED, note=note)
    return exemplar


MAX_PHOTOS = 30


@transaction.atomic
def exemplar_photo_add(*, access: Access, user, exemplar_id: int, upload, caption: str = "") -> ExemplarPhoto:
    exemplar = Exemplar.objects.select_for_update().get(pk=exemplar_id, committee=access.committee)
    _may_edit(access, exemplar)
    caption = clean_text(caption, 255).replace("\n", " ").replace("\r", " ")
    filetype, data = check_upload(upload)
    if filetype.kind != "photo":
        raise ValidationError(_("The file %(name)s is not a photo (JPEG, PNG, WebP).") % {"name": upload.name})
    if exemplar.photos.count() >= MAX_PHOTOS:
        raise ValidationError(_("An entry keeps at most %(max)s photos.") % {"max": MAX_PHOTOS})
    photo = ExemplarPhoto(exemplar=exemplar)
    store(photo, upload, filetype, data, caption=caption, user=user)
    photo.save()
    _record(exemplar, user, Action.PHOTO, note=photo.original_name)
    return photo


# -- the evidence and the figures of a review -------------------------------------


def counted_evidence(exemplar: Exemplar):
    """The linked activities the figures count (confirmed ones)."""
    return exemplar.activities.all().counted(Counting.CONFIRMED)


def evidence_totals(exemplar: Exemplar) -> figures.Sums:
    return figures.totals(counted_evidence(exemplar))


def review_activities(proposal: CommendationProposal):
    """The confirmed activities a commendation list's review covers: the
    year's, the period's up to its cut-off, or the Đề án's years."""
    qs = Activity.objects.filter(programme__committee=proposal.committee_id).counted(Counting.CONFIRMED)
    if proposal.policy_document_id:
        doc = proposal.policy_document
        return qs.filter(programme__year__gte=doc.period_start, programme__year__lte=doc.period_end)
    qs = qs.filter(programme=proposal.programme_id)
    if proposal.period_id:
        qs = qs.filter(start_date__range=proposal.period.span)
    return qs


ACHIEVEMENT_MEASURES = ("houses_built", "houses_repaired", "people_examined", "gifts", "sessions", "man_days")


def achievement_text(proposal: CommendationProposal, unit: Unit, *, individual: bool = False) -> str:
    """The achievement line drafted from the unit's figures for the review:
    what it led (with the units below it), its value and main results. The
    standing office edits it."""
    sums = figures.totals(review_activities(proposal).filter(lead_unit__path__startswith=unit.path))
    scope = proposal.subject_words()
    if not sums.count:
        return f"Có thành tích trong {scope}." if individual else f"Tích cực tham gia {scope}."
    parts = [f"chủ trì thực hiện {num(sums.count)} hoạt động, tổng trị giá {num(sums.amount_total)} đồng"]
    for name in ACHIEVEMENT_MEASURES:
        if sums[name]:
            m = MEASURES[name]
            parts.append(f"{str(m.label).lower()}: {num(sums[name])} {m.unit_of_measure}")
    text = "; ".join(parts)
    if individual:
        return f"Có nhiều đóng góp trong {scope}, cùng {unit.name} {text}."
    return f"Hoàn thành xuất sắc nhiệm vụ {scope}: {text}."


def default_grounds(proposal: CommendationProposal) -> str:
    committee = proposal.committee
    programme = proposal.programme
    lines = ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"]
    if committee.decision_number:
        lines.append(f"Căn cứ Quyết định số {committee.decision_number} về việc thành lập {committee.name};")
    if programme.number_symbol:
        lines.append(f"Căn cứ Chương trình phối hợp số {programme.number_symbol} năm {programme.year};")
    lines.append(f"Căn cứ kết quả {proposal.subject_words()} của các cơ quan, đơn vị.")
    return "\n".join(lines)


# -- commendation lists -----------------------------------------------------------


def _review_subject(access: Access, programme_id: int, period_id, document_id) -> dict:
    programme = Programme.objects.get(pk=programme_id, committee=access.committee)
    period = programme.periods.exclude(kind="year").get(pk=period_id) if period_id else None
    document = PolicyDocument.objects.get(pk=document_id, committee=access.committee) if document_id else None
    if period and document:
        raise ValidationError(_("A list is for the year, for one of its periods or for a policy document, not both."))
    return {"programme": programme, "period": period, "policy_document": document}


@transaction.atomic
def proposal_open(
    *, access: Access, user, programme_id: int, period_id: int | None = None, document_id: int | None = None
) -> CommendationProposal:
    """The commendation list of a review, started if there is none yet."""
    access.require(Right.MANAGE_EMULATION)
    try:
        subject = _review_subject(access, programme_id, period_id, document_id)
    except (Programme.DoesNotExist, ReportingPeriod.DoesNotExist, PolicyDocument.DoesNotExist):
        raise ValidationError(_("Choose the review the list is for.")) from None
    existing = CommendationProposal.objects.filter(committee=access.committee, **subject).first()
    if existing:
        return existing
    proposal = CommendationProposal(committee=access.committee, created_by=user, **subject)
    proposal.grounds = default_grounds(proposal)
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError:  # another started it at the same moment
        return CommendationProposal.objects.get(committee=access.committee, **subject)
    return proposal


def _editable(access: Access, proposal_id: int) -> CommendationProposal:
    access.require(Right.MANAGE_EMULATION)
    proposal = CommendationProposal.objects.select_for_update().get(pk=proposal_id, committee=access.committee)
    if not proposal.is_editable:
        raise ValidationError(_("The list is approved by the co-chairs and can no longer be changed."))
    return proposal


def _changed(proposal: CommendationProposal) -> None:
    """Any change takes the list back to a draft, to be sent again."""
    proposal.status = CommendationProposal.Status.DRAFT
    proposal.approved_by = None
    proposal.approved_at = None
    proposal.approved_hash = ""
    proposal.saved_at = None
    proposal.save()


DUPLICATE = _("%(name)s is already on this list; a unit or a person is proposed once for one review.")


def _refuse_duplicate(proposal: CommendationProposal, entry: CommendationEntry) -> None:
    others = proposal.entries.exclude(pk=entry.pk)
    if entry.recipient == CommendationEntry.Recipient.COLLECTIVE:
        clash = others.filter(recipient=entry.recipient, unit=entry.unit_id).first()
    else:
        key = " ".join(entry.name_key.split())
        clash = others.filter(recipient=entry.recipient, unit=entry.unit_id, name_key=key).first()
    if clash:
        raise ValidationError(DUPLICATE % {"name": clash.name})


@transaction.atomic
def entry_save(*, access: Access, user, proposal_id: int, data: dict, entry_id: int | None = None) -> CommendationEntry:
    """Adds a collective or an individual to the list, or edits one. The
    achievement is drafted from the unit's figures when left empty."""
    proposal = _editable(access, proposal_id)
    entry = proposal.entries.get(pk=entry_id) if entry_id else CommendationEntry(proposal=proposal)
    for name, value in data.items():
        setattr(entry, name, value)
    if not entry.unit_id or entry.unit.committee_id != access.committee.pk:
        raise ValidationError({"unit": _("Choose a unit of the committee.")})
    if entry.exemplar_id and entry.exemplar.committee_id != access.committee.pk:
        raise ValidationError({"exemplar": _("Choose an entry of the committee's register.")})
    individual = entry.recipient == CommendationEntry.Recipient.INDIVIDUAL
    if not individual:
        entry.position = ""
        entry.name = (entry.name or "").strip() or entry.unit.name
    elif not (entry.name or "").strip():
        raise ValidationError({"name": _("Give the person's full name.")})
    if not (entry.achievement or "").strip():
        entry.achievement = achievement_text(proposal, entry.unit, individual=individual)
    entry.full_clean(exclude=["name_key", "proposal"])
    entry.name_key = " ".join(fold(entry.name).split())
    _refuse_duplicate(proposal, entry)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:  # the same name added at the same moment
        raise ValidationError(DUPLICATE % {"name": entry.name}) from None
    _changed(proposal)
    return entry


@transaction.atomic
def entry_delete(*, access: Access, user, proposal_id: int, entry_id: int) -> None:
    proposal = _editable(access, proposal_id)
    proposal.entries.get(pk=entry_id).delete()
    _changed(proposal)


@transaction.atomic
def proposal_fill(*, access: Access, user, proposal_id: int, collectives: int = 8) -> int:
    """Drafts the list from the review's results: the units that led the
    most (by value) and the exemplars recognised in the year, each with its
    achievement drafted from its figures. Those already on the list are
    left as they are. Returns how many were added."""
    proposal = _editable(access, proposal_id)
    qs = review_activities(proposal)
    table = figures.grouped(qs, "unit")
    units = {u.pk: u for u in Unit.objects.filter(committee=access.committee, pk__in=[k for k in table if k])}
    ranked = sorted(
        (g for g in table.values() if g.key in units), key=lambda g: (-g.sums.amount_total, -g.sums.count, g.key)
    )
    present = set(proposal.entries.filter(recipient="collective").values_list("unit_id", flat=True))
    added = 0
    for group in ranked[:collectives]:
        unit = units[group.key]
        if unit.pk in present:
            continue
        CommendationEntry.objects.create(
            proposal=proposal,
            recipient=CommendationEntry.Recipient.COLLECTIVE,
            unit=unit,
            name=unit.name,
            achievement=achievement_text(proposal, unit),
        )
        present.add(unit.pk)
        added += 1
    year = proposal.policy_document.period_end if proposal.policy_document_id else proposal.programme.year
    people = Exemplar.objects.filter(
        committee=access.committee,
        kind__in=[Exemplar.Kind.INDIVIDUAL, Exemplar.Kind.COLLECTIVE],
        recognitions__year=year,
    ).distinct()
    for ex in people.select_related("unit"):
        entry = CommendationEntry(
            proposal=proposal,
            recipient="individual" if ex.kind == Exemplar.Kind.INDIVIDUAL else "collective",
            unit=ex.unit,
            name=ex.name,
            position=ex.position,
            exemplar=ex,
            achievement=" ".join(
                part
                for part in (
                    achievement_text(proposal, ex.unit, individual=ex.kind == Exemplar.Kind.INDIVIDUAL),
                    f"{ex.get_kind_display()} được công nhận {ex.get_level_display().lower()} năm {ex.recognised_year}."
                    if ex.level
                    else "",
                )
                if part
            )[:4000],
        )
        try:
            _refuse_duplicate(proposal, entry)
        except ValidationError:
            continue
        entry.save()
        added += 1
    if added:
        _changed(proposal)
    return added


@transaction.atomic
def proposal_save_grounds(*, access: Access, user, proposal_id: int, grounds: str) -> CommendationProposal:
    proposal = _editable(access, proposal_id)
    proposal.grounds = clean_text(grounds, 4000)
    _changed(proposal)
    return proposal


@transaction.atomic
def proposal_submit(*, access: Access, user, proposal_id: int) -> CommendationProposal:
    """Sends the list to the co-chairs; their approvals count from now."""
    proposal = _editable(access, proposal_id)
    if not proposal.entries.exists():
        raise ValidationError(_("The list is empty: add the collectives and individuals proposed first."))
    if proposal.status == CommendationProposal.Status.AWAITING_APPROVAL:
        raise ValidationError(_("The list is already waiting for the co-chairs' approval."))
    proposal.status = CommendationProposal.Status.AWAITING_APPROVAL
    proposal.saved_at = timezone.now()
    proposal.save()
    return proposal


def proposal_decide(*, access: Access, user, proposal_id: int, seen_hash: str, decision: str, comment: str = ""):
    """A co-chair approves the list they read, or returns it (reports'
    approval of texts, the same as for the review text)."""
    access.require(Right.APPROVE_REVIEW)
    proposal = CommendationProposal.objects.get(pk=proposal_id, committee=access.committee)
    return approvals.decide(
        access=access, user=user, subject=proposal, seen_hash=seen_hash, decision=decision, comment=comment
    )
