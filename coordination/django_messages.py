"""Django messages that its own Vietnamese catalogue leaves untranslated.
Listing them here puts them in our catalogue, which takes precedence."""

from django.utils.translation import gettext_noop

MESSAGES = [
    gettext_noop("Null characters are not allowed."),
]
