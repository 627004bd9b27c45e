"""Writes on activities: create, edit with optimistic locking, the review
workflow, attachments. Each service checks rights and scope itself, runs
full_clean() and owns its transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.files import check_upload, store
from activities.models import Activity, Attachment
from activities.selectors import HistoryChange, changes_between, check_queue, editable_activities, needs_check
from coordination.permissions import Access, Right, scope_units
from programmes.locks import hold
from programmes.measures import QUANTITY_FIELDS
from programmes.models import Programme
from programmes.services import locked_period_for

Status = Activity.Status

# Fields a user edits on the form (participating units are handled apart).
EDITABLE_FIELDS = (
    "programme",
    "category",
    "title",
    "description",
    "start_date",
    "end_date",
    "lead_unit",
    "locality",
    *QUANTITY_FIELDS,
    "funding_state",
    "funding_social",
    "funding_units",
)


class StaleVersion(Exception):
    """Someone saved the activity after the form was opened."""

    def __init__(self, activity: Activity, changes: list[HistoryChange], by, at):
        super().__init__("stale version")
        self.activity = activity
        self.changes = changes
        self.by = by
        self.at = at


def ensure_open(programme: Programme) -> None:
    """Refuses a closed programme. Writers call hold_open() instead, which
    reads the programme under its lock first."""
    if programme.is_closed:
        raise ValidationError(
            _(
                "The %(year)s programme year is closed: its activities can no longer be changed. "
                "Ask the standing office to reopen it."
            )
            % {"year": programme.year}
        )


def hold_open(*programme_ids: int | None) -> None:
    """Locks the programmes (see programmes/locks.py) and refuses the write if
    one of them is closed, so a close cannot land between the check and the
    write."""
    for programme in hold(*programme_ids):
        ensure_open(programme)


def refuse_locked(programme_id: int | None, *days) -> None:
    """Refuses a change to an activity dated in a locked reporting period:
    that period's figures are frozen. Called after hold_open(), under the
    programme row's lock, which period_lock() also takes."""
    period = locked_period_for(programme_id, days) if programme_id else None
    if period is not None:
        raise ValidationError(
            _(
                "The reporting period “%(period)s” (%(start)s–%(end)s) is locked: its figures are frozen and "
                "activities dated in it cannot be changed. Ask the standing office to reopen it if needed."
            )
            % {
                "period": period.name,
                "start": period.start.strftime("%d/%m/%Y"),
                "end": period.end.strftime("%d/%m/%Y"),
            }
        )


def _check_scope(access: Access, activity: Activity, participating_units) -> None:
    allowed_units = scope_units(access)
    if activity.lead_unit_id and not allowed_units.filter(pk=activity.lead_unit_id).exists():
        raise ValidationError({"lead_unit": _("You cannot enter activities for this unit.")})
    if activity.programme.committee_id != access.committee.pk:
        raise ValidationError({"programme": _("This programme belongs to another committee.")})
    foreign = [u for u in participating_units if u.committee_id != access.committee.pk]
    if foreign:
        raise ValidationError({"participating_units": _("A participating unit belongs to another committee.")})


def _zero_inapplicable_measures(activity: Activity) -> None:
    """A category records only some measures; values typed before the user
    switched category must not count in another category's totals."""
    if activity.category_id is None:
        return
    applicable = set(activity.category.measures)
    for name in QUANTITY_FIELDS:
        if name not in applicable:
            setattr(activity, name, 0)


def _require_complete(activity: Activity) -> None:
    missing = activity.missing_for_submission()
    if missing:
        # On each field left empty, so the form marks it; the summary names them all.
        raise ValidationError({name: Activity.needed_to_submit(name) for name in missing})


def _mark_submitted(activity: Activity, user) -> None:
    _require_complete(activity)
    activity.status = Status.SUBMITTED
    activity.submitted_by = user
    activity.submitted_at = timezone.now()
    activity.submitted_version = activity.version
    activity.return_reason = ""  # the earlier reason stays in the history
    activity.checked_by, activity.checked_at = None, None  # sent again: checked again


def _save(activity: Activity, user) -> None:
    activity._history_user = user
    activity.full_clean(validate_constraints=False, validate_unique=False)
    activity.save()


@transaction.atomic
def activity_create(*, access: Access, user, fields: dict, participating_units=(), submit: bool = False) -> Activity:
    access.require(Right.ENTER_ACTIVITIES)
    activity = Activity(created_by=user, **fields)
    hold_open(activity.programme_id)
    refuse_locked(activity.programme_id, activity.start_date)
    _check_scope(access, activity, participating_units)
    _zero_inapplicable_measures(activity)
    if submit:
        _mark_submitted(activity, user)
    _save(activity, user)
    if participating_units:
        activity.participating_units.set(participating_units)
    return activity


def changes_since(activity: Activity, version: int) -> list[HistoryChange]:
    """What differs between the version a user started from and now, with
    the values named as people read them."""
    return changes_between(activity, version)


