from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from coordination.permissions import Right

# Sections of a committee, in menu order: (url name, label, right needed).
# A section whose page is not installed yet is left out of the menu.
SECTIONS = [
    ("committee_home", _("Home"), None),
    ("activities:list", _("Activities"), None),
    ("activities:review_queue", _("Review"), Right.REVIEW_ACTIVITIES),
    ("activities:check_queue", _("Check"), Right.CHECK_SUBUNITS),
    ("programmes:detail", _("Programme"), None),
    ("reports:summary", _("Summary"), None),
    ("reports:archive", _("Reports"), Right.DOWNLOAD_REPORTS),
    ("emulation:register", _("Emulation"), None),
    ("meetings:meetings", _("Meetings"), None),
    ("coordination:committee", _("Committee"), None),
]


def js_strings() -> dict[str, str]:
    """Texts the page script shows, translated on the server."""
    return {
        "remove": str(_("Remove")),
        "no_match": str(_("No match")),
        "restore": str(_("Restore")),
        "restore_prompt": str(_("This browser kept input you had not saved.")),
    }


def navigation(request):
    access = getattr(request, "access", None)
    if access is None:
        return {"js_strings": js_strings()}
    items = []
    current = request.resolver_match.view_name if request.resolver_match else ""
    for name, label, right in SECTIONS:
        if right and not access.can(right):
            continue
        if right == Right.CHECK_SUBUNITS and not access.unit_ids:
            continue  # the administrator has the right, but no units to check
        try:
            url = reverse(name, kwargs={"committee": access.committee.slug})
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": current == name})
    return {"nav_items": items, "access": access, "committee": access.committee, "js_strings": js_strings()}
