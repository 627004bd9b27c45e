"""Meetings of the committee: scheduling, agenda, attendance, conclusions and
follow-up actions assigned to units."""

import calendar
import datetime as dt

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coordination.fields import parse_id
from coordination.models import AgendaItem, Attendee, FollowUp, Meeting, Member, Unit
from coordination.permissions import Access
from coordination.text import has_control_characters
from coordination.views import committee_access, flash_errors
from coordination.widgets import DateInput, SearchSelect


class MeetingForm(forms.ModelForm):
    day = forms.DateField(label=gettext_lazy("Date"), widget=DateInput())
    time = forms.TimeField(
        label=gettext_lazy("Time"), widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "08:00"})
    )

    class Meta:
        model = Meeting
        fields = ["kind", "title", "place", "programme", "co_chairs", "conclusions"]
        widgets = {"conclusions": forms.Textarea(attrs={"rows": 5}), "co_chairs": forms.CheckboxSelectMultiple}

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        from programmes.models import Programme

        self.fields["programme"].queryset = Programme.objects.filter(committee=access.committee).order_by("-year")
        self.fields["co_chairs"].queryset = Member.objects.filter(
            committee=access.committee, term_end__isnull=True, role__in=["head", "standing_deputy", "deputy"]
        )
        self.fields["co_chairs"].required = False
        if self.instance.pk:
            local = timezone.localtime(self.instance.starts_at)
            self.fields["day"].initial, self.fields["time"].initial = local.date(), local.time()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("kind", css_class="col-md-4"),
                Column("programme", css_class="col-md-4"),
                Column("day", css_class="col-6 col-md-2"),
                Column("time", css_class="col-6 col-md-2"),
            ),
            "title",
            "place",
            "co_chairs",
            "conclusions",
        )

    def starts_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"]))


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["description", "assigned_unit", "deadline"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "deadline": DateInput()}

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_unit"].queryset = Unit.objects.filter(committee=access.committee)
        self.fields["assigned_unit"].widget = SearchSelect(
            search_url=reverse("activities:unit_search", kwargs={"committee": access.committee.slug}),
            placeholder=gettext_lazy("Type part of the unit's name"),
        )
        self.fields["assigned_unit"].widget.choices = self.fields["assigned_unit"].choices
        self.helper = FormHelper()
        self.helper.form_tag = False


# -- services ------------------------------------------------------------------
@transaction.atomic
def meeting_save(*, access: Access, user, meeting: Meeting | None, fields: dict, co_chairs) -> Meeting:
    access.require("manage_programme")
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


