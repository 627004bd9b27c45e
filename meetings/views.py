"""Meetings of the committee: scheduling, agenda, attendance, conclusions and
follow-up actions assigned to units."""

import calendar
import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coordination.models import Member
from coordination.permissions import Access, Right
from coordination.views import committee_view, flash_errors
from kit.fields import parse_id
from meetings.forms import FollowUpForm, MeetingForm
from meetings.kinds import concerned_units
from meetings.models import AgendaItem, FollowUp, Meeting
from meetings.services import (
    agenda_item_add,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_update,
    attendance_save,
    follow_up_add,
    follow_up_set_status,
    meeting_save,
)
from programmes.models import Programme
from reports import documents
from reports.models import ReportRun
from reports.services import runs


@require_GET
@committee_view
def meeting_list(request, committee: str, *, access: Access):
    today = timezone.localdate()
    month_text = request.GET.get("month", "")
    try:
        month = dt.date.fromisoformat(month_text + "-01") if month_text else today.replace(day=1)
    except ValueError:
        month = today.replace(day=1)
    # The calendar pages between 1900 and 2100: beyond, the previous and next
    # month links would leave the range of dates (9999-12 answered 500).
    month = min(max(month, dt.date(1900, 1, 1)), dt.date(2100, 12, 1))
    meetings = list(Meeting.objects.filter(committee=access.committee).order_by("-starts_at"))
    by_day: dict[dt.date, list[Meeting]] = {}
    for m in meetings:
        by_day.setdefault(timezone.localtime(m.starts_at).date(), []).append(m)
    weeks = [
        [(day, by_day.get(day, [])) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    ]
    previous_month = (month - dt.timedelta(days=1)).replace(day=1)
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "meetings/meetings.html",
        {
            "meetings": meetings,
            "weeks": weeks,
            "month": month,
            "today": today,
            "previous_month": previous_month,
            "next_month": next_month,
            "can_manage": access.can(Right.MANAGE_MEETINGS),
        },
    )