@transaction.atomic
def activity_update(
    *,
    access: Access,
    user,
    activity_id: int,
    expected_version: int,
    fields: dict,
    participating_units=(),
    submit: bool = False,
) -> Activity:
    current = editable_activities(access).values_list("programme_id", flat=True).get(pk=activity_id)
    moved_to = getattr(fields.get("programme"), "pk", None)
    hold_open(current, moved_to)  # both the year it leaves and the year it moves to
    activity = editable_activities(access).select_for_update().get(pk=activity_id)
    if activity.programme_id != current:  # moved by someone else in between
        hold_open(activity.programme_id)
    refuse_locked(activity.programme_id, activity.start_date)
    _claim_version(activity, expected_version)
    for name, value in fields.items():
        setattr(activity, name, value)
    refuse_locked(activity.programme_id, activity.start_date)
    _check_scope(access, activity, participating_units)
    _zero_inapplicable_measures(activity)
    if submit and activity.status in (Status.DRAFT, Status.RETURNED):
        _mark_submitted(activity, user)
    elif activity.status == Status.SUBMITTED:
        _require_complete(activity)
    _save(activity, user)
    activity.participating_units.set(participating_units)
    return activity


def _claim_version(activity: Activity, expected: int) -> None:
    """Moves the row from `expected` to the next version, or reports who
    changed it since. The conditional UPDATE is what serializes two savers
    (on SQLite too, where SELECT ... FOR UPDATE does nothing)."""
    claimed = Activity.objects.filter(pk=activity.pk, version=expected).update(version=expected + 1)
    if not claimed:
        activity.refresh_from_db()
        last = activity.history.order_by("-history_date").first()
        raise StaleVersion(
            activity,
            changes_since(activity, expected),
            getattr(last, "history_user", None),
            getattr(last, "history_date", None),
        )
    activity.version = expected + 1


def _locked(access: Access, activity_id: int, *, counts: bool = True) -> Activity:
    """The activity, locked after its programme (always in that order), in
    an open year; when the change `counts` in the figures, not dated in a
    locked reporting period."""
    programme_id = editable_activities(access).values_list("programme_id", flat=True).get(pk=activity_id)
    hold_open(programme_id)
    activity = editable_activities(access).select_for_update().select_related("programme").get(pk=activity_id)
    if activity.programme_id != programme_id:
        hold_open(activity.programme_id)
    if counts:
        refuse_locked(activity.programme_id, activity.start_date)
    return activity


def _transition(
    access: Access, user, activity_id: int, allowed_from: tuple[str, ...], right: str, seen_version: int | None = None
) -> Activity:
    """Moves an activity on in the workflow. A reviewer's decision is bound
    to the version the reviewer saw (`seen_version`): if the activity was
    changed since, nothing happens and StaleVersion says what changed."""
    access.require(right)
    activity = _locked(access, activity_id)
    if activity.status not in allowed_from:
        raise ValidationError(
            _("This activity is %(status)s; the action is not possible now.")
            % {"status": activity.get_status_display().lower()}
        )
    _claim_version(activity, activity.version if seen_version is None else seen_version)
    return activity


@transaction.atomic
def activity_submit(*, access: Access, user, activity_id: int) -> Activity:
    activity = _transition(access, user, activity_id, (Status.DRAFT, Status.RETURNED), Right.ENTER_ACTIVITIES)
    _mark_submitted(activity, user)
    _save(activity, user)
    return activity


@transaction.atomic
def activity_bulk_submit(*, access: Access, user, ids: list[int]) -> int:
    """Sends the ticked drafts (and returned ones) of the user's units for
    review; returns how many. If one of them lacks what sending needs, none
    is sent and the message names each one with what it lacks."""
    access.require(Right.ENTER_ACTIVITIES)
    candidates = list(
        editable_activities(access)
        .filter(pk__in=ids, status__in=(Status.DRAFT, Status.RETURNED))
        .exclude(programme__status=Programme.Status.CLOSED)
        .order_by("start_date", "id")
        .values_list("pk", "title")
    )
    problems = []
    for pk, title in candidates:
        try:
            with transaction.atomic():
                activity_submit(access=access, user=user, activity_id=pk)
        except ValidationError as error:
            problems.append(f"“{title}”: {' '.join(error.messages)}")
    if problems:
        raise ValidationError([_("Nothing was sent.")] + problems)
    return len(candidates)


@transaction.atomic
def activity_withdraw(*, access: Access, user, activity_id: int, seen_version: int) -> Activity:
    """The unit takes a submitted activity back to draft to change it at
    leisure; the step is kept in the history and the office no longer sees
    it in the queue."""
    activity = _transition(access, user, activity_id, (Status.SUBMITTED,), Right.ENTER_ACTIVITIES, seen_version)
    activity.status = Status.DRAFT
    activity.submitted_version = None
    _save(activity, user)
    return activity


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for returning the activity.")})
    return reason[:2000]


