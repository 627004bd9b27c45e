"""The "Dân vận khéo" register and the commendation lists: secretaries
register their units' models with their evidence, the standing office
evaluates and recognises them and drafts the commendation list of each
review, the co-chairs approve it, and staff print the proposal and the
decision through the report workers."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from activities.models import Attachment
from activities.selectors import scope_activities
from coordination.models import Unit
from coordination.permissions import Access, Right
from coordination.views import committee_view, flash_errors, form_errors
from emulation import services
from emulation.forms import EntryForm, EvaluateForm, ExemplarForm, RegisterFilterForm
from emulation.models import CommendationEntry, CommendationProposal, Exemplar, ExemplarEvent, Form, Recognition
from emulation.selectors import visible_exemplars
from kit.collation import vi
from kit.downloads import file_download
from kit.fields import parse_id
from kit.text import fold
from programmes.measures import MEASURES
from programmes.models import PolicyDocument, Programme
from reports import documents
from reports.models import ReportRun
from reports.services import approvals, runs

# -- the register -----------------------------------------------------------------


def _exemplar(access: Access, exemplar_id: int) -> Exemplar:
    return get_object_or_404(visible_exemplars(access).select_related("unit", "locality"), pk=exemplar_id)


def _may_register(access: Access) -> bool:
    return access.can(Right.MANAGE_EMULATION) or access.can(Right.ENTER_ACTIVITIES)


@require_GET
@committee_view
def register(request, committee: str, *, access: Access):
    form = RegisterFilterForm(request.GET or None)
    qs = visible_exemplars(access).select_related("unit", "locality")
    filters = form.cleaned_data if form.is_valid() else {}
    if filters.get("q"):
        words = fold(filters["q"]).split()
        matching = [
            e.pk
            for e in qs.only("pk", "name", "results")
            if all(w in fold(f"{e.name} {e.unit.name} {e.results}") for w in words)
        ]
        qs = qs.filter(pk__in=matching)
    for name in ("kind", "field", "status"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    if filters.get("registered"):
        qs = qs.filter(registered_year=filters["registered"])
    if filters.get("recognised") or filters.get("level"):
        rec = Recognition.objects.all()
        if filters.get("recognised"):
            rec = rec.filter(year=filters["recognised"])
        if filters.get("level"):
            rec = rec.filter(level=filters["level"])
        qs = qs.filter(pk__in=rec.values("exemplar_id"))
    if filters.get("unit"):
        unit = Unit.objects.filter(pk=filters["unit"], committee=access.committee).first()
        qs = qs.filter(unit__path__startswith=unit.path) if unit else qs.none()
    qs = qs.annotate(evidence=Count("activities", distinct=True)).order_by("-registered_year", vi("name"), "pk")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "emulation/register.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_register": _may_register(access),
            "can_manage": access.can(Right.MANAGE_EMULATION),
            "can_commend": access.can(Right.MANAGE_EMULATION) or access.can(Right.DOWNLOAD_REPORTS),
        },
    )


@require_http_methods(["GET", "POST"])
@committee_view
def exemplar_edit(request, committee: str, exemplar_id: int | None = None, *, access: Access):
    exemplar = _exemplar(access, exemplar_id) if exemplar_id else None
    if not _may_register(access):
        raise PermissionDenied
    if exemplar is not None and not access.can(Right.MANAGE_EMULATION) and not exemplar.is_open:
        messages.error(request, _("The entry has been recognised; only the standing office can change it now."))
        return redirect("emulation:exemplar", committee=committee, exemplar_id=exemplar.pk)
    form = ExemplarForm(request.POST or None, instance=exemplar, access=access)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ExemplarForm.Meta.fields}
        try:
            saved = services.exemplar_save(
                access=access,
                user=request.user,
                data=data,
                activity_ids=list(exemplar.activities.values_list("pk", flat=True)) if exemplar else [],
                exemplar_id=exemplar.pk if exemplar else None,
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            if exemplar is None:
                messages.success(request, _("Registered. Now link the activities that are its evidence."))
                return redirect("emulation:exemplar_evidence", committee=committee, exemplar_id=saved.pk)
            messages.success(request, _("Saved."))
            return redirect("emulation:exemplar", committee=committee, exemplar_id=saved.pk)
    return render(request, "emulation/exemplar_form.html", {"form": form, "exemplar": exemplar})


@require_GET
@committee_view
def exemplar_detail(request, committee: str, exemplar_id: int, *, access: Access):
    exemplar = _exemplar(access, exemplar_id)
    linked = list(
        scope_activities(access, exemplar.activities.all())
        .select_related("category", "lead_unit")
        .order_by("-start_date", "pk")
    )
    hidden = exemplar.activities.count() - len(linked)
    totals = services.evidence_totals(exemplar)
    counted = services.counted_evidence(exemplar).count()
    photos = list(exemplar.photos.all())
    # and the photos of its evidence, those of activities this user sees
    evidence_photos = list(
        Attachment.objects.filter(activity__in=[a.pk for a in linked], kind=Attachment.Kind.PHOTO)
        .select_related("activity")
        .order_by("activity__start_date", "pk")[:24]
    )
    events = list(exemplar.events.order_by("-at", "-pk")[:100])
    may_edit = access.can(Right.MANAGE_EMULATION) or (access.can(Right.ENTER_ACTIVITIES) and exemplar.is_open)
    return render(
        request,
        "emulation/exemplar.html",
        {
            "exemplar": exemplar,
            "linked": linked,
            "hidden": hidden,
            "totals": totals,
            "counted": counted,
            "not_counted": len(linked) + hidden - counted,
            "measures": [MEASURES[m] for m in (*services.ACHIEVEMENT_MEASURES, "beneficiaries", "participants")],
            "returned_note": next((e.note for e in events if e.action == ExemplarEvent.Action.RETURNED), ""),
            "recognitions": list(exemplar.recognitions.select_related("by")),
            "events": events,
            "photos": photos,
            "evidence_photos": evidence_photos,
            "may_edit": may_edit,
            "can_manage": access.can(Right.MANAGE_EMULATION),
            "evaluate_form": EvaluateForm() if access.can(Right.MANAGE_EMULATION) else None,
            "commendations": list(exemplar.commendations.select_related("proposal__programme")),
        },
    )


@require_http_methods(["GET", "POST"])
@committee_view
def exemplar_evidence(request, committee: str, exemplar_id: int, *, access: Access):
    """Choose the activities that are the entry's evidence: those of its
    unit (and the units below it) that this user sees."""
    exemplar = _exemplar(access, exemplar_id)
    if not (access.can(Right.MANAGE_EMULATION) or (access.can(Right.ENTER_ACTIVITIES) and exemplar.is_open)):
        raise PermissionDenied
    unit = exemplar.unit
    candidates = (
        scope_activities(access)
        .filter(Q(lead_unit__path__startswith=unit.path) | Q(participating_units__path__startswith=unit.path))
        .distinct()
        .select_related("category", "lead_unit")
        .order_by("-start_date", "pk")
    )
    year = parse_id(request.GET.get("year"))
    if year:
        candidates = candidates.filter(programme__year=year)
    linked = set(exemplar.activities.values_list("pk", flat=True))
    if request.method == "POST":
        ids = [parse_id(v) for v in request.POST.getlist("activity")]
        if any(i is None for i in ids):
            messages.error(request, _("The list of activities sent is not valid; nothing was changed."))
            return redirect("emulation:exemplar_evidence", committee=committee, exemplar_id=exemplar.pk)
        shown = {parse_id(v) for v in request.POST.getlist("shown")} - {None}
        keep = (linked - shown) | set(ids)
        try:
            services.exemplar_save(
                access=access, user=request.user, data={}, activity_ids=sorted(keep), exemplar_id=exemplar.pk
            )
        except ValidationError as error:
            flash_errors(request, error)
            return redirect("emulation:exemplar_evidence", committee=committee, exemplar_id=exemplar.pk)
        messages.success(request, _("The evidence is saved."))
        return redirect("emulation:exemplar", committee=committee, exemplar_id=exemplar.pk)
    rows = list(candidates[:300])
    return render(
        request,
        "emulation/evidence.html",
        {"exemplar": exemplar, "rows": rows, "linked": linked, "year": year, "more": candidates.count() > len(rows)},
    )


@require_POST
@committee_view
def exemplar_evaluate(request, committee: str, exemplar_id: int, *, access: Access):
    exemplar = _exemplar(access, exemplar_id)
    access.require(Right.MANAGE_EMULATION)
    form = EvaluateForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    else:
        d = form.cleaned_data
        try:
            services.exemplar_evaluate(
                access=access,
                user=request.user,
                exemplar_id=exemplar.pk,
                decision=d["decision"],
                level=d["level"],
                year=d["year"],
                reference=d["reference"],
                assessment=d["assessment"],
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(
                request,
                _("Recognised.") if d["decision"] == "recognise" else _("Returned to the unit with your reason."),
            )
    return redirect("emulation:exemplar", committee=committee, exemplar_id=exemplar.pk)


@require_POST
@committee_view
def exemplar_replicate(request, committee: str, exemplar_id: int, *, access: Access):
    exemplar = _exemplar(access, exemplar_id)
    access.require(Right.MANAGE_EMULATION)
    try:
        services.exemplar_replicate(
            access=access, user=request.user, exemplar_id=exemplar.pk, note=request.POST.get("note", "")
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Marked as replicated."))
    return redirect("emulation:exemplar", committee=committee, exemplar_id=exemplar.pk)


@require_POST
@committee_view
def exemplar_photo_add(request, committee: str, exemplar_id: int, *, access: Access):
    exemplar = _exemplar(access, exemplar_id)
    upload = request.FILES.get("photo")
    if upload is None:
        messages.error(request, _("Choose a photo to upload."))
    else:
        try:
            services.exemplar_photo_add(
                access=access,
                user=request.user,
                exemplar_id=exemplar.pk,
                upload=upload,
                caption=request.POST.get("caption", ""),
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("The photo is added."))
    return redirect("emulation:exemplar", committee=committee, exemplar_id=exemplar.pk)


@require_GET
@committee_view
def exemplar_photo(request, committee: str, exemplar_id: int, photo_id: int, *, access: Access):
    exemplar = _exemplar(access, exemplar_id)
    photo = get_object_or_404(exemplar.photos, pk=photo_id)
    thumbnail = request.GET.get("size") == "small" and photo.thumbnail
    try:
        handle = (photo.thumbnail if thumbnail else photo.file).open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return file_download(
        handle,
        content_type="image/jpeg" if thumbnail else photo.content_type,
        filename=None if thumbnail else photo.original_name,
    )


# -- commendation lists -------------------------------------------------------------


def _may_see_lists(access: Access) -> None:
    if not (access.can(Right.MANAGE_EMULATION) or access.can(Right.DOWNLOAD_REPORTS)):
        raise PermissionDenied


def _proposal(access: Access, proposal_id: int) -> CommendationProposal:
    _may_see_lists(access)
    return get_object_or_404(
        CommendationProposal.objects.select_related("programme", "period", "policy_document"),
        pk=proposal_id,
        committee=access.committee,
    )


@require_http_methods(["GET", "POST"])
@committee_view
def commendations(request, committee: str, *, access: Access):
    """The commendation lists of the committee's reviews; the standing
    office starts the list of a review here."""
    _may_see_lists(access)
    programmes = list(Programme.objects.filter(committee=access.committee).order_by("-year"))
    if request.method == "POST":
        access.require(Right.MANAGE_EMULATION)
        review = request.POST.get("review", "")
        kind, _sep, ident = review.partition(":")
        ident = parse_id(ident)
        try:
            if kind == "year" and ident:
                proposal = services.proposal_open(access=access, user=request.user, programme_id=ident)
            elif kind == "period" and ident:
                programme = Programme.objects.filter(committee=access.committee, periods__pk=ident).first()
                if programme is None:
                    raise ValidationError(_("Choose the review the list is for."))
                proposal = services.proposal_open(
                    access=access, user=request.user, programme_id=programme.pk, period_id=ident
                )
            elif kind == "document" and ident:
                doc = PolicyDocument.objects.filter(committee=access.committee, pk=ident).first()
                programme = (
                    Programme.objects.filter(committee=access.committee, year__lte=doc.period_end)
                    .order_by("-year")
                    .first()
                    if doc
                    else None
                )
                if programme is None:
                    raise ValidationError(_("Choose the review the list is for."))
                proposal = services.proposal_open(
                    access=access, user=request.user, programme_id=programme.pk, document_id=doc.pk
                )
            else:
                raise ValidationError(_("Choose the review the list is for."))
        except ValidationError as error:
            flash_errors(request, error)
            return redirect("emulation:commendations", committee=committee)
        return redirect("emulation:proposal", committee=committee, proposal_id=proposal.pk)
    lists = list(
        CommendationProposal.objects.filter(committee=access.committee)
        .select_related("programme", "period", "policy_document")
        .annotate(
            collectives=Count("entries", filter=Q(entries__recipient="collective")),
            individuals=Count("entries", filter=Q(entries__recipient="individual")),
        )
        .order_by("-programme__year", "pk")
    )
    reviews = []
    for p in programmes:
        reviews.append((f"year:{p.pk}", f"Tổng kết năm {p.year}"))
        for period in p.periods.exclude(kind="year").order_by("start"):
            reviews.append((f"period:{period.pk}", f"Sơ kết, đánh giá: {period.name}"))
    for doc in PolicyDocument.objects.filter(committee=access.committee).order_by("-period_end"):
        reviews.append(
            (
                f"document:{doc.pk}",
                f"Tổng kết {doc.kind_word} {doc.number_symbol} ({doc.period_start}–{doc.period_end})",
            )
        )
    return render(
        request,
        "emulation/commendations.html",
        {"lists": lists, "reviews": reviews, "can_manage": access.can(Right.MANAGE_EMULATION)},
    )


@require_http_methods(["GET", "POST"])
@committee_view
def proposal_detail(request, committee: str, proposal_id: int, *, access: Access):
    proposal = _proposal(access, proposal_id)
    can_manage = access.can(Right.MANAGE_EMULATION)
    form = EntryForm(request.POST or None, access=access) if can_manage and proposal.is_editable else None
    if request.method == "POST":
        access.require(Right.MANAGE_EMULATION)
        if form is None:
            messages.error(request, _("The list is approved by the co-chairs and can no longer be changed."))
            return redirect("emulation:proposal", committee=committee, proposal_id=proposal.pk)
        if form.is_valid():
            try:
                services.entry_save(access=access, user=request.user, proposal_id=proposal.pk, data=_entry_data(form))
            except ValidationError as error:
                form_errors(form, error)
            else:
                messages.success(request, _("Added to the list."))
                return redirect("emulation:proposal", committee=committee, proposal_id=proposal.pk)
    entries = list(proposal.entries.select_related("unit", "exemplar").order_by("pk"))
    decide_url = reverse("emulation:proposal_decide", args=[committee, proposal.pk])
    printed = list(
        ReportRun.objects.filter(proposal_link__proposal=proposal)
        .select_related("requested_by")
        .order_by("-requested_at")
    )
    return render(
        request,
        "emulation/proposal.html",
        {
            "proposal": proposal,
            "entries": entries,
            "form": form,
            "can_manage": can_manage,
            "can_order": access.can(Right.ORDER_REPORTS),
            "printed": printed,
            "committee_entries": sum(1 for e in entries if e.form == Form.COMMITTEE),
            "approvals_history": list(proposal.approvals.select_related("body").order_by("-at", "-pk")[:50]),
            **approvals.signoff(access, request.user, proposal, decide_url),
        },
    )


def _entry_data(form: EntryForm) -> dict:
    return {name: form.cleaned_data[name] for name in EntryForm.Meta.fields}


@require_http_methods(["GET", "POST"])
@committee_view
def entry_edit(request, committee: str, proposal_id: int, entry_id: int, *, access: Access):
    proposal = _proposal(access, proposal_id)
    access.require(Right.MANAGE_EMULATION)
    entry = get_object_or_404(proposal.entries, pk=entry_id)
    if not proposal.is_editable:
        messages.error(request, _("The list is approved by the co-chairs and can no longer be changed."))
        return redirect("emulation:proposal", committee=committee, proposal_id=proposal.pk)
    form = EntryForm(request.POST or None, instance=entry, access=access)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_save(
                access=access, user=request.user, proposal_id=proposal.pk, data=_entry_data(form), entry_id=entry.pk
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("emulation:proposal", committee=committee, proposal_id=proposal.pk)
    return render(request, "emulation/entry_form.html", {"proposal": proposal, "entry": entry, "form": form})


def _list_action(request, committee: str, proposal_id: int, access: Access, action, done: str):
    proposal = _proposal(access, proposal_id)
    try:
        result = action(proposal)
    except ValidationError as error:
        flash_errors(request, error)
    except CommendationEntry.DoesNotExist:
        raise Http404 from None
    else:
        messages.success(request, done if not callable(done) else done(result))
    return redirect("emulation:proposal", committee=committee, proposal_id=proposal.pk)


@require_POST
@committee_view
def entry_delete(request, committee: str, proposal_id: int, entry_id: int, *, access: Access):
    return _list_action(
        request,
        committee,
        proposal_id,
        access,
        lambda p: services.entry_delete(access=access, user=request.user, proposal_id=p.pk, entry_id=entry_id),
        _("Removed from the list."),
    )


@require_POST
@committee_view
def proposal_fill(request, committee: str, proposal_id: int, *, access: Access):
    return _list_action(
        request,
        committee,
        proposal_id,
        access,
        lambda p: services.proposal_fill(access=access, user=request.user, proposal_id=p.pk),
        lambda added: (
            _("%(count)s collectives and individuals were drafted from the results; check and edit them.")
            % {"count": added}
            if added
            else _("Nothing was added: the units with results are already on the list.")
        ),
    )


@require_POST
@committee_view
def proposal_grounds(request, committee: str, proposal_id: int, *, access: Access):
    return _list_action(
        request,
        committee,
        proposal_id,
        access,
        lambda p: services.proposal_save_grounds(
            access=access, user=request.user, proposal_id=p.pk, grounds=request.POST.get("grounds", "")
        ),
        _("The grounds are saved."),
    )


@require_POST
@committee_view
def proposal_submit(request, committee: str, proposal_id: int, *, access: Access):
    return _list_action(
        request,
        committee,
        proposal_id,
        access,
        lambda p: services.proposal_submit(access=access, user=request.user, proposal_id=p.pk),
        _("The list is sent to the co-chairs for approval."),
    )


@require_POST
@committee_view
def proposal_decide(request, committee: str, proposal_id: int, *, access: Access):
    proposal = _proposal(access, proposal_id)
    try:
        services.proposal_decide(
            access=access,
            user=request.user,
            proposal_id=proposal.pk,
            seen_hash=request.POST.get("text_hash", ""),
            decision=request.POST.get("decision", "approved"),
            comment=request.POST.get("comment", ""),
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        proposal.refresh_from_db()
        if proposal.status == CommendationProposal.Status.APPROVED:
            messages.success(
                request, _("The commendation list is approved; the proposal and the decision can be printed.")
            )
        elif proposal.status == CommendationProposal.Status.RETURNED:
            messages.success(request, _("The list was returned to the standing office with your comment."))
        else:
            messages.success(request, _("Your approval is recorded; the list waits for the other co-chair."))
    return redirect("emulation:proposal", committee=committee, proposal_id=proposal.pk)


@require_POST
@committee_view
def proposal_print(request, committee: str, proposal_id: int, *, access: Access):
    """Prints the proposal (Tờ trình) or the decision (Quyết định) of an
    approved list through the report workers."""
    proposal = _proposal(access, proposal_id)
    access.require(Right.ORDER_REPORTS)
    kind = request.POST.get("kind")
    back = redirect("emulation:proposal", committee=committee, proposal_id=proposal.pk)
    if kind not in (ReportRun.Kind.COMMENDATION_PROPOSAL, ReportRun.Kind.COMMENDATION_DECISION):
        messages.error(request, _("Choose whether to print the proposal or the decision."))
        return back
    if proposal.status != CommendationProposal.Status.APPROVED:
        messages.error(request, _("The list is printed once both co-chairs have approved it."))
        return back
    if kind == ReportRun.Kind.COMMENDATION_DECISION and not proposal.entries.filter(form=Form.COMMITTEE).exists():
        messages.error(
            request,
            _(
                "No one on the list is proposed for the committee's own certificate of merit, so the committee "
                "has no decision to issue; the other forms are awarded by the bodies the proposal is sent to."
            ),
        )
        return back
    meta = documents.default_meta(access.committee, proposal.programme, kind="conclusions")
    if kind == ReportRun.Kind.COMMENDATION_PROPOSAL and request.POST.get("joint"):
        # the proposal of a joint committee, signed by the heads of both co-running bodies
        blocks = documents.joint_signatures(access.committee, timezone.localdate())
        if len(blocks) < 2:
            messages.error(
                request,
                _(
                    "A joint signature needs two co-running bodies, each with its head on the committee; "
                    "record them on the committee page first."
                ),
            )
            return back
        meta["joint_signatures"] = blocks
    try:
        run = runs.report_request(
            access=access,
            user=request.user,
            programme_id=proposal.programme_id,
            kind=kind,
            meta=meta,
            options={},
            subject=proposal,
        )
    except ValidationError as error:
        flash_errors(request, error)
        return back
    return redirect("reports:run", committee=committee, run_id=run.pk)
