from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coordination import audit


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
        if self.request is None:
            return super().clean()
        attempt, locked = audit.attempt_begin(self.request, username)
        if locked:
            raise ValidationError(self.error_messages["locked"], code="locked")
        cleaned = super().clean()  # a wrong password leaves the attempt counted as a failure
        audit.attempt_succeeded(attempt)
        return cleaned


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """A wrong current password counts as a failed login of the account, so
    the password page cannot be used to guess it either."""

    error_messages = {**auth_forms.PasswordChangeForm.error_messages, "locked": LoginForm.error_messages["locked"]}

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        attempt, locked = audit.attempt_begin(self.request, self.user.get_username(), detail="password page")
        if locked:
            raise ValidationError(self.error_messages["locked"], code="locked")
        old_password = super().clean_old_password()
        audit.attempt_succeeded(attempt)
        return old_password
