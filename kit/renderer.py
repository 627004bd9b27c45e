"""The form renderer (settings.FORM_RENDERER): Django's own templates, except
that the commonest widgets — the <input> of every type, <textarea>, <select>
and its <option>s — are written out in Python to the very same markup. A
template per widget (and one more per option) was a tenth of the activity
list's and form's CPU time; the output is byte for byte what the templates
give (kit/tests/test_renderer.py compares them)."""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

_OPTION = "django/forms/widgets/select_option.html"
# The input types whose template is nothing but input.html.
_INPUTS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
    )
)


def attrs_html(attrs: dict) -> str:
    """Attributes as django/forms/widgets/attrs.html writes them, in order."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        elif value is not False:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(str(value))}"'
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        mark_safe(shown),
        mark_safe(attrs_html(widget["attrs"])),
    )


def _textarea(widget: dict) -> str:
    value = widget["value"]
    return format_html(
        '<textarea name="{}"{}>\n{}</textarea>', widget["name"], mark_safe(attrs_html(widget["attrs"])), value or ""
    )


def _select(widget: dict) -> str | None:
    parts = [format_html('<select name="{}"{}>', widget["name"], mark_safe(attrs_html(widget["attrs"])))]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in options:
            if option["template_name"] != _OPTION:
                return None  # an option of its own template: Django renders the select
            parts.append(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',
                    str(option["value"]),
                    mark_safe(attrs_html(option["attrs"])),
                    option["label"],
                )
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class Renderer(DjangoTemplates):
    """Django's renderer, which strips what a template gives; so do these."""

    def render(self, template_name, context, request=None):
        if template_name in _INPUTS:
            return _input(context["widget"])
        if template_name == "django/forms/widgets/textarea.html":
            return _textarea(context["widget"])
        if template_name == "django/forms/widgets/select.html":
            html = _select(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)