@require_http_methods(["GET", "POST"])
@committee_view
def meeting_edit(request, committee: str, meeting_id: int | None = None, *, access: Access):
    meeting = _meeting(access, meeting_id) if meeting_id else None
    access.require(Right.MANAGE_MEETINGS)
    form = MeetingForm(request.POST or None, instance=meeting, access=access)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ("kind", "title", "place", "programme", "conclusions")}
        fields["starts_at"] = form.starts_at()
        saved = meeting_save(
            access=access, user=request.user, meeting=meeting, fields=fields, co_chairs=form.cleaned_data["co_chairs"]
        )
        messages.success(request, _("The meeting was saved."))
        return redirect("meetings:meeting", committee=committee, meeting_id=saved.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


@require_GET
@committee_view
def meeting_detail(request, committee: str, meeting_id: int, *, access: Access):
    return _meeting_page(request, access, meeting_id, FollowUpForm(access=access))


def _meeting_page(request, access: Access, meeting_id: int, follow_up_form, status: int = 200):
    meeting = _meeting(access, meeting_id, Meeting.objects.select_related("programme"))
    follow_ups = list(meeting.follow_ups.select_related("assigned_unit"))
    for f in follow_ups:
        f.can_update = access.can(Right.MANAGE_MEETINGS) or (
            access.is_secretary and f.assigned_unit_id in access.unit_ids
        )
    return render(
        request,
        "meetings/meeting.html",
        {
            "meeting": meeting,
            "agenda": list(meeting.agenda_items.select_related("presenter", "report_run")),
            "attendees": list(meeting.attendees.select_related("member", "unit")),
            "co_chairs": list(meeting.co_chairs.all()),
            "follow_ups": follow_ups,
            "follow_up_form": follow_up_form,
            "statuses": FollowUp.Status.choices,
            "members": list(Member.objects.filter(committee=access.committee, term_end__isnull=True)),
            "documents": _printed_documents(access),
            "can_manage": access.can(Right.MANAGE_MEETINGS),
            "today": timezone.localdate(),
            "can_order": access.can(Right.ORDER_REPORTS),
        },
        status=status,
    )


def _printed_documents(access: Access) -> list:
    return list(
        ReportRun.objects.filter(programme__committee=access.committee, status=ReportRun.Status.DONE)
        .select_related("programme")
        .order_by("-requested_at")[:30]
    )


def _meeting(access: Access, meeting_id: int, queryset=Meeting.objects) -> Meeting:
    """The committee's meeting named in the URL; 404 for another committee's."""
    return get_object_or_404(queryset, pk=meeting_id, committee=access.committee)


def _back(committee: str, meeting_id: int):
    return redirect("meetings:meeting", committee=committee, meeting_id=meeting_id)


@require_POST
@committee_view
def meeting_agenda_add(request, committee: str, meeting_id: int, *, access: Access):
    meeting = _meeting(access, meeting_id)
    return _agenda_step(
        request,
        committee,
        meeting.pk,
        lambda: agenda_item_add(access=access, meeting=meeting, **_agenda_input(request)),
    )


@require_POST
@committee_view
def agenda_item_edit(request, committee: str, item_id: int, *, access: Access):
    return _agenda_step(
        request,
        committee,
        _agenda_meeting(access, item_id),
        lambda: agenda_item_update(access=access, item_id=item_id, **_agenda_input(request)),
        _("The agenda item was saved."),
    )


@require_POST
@committee_view
def agenda_item_remove(request, committee: str, item_id: int, *, access: Access):
    return _agenda_step(
        request,
        committee,
        _agenda_meeting(access, item_id),
        lambda: agenda_item_delete(access=access, item_id=item_id),
        _("The agenda item was removed."),
    )


@require_POST
@committee_view
def agenda_item_reorder(request, committee: str, item_id: int, *, access: Access):
    step = -1 if request.POST.get("direction") == "up" else 1
    return _agenda_step(
        request,
        committee,
        _agenda_meeting(access, item_id),
        lambda: agenda_item_move(access=access, item_id=item_id, step=step),
    )


def _agenda_input(request) -> dict:
    """An agenda item as the meeting page's forms send it."""
    return {
        "title": request.POST.get("title", "")[:300],
        "presenter_id": parse_id(request.POST.get("presenter", "")),
        "report_run_id": parse_id(request.POST.get("document", "")),
    }


def _agenda_step(request, committee: str, meeting_id: int, change, done: str | None = None):
    """One change to the agenda, its message, and back to the meeting."""
    try:
        change()
    except ValidationError as error:
        flash_errors(request, error)
    else:
        if done:
            messages.success(request, done)
    return _back(committee, meeting_id)


def _agenda_meeting(access: Access, item_id: int) -> int:
    """The meeting of an agenda item of this committee (404 otherwise); its changes need the right."""
    item = get_object_or_404(AgendaItem, pk=item_id, meeting__committee=access.committee)
    access.require(Right.MANAGE_MEETINGS)
    return item.meeting_id


@require_POST
@committee_view
def meeting_attendance(request, committee: str, meeting_id: int, *, access: Access):
    meeting = _meeting(access, meeting_id)
    present = {i for i in (parse_id(v) for v in request.POST.getlist("present")) if i is not None}
    attendance_save(access=access, meeting=meeting, present_ids=present)
    messages.success(request, _("Attendance saved."))
    return _back(committee, meeting_id)


@require_POST
@committee_view
def meeting_follow_up_add(request, committee: str, meeting_id: int, *, access: Access):
    meeting = _meeting(access, meeting_id)
    access.require(Right.MANAGE_MEETINGS)
    form = FollowUpForm(request.POST, access=access)
    if not form.is_valid():
        # The page again with what was typed and each error on its field.
        return _meeting_page(request, access, meeting.pk, form)
    follow_up_add(access=access, meeting=meeting, fields=form.cleaned_data)
    messages.success(request, _("The follow-up action was assigned."))
    return _back(committee, meeting_id)


@require_POST
@committee_view
def follow_up_status(request, committee: str, follow_up_id: int, *, access: Access):
    follow_up = get_object_or_404(FollowUp, pk=follow_up_id, meeting__committee=access.committee)
    try:
        follow_up_set_status(access=access, follow_up_id=follow_up.pk, status=request.POST.get("status", ""))
    except ValidationError as error:
        flash_errors(request, error)
    return _back(committee, follow_up.meeting_id)


@require_POST
@committee_view
def meeting_print(request, committee: str, meeting_id: int, *, access: Access):
    """Prints the meeting's invitation or minutes through the report workers."""
    meeting = _meeting(access, meeting_id)
    access.require(Right.ORDER_REPORTS)
    kind = request.POST.get("kind")
    if kind not in ("invitation", "minutes", "conclusions"):
        messages.error(request, _("Choose whether to print the invitation, the minutes or the notice of conclusions."))
        return _back(committee, meeting_id)
    programme = meeting.programme or Programme.objects.of(access.committee).current()
    if programme is None:
        messages.error(request, _("The committee has no programme yet."))
        return _back(committee, meeting_id)
    meta = documents.default_meta(access.committee, programme, kind=kind)
    options = {}
    if kind == "conclusions":
        # sent to each unit concerned, named in the distribution list
        units = concerned_units(meeting)
        options["units"] = [u.pk for u in units]
        meta["distribution"][-1:-1] = [f"- {u.name};" for u in units][:25]
    run = runs.report_request(
        access=access,
        user=request.user,
        programme_id=programme.pk,
        kind=kind,
        meta=meta,
        options=options,
        subject=meeting,
    )
    return redirect("reports:run", committee=committee, run_id=run.pk)