@transaction.atomic
def agenda_item_add(
    *, access: Access, meeting: Meeting, title: str, presenter_id: int | None, report_run_id: int | None = None
) -> AgendaItem:
    from reports.models import ReportRun

    access.require("manage_programme")
    presenter = Member.objects.filter(pk=presenter_id, committee=access.committee).first() if presenter_id else None
    document = (
        ReportRun.objects.filter(pk=report_run_id, programme__committee=access.committee, status="done").first()
        if report_run_id
        else None
    )
    if has_control_characters(title):
        raise ValidationError(_("The text contains control characters."))
    order = (meeting.agenda_items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    item = AgendaItem(meeting=meeting, order=order, title=title.strip(), presenter=presenter, report_run=document)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def attendance_save(*, access: Access, meeting: Meeting, present_ids: set[int]) -> None:
    access.require("manage_programme")
    for attendee in meeting.attendees.all():
        attendee.present = attendee.pk in present_ids
        attendee.save(update_fields=["present"])


@transaction.atomic
def follow_up_add(*, access: Access, meeting: Meeting, fields: dict) -> FollowUp:
    access.require("manage_programme")
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
    if not (access.can("manage_programme") or mine):
        raise PermissionDenied
    if status not in FollowUp.Status.values:
        raise ValidationError(_("Unknown status."))
    follow_up.status = status
    follow_up.completed_at = timezone.now() if status == FollowUp.Status.DONE else None
    follow_up.save(update_fields=["status", "completed_at"])
    return follow_up


# -- views ---------------------------------------------------------------------
@require_GET
@login_required
def meeting_list(request, committee: str):
    access = committee_access(request, committee)
    today = timezone.localdate()
    month_text = request.GET.get("month", "")
    try:
        month = dt.date.fromisoformat(month_text + "-01") if month_text else today.replace(day=1)
    except ValueError:
        month = today.replace(day=1)
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
        "coordination/meetings.html",
        {
            "meetings": meetings,
            "weeks": weeks,
            "month": month,
            "today": today,
            "previous_month": previous_month,
            "next_month": next_month,
            "can_manage": access.can("manage_programme"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_edit(request, committee: str, meeting_id: int | None = None):
    access = committee_access(request, committee)
    meeting = _meeting(access, meeting_id) if meeting_id else None
    access.require("manage_programme")
    form = MeetingForm(request.POST or None, instance=meeting, access=access)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ("kind", "title", "place", "programme", "conclusions")}
        fields["starts_at"] = form.starts_at()
        saved = meeting_save(
            access=access, user=request.user, meeting=meeting, fields=fields, co_chairs=form.cleaned_data["co_chairs"]
        )
        messages.success(request, _("The meeting was saved."))
        return redirect("coordination:meeting", committee=committee, meeting_id=saved.pk)
    return render(request, "coordination/meeting_form.html", {"form": form, "meeting": meeting})


@require_GET
@login_required
def meeting_detail(request, committee: str, meeting_id: int):
    access = committee_access(request, committee)
    meeting = _meeting(access, meeting_id, Meeting.objects.select_related("programme"))
    follow_ups = list(meeting.follow_ups.select_related("assigned_unit"))
    for f in follow_ups:
        f.can_update = access.can("manage_programme") or (access.is_secretary and f.assigned_unit_id in access.unit_ids)
    return render(
        request,
        "coordination/meeting.html",
        {
            "meeting": meeting,
            "agenda": list(meeting.agenda_items.select_related("presenter", "report_run")),
            "attendees": list(meeting.attendees.select_related("member", "unit")),
            "co_chairs": list(meeting.co_chairs.all()),
            "follow_ups": follow_ups,
            "follow_up_form": FollowUpForm(access=access),
            "statuses": FollowUp.Status.choices,
            "members": list(Member.objects.filter(committee=access.committee, term_end__isnull=True)),
            "documents": _printed_documents(access),
            "can_manage": access.can("manage_programme"),
            "today": timezone.localdate(),
            "can_order": access.can("order_reports"),
        },
    )


def _printed_documents(access: Access) -> list:
    from reports.models import ReportRun

    return list(
        ReportRun.objects.filter(programme__committee=access.committee, status="done")
        .select_related("programme")
        .order_by("-requested_at")[:30]
    )


def _meeting(access: Access, meeting_id: int, queryset=Meeting.objects) -> Meeting:
    """The committee's meeting named in the URL; 404 for another committee's."""
    return get_object_or_404(queryset, pk=meeting_id, committee=access.committee)


def _back(committee: str, meeting_id: int):
    return redirect("coordination:meeting", committee=committee, meeting_id=meeting_id)


@require_POST
@login_required
def meeting_agenda_add(request, committee: str, meeting_id: int):
    access = committee_access(request, committee)
    meeting = _meeting(access, meeting_id)
    presenter = request.POST.get("presenter", "")
    document = request.POST.get("document", "")
    try:
        agenda_item_add(
            access=access,
            meeting=meeting,
            title=request.POST.get("title", "")[:300],
            presenter_id=parse_id(presenter),
            report_run_id=parse_id(document),
        )
    except ValidationError as error:
        flash_errors(request, error)
    return _back(committee, meeting_id)


@require_POST
@login_required
def meeting_attendance(request, committee: str, meeting_id: int):
    access = committee_access(request, committee)
    meeting = _meeting(access, meeting_id)
    present = {i for i in (parse_id(v) for v in request.POST.getlist("present")) if i is not None}
    attendance_save(access=access, meeting=meeting, present_ids=present)
    messages.success(request, _("Attendance saved."))
    return _back(committee, meeting_id)


@require_POST
@login_required
def meeting_follow_up_add(request, committee: str, meeting_id: int):
    access = committee_access(request, committee)
    meeting = _meeting(access, meeting_id)
    access.require("manage_programme")
    form = FollowUpForm(request.POST, access=access)
    if form.is_valid():
        follow_up_add(access=access, meeting=meeting, fields=form.cleaned_data)
        messages.success(request, _("The follow-up action was assigned."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return _back(committee, meeting_id)


@require_POST
@login_required
def follow_up_status(request, committee: str, follow_up_id: int):
    access = committee_access(request, committee)
    follow_up = get_object_or_404(FollowUp, pk=follow_up_id, meeting__committee=access.committee)
    try:
        follow_up_set_status(access=access, follow_up_id=follow_up.pk, status=request.POST.get("status", ""))
    except ValidationError as error:
        flash_errors(request, error)
    return _back(committee, follow_up.meeting_id)


@require_POST
@login_required
def meeting_print(request, committee: str, meeting_id: int):
    """Prints the meeting's invitation or minutes through the report workers."""
    from programmes.models import Programme
    from reports import documents, services

    access = committee_access(request, committee)
    meeting = _meeting(access, meeting_id)
    access.require("order_reports")
    kind = request.POST.get("kind")
    if kind not in ("invitation", "minutes"):
        messages.error(request, _("Choose whether to print the invitation or the minutes."))
        return _back(committee, meeting_id)
    programme = meeting.programme or Programme.objects.filter(committee=access.committee).order_by("-year").first()
    if programme is None:
        messages.error(request, _("The committee has no programme yet."))
        return _back(committee, meeting_id)
    run = services.report_request(
        access=access,
        user=request.user,
        programme_id=programme.pk,
        kind=kind,
        meta=documents.default_meta(access.committee, programme),
        options={"meeting": meeting.pk},
    )
    return redirect("reports:run", committee=committee, run_id=run.pk)
