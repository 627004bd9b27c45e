from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.permissions import Access, Right
from programmes.models import Programme, ProgrammeTask, ReportingPeriod, Target, presets

# Which status each action moves a programme to, and from where.
TRANSITIONS = {
    "activate": ((Programme.Status.PLANNING,), Programme.Status.ACTIVE, Right.MANAGE_PROGRAMME),
    "close": ((Programme.Status.ACTIVE,), Programme.Status.CLOSED, Right.MANAGE_PROGRAMME),
    "reopen": ((Programme.Status.CLOSED,), Programme.Status.ACTIVE, Right.REOPEN_YEAR),
}


@transaction.atomic
def programme_change_status(*, access: Access, user, programme_id: int, action: str) -> Programme:
    """Activates, closes (locks the year's activities) or reopens a
    programme; the change is kept in the programme's history."""
    if action not in TRANSITIONS:
        raise ValidationError(_("Unknown action."))
    allowed_from, target, right = TRANSITIONS[action]
    access.require(right)
    programme = Programme.objects.select_for_update().get(pk=programme_id, committee=access.committee)
    if programme.status not in allowed_from:
        raise ValidationError(
            _("The programme is %(status)s; this is not possible now.")
            % {"status": programme.get_status_display().lower()}
        )
    programme.status = target
    programme.status_changed_by = user
    programme.status_changed_at = timezone.now()
    programme._history_user = user
    programme.full_clean(validate_constraints=False)
    programme.save()
    return programme


def _next_year(day):
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _current(unit):
    """A unit renamed or merged since: its successor carries the work on."""
    while unit is not None and unit.valid_to is not None and unit.successor_id:
        unit = unit.successor
    return unit


@transaction.atomic
def programme_copy_forward(*, access: Access, user, programme_id: int) -> Programme:
    """Next year's programme from this one: its contents (due dates a year
    later, progress reset, units as they are now) and targets, to edit."""
    access.require(Right.MANAGE_PROGRAMME)
    source = Programme.objects.get(pk=programme_id, committee=access.committee)
    year = source.year + 1
    if Programme.objects.filter(committee=access.committee, year=year).exists():
        raise ValidationError(_("The %(year)s programme already exists.") % {"year": year})
    title = source.title.replace(str(source.year), str(year)) if str(source.year) in source.title else source.title
    target = Programme(committee=access.committee, year=year, title=title, status=Programme.Status.PLANNING)
    target._history_user = user
    target.full_clean(validate_constraints=False)
    target.save()
    target.policy_documents.set(source.policy_documents.all())
    for task in source.tasks.select_related("lead_unit__successor").prefetch_related("supporting_units"):
        copy = ProgrammeTask.objects.create(
            programme=target,
            order=task.order,
            title=task.title,
            description=task.description,
            lead_unit=_current(task.lead_unit),
            due_date=_next_year(task.due_date),
            progress=0,
        )
        copy.supporting_units.set([_current(u) for u in task.supporting_units.all()])
    for t in source.targets.select_related("unit__successor"):
        copy = Target(
            programme=target,
            category_id=t.category_id,
            measure=t.measure,
            target_value=t.target_value,
            unit=_current(t.unit),
        )
        copy._history_user = user
        copy.save()
    return target


# -- reporting periods ---------------------------------------------------------
def _period(access: Access, period_id: int) -> ReportingPeriod:
    return ReportingPeriod.objects.select_related("programme").get(pk=period_id, programme__committee=access.committee)


@transaction.atomic
def periods_add_usual(*, access: Access, user, programme_id: int) -> int:
    """Adds the usual periods (first half, quarters, year, Tết campaign) the
    programme does not have yet; returns how many were added."""
    access.require(Right.MANAGE_PROGRAMME)
    programme = Programme.objects.select_for_update().get(pk=programme_id, committee=access.committee)
    if programme.is_closed:
        raise ValidationError(_("The %(year)s programme year is closed.") % {"year": programme.year})
    have = set(programme.periods.values_list("kind", flat=True))
    names = set(programme.periods.values_list("name", flat=True))
    added = 0
    for period in presets(programme):
        if period.kind in have or period.name in names:
            continue
        period._history_user = user
        period.full_clean()
        period.save()
        added += 1
    return added


@transaction.atomic
def period_save(*, access: Access, user, period: ReportingPeriod) -> ReportingPeriod:
    access.require(Right.MANAGE_PROGRAMME)
    programme = Programme.objects.select_for_update().get(pk=period.programme_id, committee=access.committee)
    if programme.is_closed:
        raise ValidationError(_("The %(year)s programme year is closed.") % {"year": programme.year})
    if period.pk and ReportingPeriod.objects.filter(pk=period.pk, locked_at__isnull=False).exists():
        raise ValidationError(_("The period is locked; reopen it before changing it."))
    period._history_user = user
    period.full_clean()
    period.save()
    return period


@transaction.atomic
def period_lock(*, access: Access, user, period_id: int, note: str = "") -> ReportingPeriod:
    """Freezes the period's figures. The programme row is taken for update
    first, so activity writes under way finish before and later ones see the
    lock (programmes/locks.py)."""
    access.require(Right.MANAGE_PROGRAMME)
    period = _period(access, period_id)
    Programme.objects.select_for_update().get(pk=period.programme_id)
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.is_locked:
        raise ValidationError(_("The period is already locked."))
    period.locked_at = timezone.now()
    period.locked_by = user
    period.lock_note = (note or "").strip()[:500]
    period._history_user = user
    period.save()
    return period


@transaction.atomic
def period_reopen(*, access: Access, user, period_id: int, reason: str) -> ReportingPeriod:
    """Unfreezes a locked period; who, when and why stay in its history."""
    access.require(Right.REOPEN_YEAR)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for reopening the period.")})
    period = _period(access, period_id)
    Programme.objects.select_for_update().get(pk=period.programme_id)
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if not period.is_locked:
        raise ValidationError(_("The period is not locked."))
    period.locked_at = None
    period.locked_by = None
    period.lock_note = reason[:500]
    period._history_user = user
    period.save()
    return period


def locked_period_for(programme_id: int, days) -> ReportingPeriod | None:
    """The first locked period of the programme that holds one of the days."""
    q = Q()
    for day in {d for d in days if d}:
        q |= Q(start__lte=day, end__gte=day)
    if not q:
        return None
    return (
        ReportingPeriod.objects.filter(programme_id=programme_id, locked_at__isnull=False)
        .filter(q)
        .order_by("start")
        .first()
    )
