"""Pages that bring the committee's parts together: the home page of each
role and the page of one unit with its activities, tasks and follow-ups."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from activities.selectors import scope_activities
from coordination.models import Unit
from coordination.permissions import Access, Right, committees_for
from coordination.units import UnitChangeForm, unit_change
from coordination.views import committee_view
from emulation.selectors import unit_emulation
from meetings.models import FollowUp
from overview.models import ReminderChoice
from overview.reminders import home_items
from overview.selectors import home_summary
from programmes.models import ProgrammeTask


@require_GET
@login_required
def home(request):
    committees = list(committees_for(request.user))
    if len(committees) == 1:
        return redirect("committee_home", committee=committees[0].slug)
    return render(request, "overview/choose_committee.html", {"committees": committees})


@require_GET
@committee_view
def committee_home(request, committee: str, *, access: Access):
    summary = home_summary(access, request.user)
    return render(
        request,
        "overview/home.html",
        {
            "access": access,
            "committee": access.committee,
            "summary": summary,
            "today": timezone.localdate(),
            "reminders": home_items(access, request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@committee_view
def unit_detail(request, committee: str, unit_id: int, *, access: Access):
    unit = get_object_or_404(
        Unit.objects.select_related("parent", "successor", "stationed_at"), pk=unit_id, committee=access.committee
    )
    form = UnitChangeForm(request.POST or None, unit=unit)
    if request.method == "POST":
        access.require(Right.MANAGE_UNITS)
        if form.is_valid():
            try:
                unit_change(
                    access=access,
                    user=request.user,
                    unit_id=unit.pk,
                    action=form.cleaned_data["action"],
                    day=form.cleaned_data["day"],
                    new_name=form.cleaned_data["new_name"],
                    into=form.cleaned_data["into"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The change was recorded; past activities stay with the unit as it was."))
                return redirect("overview:unit", committee=committee, unit_id=unit.pk)
    activities = scope_activities(access).filter(lead_unit__path__startswith=unit.path)
    return render(
        request,
        "overview/unit.html",
        {
            "unit": unit,
            "form": form,
            "can_manage": access.can(Right.MANAGE_UNITS),
            "activity_count": activities.count(),
            "recent": list(activities.select_related("category").order_by("-start_date", "-id")[:10]),
            "tasks": list(
                ProgrammeTask.objects.filter(lead_unit=unit)
                .select_related("programme")
                .order_by("-programme__year", "order")[:20]
            ),
            "follow_ups": list(FollowUp.objects.filter(assigned_unit=unit).select_related("meeting")[:20]),
            "predecessors": list(unit.predecessors.all()),
            "children": list(unit.children.all()),
            "emulation": unit_emulation(access, unit),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reminder_choice(request):
    """Each person's choice to receive the daily reminder e-mail."""
    choice, _created = ReminderChoice.objects.get_or_create(user=request.user)
    if request.method == "POST":
        choice.by_email = request.POST.get("by_email") == "1"
        choice.save(update_fields=["by_email"])
        messages.success(request, _("Your choice is saved."))
        return redirect("reminder_choice")
    return render(request, "overview/reminder_choice.html", {"by_email": choice.by_email})
