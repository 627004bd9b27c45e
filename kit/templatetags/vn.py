"""Vietnamese number display: "." groups thousands (2.500.000), whatever the
global USE_THOUSAND_SEPARATOR, so years stay "2023"."""

from django import forms, template
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.filter
def num(value):
    if value is None or value == "":
        return ""
    if type(value) is int:  # the common case (counts, đồng), formatted directly: tables print thousands of them
        return f"{value:,}".replace(",", ".")
    return number_format(value, force_grouping=True)


@register.filter
def vnd(value):
    """An amount of money in đồng: 2.500.000 đồng."""
    if value is None or value == "":
        return ""
    return gettext("%(amount)s dong") % {"amount": number_format(int(value), force_grouping=True)}


@register.filter
def person(user):
    """A user's name in Vietnamese order: family, middle, given (Nguyễn Văn An);
    nothing for no one (a record whose user was removed, or set by a script)."""
    if user is None:
        return ""
    full = f"{user.last_name} {user.first_name}".strip()
    return full or user.get_username()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


_STATUS_CSS = {"confirmed": "text-bg-success", "submitted": "text-bg-primary", "returned": "text-bg-danger"}


_status_labels: dict = {}


@register.filter
def status_badge(activity):
    """An activity's status as a coloured badge (a filter, not an include:
    the list prints fifty of them). The labels of the field's choices are
    looked up once per field, not rebuilt for each row as
    get_status_display does; they stay lazy, so each request's language
    translates them."""
    field = type(activity)._meta.get_field("status")
    labels = _status_labels.get(field)
    if labels is None:
        labels = _status_labels[field] = dict(field.flatchoices)
    status = activity.status
    css = _STATUS_CSS.get(status, "text-bg-secondary")
    return format_html('<span class="badge status-{} {}">{}</span>', status, css, labels.get(status, status))


@register.filter
def bs_field(bound_field):
    """A form field in Bootstrap's markup: label (with * when required),
    widget, help and errors. Written out here rather than through crispy's
    template tree for the busiest pages (the activity list's filters, the
    activity form), where that tree cost more than the rest of the page."""
    widget = bound_field.field.widget
    checkbox = isinstance(widget, forms.CheckboxInput)
    css = "form-check-input" if checkbox else "form-select" if isinstance(widget, forms.Select) else "form-control"
    if bound_field.errors:
        css += " is-invalid"
    control = bound_field.as_widget(attrs={"class": css})
    extra = format_html_join("", '<div class="invalid-feedback d-block">{}</div>', ((e,) for e in bound_field.errors))
    if bound_field.help_text:
        extra += format_html('<div class="form-text">{}</div>', bound_field.help_text)
    if checkbox:
        return format_html(
            '<div class="form-check mt-md-4 pt-md-2">{}<label class="form-check-label" for="{}">{}</label>{}</div>',
            control,
            bound_field.id_for_label,
            bound_field.label,
            extra,
        )
    required = mark_safe('<span class="asteriskField">*</span>') if bound_field.field.required else ""
    if getattr(bound_field.field, "needed_to_submit", False):
        # Not needed for a draft, needed to send it: said before it fails.
        required = format_html(
            '{} <span class="badge rounded-pill text-bg-light border needed-to-submit">{}</span>',
            required,
            gettext("needed to submit"),
        )
    return format_html(
        '<label class="form-label" for="{}">{}{}</label>{}{}',
        bound_field.id_for_label,
        bound_field.label,
        required,
        control,
        extra,
    )


@register.filter
def nobreak_tail(text, words: int = 4):
    """The last `words` words of a title line kept together (joined by
    no-break spaces), so a line never ends with the year alone: "… công tác
    / dân vận năm 2022," is never "… dân vận năm / 2022,"."""
    parts = str(text).rsplit(" ", max(int(words), 1))
    if len(parts) <= 1:
        return text
    head, tail = parts[0], parts[1:]
    joined = "\u00a0".join(tail)
    return f"{head} {joined}" if head else joined


@register.filter
def lunar_date(day):
    """The lunar date of a solar date, as people say it ("mùng 6 tháng
    Chạp"); empty outside the computed range."""
    from kit import lunar

    if not day or not hasattr(day, "toordinal"):
        return ""
    try:
        return str(lunar.to_lunar(day))
    except ValueError:
        return ""


@register.filter
def lower_first(text):
    """A name inside a sentence: "Tuần cao điểm Tết vì người nghèo" becomes
    "tuần cao điểm Tết vì người nghèo" (|lower would also give "tết")."""
    text = str(text or "")
    return text[:1].lower() + text[1:]


@register.filter(name="with_unit")
def with_unit_filter(label, unit):
    from kit.text import with_unit

    return with_unit(label, unit)


# Names of events that keep their capital inside a sentence ("Dự Hội nghị
# tổng kết …"); other titles start with a verb or a common noun ("Dự họp …").
EVENT_NAMES = ("Hội nghị", "Hội thảo", "Đại hội", "Lễ ", "Tọa đàm")


@register.filter
def event_name(title):
    title = str(title or "")
    if title.startswith(EVENT_NAMES):
        return title
    return lower_first(title)
