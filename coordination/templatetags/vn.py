"""Vietnamese number display: "." groups thousands (2.500.000), whatever the
global USE_THOUSAND_SEPARATOR, so years stay "2023"."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext

register = template.Library()


@register.filter
def num(value):
    if value is None or value == "":
        return ""
    return number_format(value, force_grouping=True)


@register.filter
def vnd(value):
    """An amount of money in đồng: 2.500.000 đồng."""
    if value is None or value == "":
        return ""
    return gettext("%(amount)s dong") % {"amount": number_format(int(value), force_grouping=True)}


@register.filter
def person(user):
    """A user's name in Vietnamese order: family, middle, given (Nguyễn Văn An)."""
    full = f"{user.last_name} {user.first_name}".strip()
    return full or user.get_username()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
