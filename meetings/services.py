"""Writes to meetings: scheduling, agenda, attendance and follow-ups."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import Member
from coordination.permissions import Access, Right
from kit.text import has_control_characters
from meetings.models import AgendaItem, Attendee, FollowUp, Meeting
from reports.models import ReportRun


@transaction.atomic
def meeting_save(*, access: Access, user, meeting: Meeting | None, fields: dict, co_chairs) -> Meeting:
    access.require(Right.MANAGE_MEETINGS)
    meeting = meeting or Meeting(committee=access.committee)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.full_clean(validate_constraints=False)
    meeting.save()
    meeting.co_chairs.set(co_chairs)
    if not meeting.attendees.exists():  # every current member is invited
        Attendee.objects.bulk_create(
            Attendee(meeting=meeting, member=m, unit=m.unit, present=True)
            for m in Member.objects.filter(committee=access.committee, term_end__isnull=True)
        )
    return meeting


def _agenda_fields(access: Access, title: str, presenter_id: int | None, report_run_id: int | None) -> dict:
    """An agenda item's fields, each checked to belong to the committee."""
    presenter = Member.objects.filter(pk=presenter_id, committee=access.committee).first() if presenter_id else None
    document = (
        ReportRun.objects.filter(
            pk=report_run_id, programme__committee=access.committee, status=ReportRun.Status.DONE
        ).first()
        if report_run_id
        else None
    )
    if has_control_characters(title):
        raise ValidationError(_("The text contains control characters."))
    if not title.strip():
        raise ValidationError(_("Give the agenda item its title."))
    return {"title": title.strip(), "presenter": presenter, "report_run": document}


@transaction.atomic
def agenda_item_add(
    *, access: Access, meeting: Meeting, title: str, presenter_id: int | None, report_run_id: int | None = None
) -> AgendaItem:
    access.require(Right.MANAGE_MEETINGS)
    fields = _agenda_fields(access, title, presenter_id, report_run_id)
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # items are numbered one at a time
    order = (meeting.agenda_items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    item = AgendaItem(meeting=meeting, order=order, **fields)
    item.full_clean()
    item.save()
    return item


def _agenda_item(access: Access, item_id: int) -> AgendaItem:
    access.require(Right.MANAGE_MEETINGS)
    item = AgendaItem.objects.select_related("meeting").filter(pk=item_id, meeting__committee=access.committee).first()
    if item is None:
        raise AgendaItem.DoesNotExist
    Meeting.objects.select_for_update().filter(pk=item.meeting_id).first()
    return item


@transaction.atomic
def agenda_item_update(
    *, access: Access, item_id: int, title: str, presenter_id: int | None, report_run_id: int | None = None
) -> AgendaItem:
    item = _agenda_item(access, item_id)
    for name, value in _agenda_fields(access, title, presenter_id, report_run_id).items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_delete(*, access: Access, item_id: int) -> None:
    """Removes an item; those after it move up, so the numbers stay 1, 2, 3 …"""
    item = _agenda_item(access, item_id)
    meeting_id, order = item.meeting_id, item.order
    item.delete()
    for later in AgendaItem.objects.filter(meeting_id=meeting_id, order__gt=order).order_by("order"):
        AgendaItem.objects.filter(pk=later.pk).update(order=later.order - 1)


@transaction.atomic
def agenda_item_move(*, access: Access, item_id: int, step: int) -> None:
    """Swaps an item with the one above (step -1) or below (+1); nothing at either end."""
    item = _agenda_item(access, item_id)
    neighbour = (
        AgendaItem.objects.filter(meeting_id=item.meeting_id, order__lt=item.order).order_by("-order").first()
        if step < 0
        else AgendaItem.objects.filter(meeting_id=item.meeting_id, order__gt=item.order).order_by("order").first()
    )
    if neighbour is None:
        return
    # Through a free number: (meeting, order) is unique at every step.
    free = (AgendaItem.objects.filter(meeting_id=item.meeting_id).order_by("-order").first().order or 0) + 1
    AgendaItem.objects.filter(pk=item.pk).update(order=free)
    AgendaItem.objects.filter(pk=neighbour.pk).update(order=item.order)
    AgendaItem.objects.filter(pk=item.pk).update(order=neighbour.order)


@transaction.atomic
def attendance_save(*, access: Access, meeting: Meeting, present_ids: set[int]) -> None:
    access.require(Right.MANAGE_MEETINGS)
    for attendee in meeting.attendees.all():
        attendee.present = attendee.pk in present_ids
        attendee.save(update_fields=["present"])


@transaction.atomic
def follow_up_add(*, access: Access, meeting: Meeting, fields: dict) -> FollowUp:
    access.require(Right.MANAGE_MEETINGS)
    follow_up = FollowUp(meeting=meeting, **fields)
    if follow_up.assigned_unit.committee_id != access.committee.pk:
        raise ValidationError(_("The unit belongs to another committee."))
    follow_up.full_clean()
    follow_up.save()
    return follow_up


@transaction.atomic
def follow_up_set_status(*, access: Access, follow_up_id: int, status: str) -> FollowUp:
    """The standing office, or a secretary of the assigned unit, moves a
    follow-up along; done records when."""
    follow_up = (
        FollowUp.objects.select_related("assigned_unit")
        .select_for_update()
        .get(pk=follow_up_id, meeting__committee=access.committee)
    )
    mine = access.is_secretary and follow_up.assigned_unit_id in access.unit_ids
    if not (access.can(Right.MANAGE_MEETINGS) or mine):
        raise PermissionDenied
    if status not in FollowUp.Status.values:
        raise ValidationError(_("Unknown status."))
    follow_up.status = status
    follow_up.completed_at = timezone.now() if status == FollowUp.Status.DONE else None
    follow_up.save(update_fields=["status", "completed_at"])
    return follow_up


# -- views ---------------------------------------------------------------------
