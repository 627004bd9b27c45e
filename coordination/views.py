from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coordination.permissions import Access, committees_for, get_access
from coordination.selectors import home_summary


def flash_errors(request, error) -> None:
    """Shows each message of a ValidationError on the next page."""
    for message in error.messages:
        messages.error(request, message)


def committee_access(request, committee_slug: str) -> Access:
    """The viewer's access to the committee in the URL (404 for outsiders),
    kept on the request for the navigation."""
    access = get_access(request.user, committee_slug)
    request.access = access
    return access


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
    access = committee_access(request, committee)
    summary = home_summary(access)
    return render(
        request,
        "coordination/home.html",
        {"access": access, "committee": access.committee, "summary": summary, "today": timezone.localdate()},
    )


class PasswordChange(auth_views.PasswordChangeView):
    """Every user changes their own password; the rules are Django's
    validators (AUTH_PASSWORD_VALIDATORS). The user's other sessions end."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        from coordination.audit import record
        from coordination.models import AuditEvent

        response = super().form_valid(form)
        record(self.request, AuditEvent.Kind.PASSWORD_CHANGED)
        messages.success(self.request, _("Your password has been changed. Other sessions of yours have been ended."))
        return response
