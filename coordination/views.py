from functools import wraps

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from coordination.audit import record
from coordination.forms import PasswordChangeForm
from coordination.models import AuditEvent
from coordination.permissions import get_access


def flash_errors(request, error) -> None:
    """Shows each message of a ValidationError on the next page."""
    for message in error.messages:
        messages.error(request, message)


def form_errors(form, error) -> None:
    """Puts a service's ValidationError on the form: each field's message on
    its field (or above the form when the form has no such field)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def committee_view(view):
    """Decorates a view of one committee (its URL starts with the committee's
    slug): requires a login, resolves the viewer's access (404 for an
    outsider) and passes it to the view as `access`. The navigation of the
    page is built from the same access, through `request.access`."""

    @wraps(view)
    @login_required
    def wrapper(request, committee: str, *args, **kwargs):
        access = get_access(request.user, committee)
        request.access = access
        return view(request, committee, *args, access=access, **kwargs)

    return wrapper


class PasswordChange(auth_views.PasswordChangeView):
    """Every user changes their own password; the rules are Django's
    validators (AUTH_PASSWORD_VALIDATORS). The user's other sessions end."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")
    form_class = PasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        response = super().form_valid(form)
        record(self.request, AuditEvent.Kind.PASSWORD_CHANGED)
        messages.success(self.request, _("Your password has been changed. Other sessions of yours have been ended."))
        return response
