from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coordination import audit
from coordination.models import AuditEvent


class LoginForm(AuthenticationForm):
    """Login with throttling: after repeated failures for a username or from
    an address, further tries are refused for a while (audit.WINDOW)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The username or password is incorrect. Both are case-sensitive."),
        "locked": _(
            "Too many failed logins: this account is locked for 15 minutes. Try again later or ask the "
            "administrator to unlock it."
        ),
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        if self.request is not None and audit.is_locked(self.request, username):
            raise ValidationError(self.error_messages["locked"], code="locked")
        try:
            return super().clean()
        except ValidationError:
            if self.request is not None:
                audit.record(self.request, AuditEvent.Kind.LOGIN_FAILED, username=username)
            raise
