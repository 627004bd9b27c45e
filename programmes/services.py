from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.permissions import Access, Right
from programmes.models import Programme, ProgrammeTask, Target

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
