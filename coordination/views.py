from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from coordination.permissions import committees_for, get_access
from coordination.selectors import home_summary


@require_GET
@login_required
def home(request):
    committees = list(committees_for(request.user))
    if len(committees) == 1:
        return redirect("committee_home", committee=committees[0].slug)
    return render(request, "coordination/choose_committee.html", {"committees": committees})


@require_GET
@login_required
def committee_home(request, committee: str):
    access = get_access(request.user, committee)
    request.access = access
    summary = home_summary(access)
    return render(
        request,
        "coordination/home.html",
        {"access": access, "committee": access.committee, "summary": summary, "today": timezone.localdate()},
    )
