from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# Sections of a committee, in menu order: (url name, label, right needed).
# A section whose page is not installed yet is left out of the menu.
SECTIONS = [
    ("committee_home", _("Home"), None),
    ("activities:list", _("Activities"), None),
    ("activities:review_queue", _("Review"), "review_activities"),
    ("programmes:detail", _("Programme"), None),
    ("reports:summary", _("Summary"), None),
    ("reports:archive", _("Reports"), "download_reports"),
    ("coordination:committee", _("Committee"), None),
]


def navigation(request):
    access = getattr(request, "access", None)
    if access is None:
        return {}
    items = []
    current = request.resolver_match.view_name if request.resolver_match else ""
    for name, label, right in SECTIONS:
        if right and not access.can(right):
            continue
        try:
            url = reverse(name, kwargs={"committee": access.committee.slug})
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": current == name})
    return {"nav_items": items, "access": access, "committee": access.committee}
