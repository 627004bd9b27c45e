"""Django messages that its own Vietnamese catalogue leaves untranslated.
Listing them here puts them in our catalogue, which takes precedence."""

from django.utils.translation import gettext_noop, ngettext

MESSAGES = [
    gettext_noop("Null characters are not allowed."),
]


def _plurals(n: int) -> list[str]:
    """Never called: makemessages reads the plural messages from here.
    Django 5.2 changed this msgid, so its vi catalogue no longer matches."""
    return [
        ngettext(
            "This password is too short. It must contain at least %d character.",
            "This password is too short. It must contain at least %d characters.",
            n,
        ),
    ]