def _send_back(activity: Activity, user, reason: str) -> Activity:
    """Back to the unit that entered it, with the reason (each reason stays
    in the history); checked again once it is sent again."""
    activity.status = Status.RETURNED
    activity.return_reason = reason
    activity.reviewed_by = user
    activity.reviewed_at = timezone.now()
    activity.checked_by, activity.checked_at = None, None
    _save(activity, user)
    return activity


@transaction.atomic
def activity_return(*, access: Access, user, activity_id: int, reason: str, seen_version: int) -> Activity:
    reason = _reason(reason)
    activity = _transition(
        access, user, activity_id, (Status.SUBMITTED, Status.CONFIRMED), Right.REVIEW_ACTIVITIES, seen_version
    )
    return _send_back(activity, user, reason)


def waits_for_check(activity: Activity) -> bool:
    return (
        activity.checked_at is None
        and Activity.objects.filter(pk=activity.pk).filter(needs_check(activity.programme.committee_id)).exists()
    )


@transaction.atomic
def activity_confirm(*, access: Access, user, activity_id: int, seen_version: int) -> Activity:
    activity = _transition(access, user, activity_id, (Status.SUBMITTED,), Right.REVIEW_ACTIVITIES, seen_version)
    if waits_for_check(activity):
        raise ValidationError(
            _("This activity waits for its middle level's check first; it reaches the standing office once checked.")
        )
    _require_complete(activity)
    activity.status = Status.CONFIRMED
    activity.return_reason = ""
    activity.reviewed_by = user
    activity.reviewed_at = timezone.now()
    _save(activity, user)
    return activity


def _locked_for_check(access: Access, activity_id: int, seen_version: int) -> Activity:
    access.require(Right.CHECK_SUBUNITS)
    queue = check_queue(access)
    programme_id = queue.values_list("programme_id", flat=True).get(pk=activity_id)
    hold_open(programme_id)
    activity = Activity.objects.select_for_update().select_related("programme").get(pk=activity_id)
    if activity.status != Status.SUBMITTED or activity.checked_at is not None:
        raise ValidationError(_("The activity is no longer waiting for the check."))
    refuse_locked(activity.programme_id, activity.start_date)
    _claim_version(activity, seen_version)
    return activity


@transaction.atomic
def activity_check(*, access: Access, user, activity_id: int, seen_version: int) -> Activity:
    """The middle level confirms its sub-unit's activity: it goes on to the
    standing office, whose confirmation alone makes it count."""
    activity = _locked_for_check(access, activity_id, seen_version)
    _require_complete(activity)
    activity.checked_by, activity.checked_at = user, timezone.now()
    _save(activity, user)
    return activity


@transaction.atomic
def activity_check_return(*, access: Access, user, activity_id: int, reason: str, seen_version: int) -> Activity:
    """The middle level returns it to the unit that entered it, with the
    reason (kept in the history beside any later one of the office)."""
    reason = _reason(reason)
    return _send_back(_locked_for_check(access, activity_id, seen_version), user, reason)


@transaction.atomic
def activity_bulk_confirm(*, access: Access, user, seen: dict[int, int]) -> int:
    """Confirms the submitted ones among the ticked activities, each at the
    version the reviewer saw ({id: version}); returns how many. If any of
    them changed since the queue was shown, none is confirmed."""
    access.require(Right.REVIEW_ACTIVITIES)
    ids = list(
        editable_activities(access)
        .filter(pk__in=list(seen), status=Status.SUBMITTED)
        .exclude(needs_check(access.committee) & Q(checked_at__isnull=True))
        .exclude(programme__status=Programme.Status.CLOSED)
        .values_list("pk", flat=True)
    )
    for pk in ids:
        activity_confirm(access=access, user=user, activity_id=pk, seen_version=seen[pk])
    return len(ids)


@transaction.atomic
def activity_delete(*, access: Access, user, activity_id: int) -> None:
    activity = _locked(access, activity_id)
    if activity.status not in (Status.DRAFT, Status.RETURNED):
        raise PermissionDenied
    activity._history_user = user
    activity.delete()


@transaction.atomic
def attachment_add(*, access: Access, user, activity_id: int, upload, caption: str = ""):
    """Stores a checked upload; the thumbnail of a photo is made now."""
    activity = _locked(access, activity_id, counts=False)  # a photo changes no figure
    filetype, data = check_upload(upload)
    attachment = Attachment(activity=activity, kind=filetype.kind)
    store(attachment, upload, filetype, data, caption=caption, user=user)
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, access: Access, user, attachment_id: int) -> None:
    attachment = Attachment.objects.select_related("activity__programme").get(
        pk=attachment_id, activity__in=editable_activities(access)
    )
    hold_open(attachment.activity.programme_id)
    attachment.delete()
