"""Pickers that stay usable with hundreds of units or localities. The page
carries every option a picker offers (up to INLINE_LIMIT), so it works
without JavaScript; static/js/app.js turns it into a combobox (Tom Select)
that asks the server (the `data-search-url`) for the best matches, sending
the date typed in the form's `data-date-field` as `on`."""

import datetime as dt
from collections.abc import Callable

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from kit.fields import EMPTY_CHOICE, parse_id

# Beyond this many options the page carries only the chosen ones and the
# picker needs its search.
INLINE_LIMIT = 400


def _attrs(attrs: dict) -> str:
    """Attributes as django/forms/widgets/attrs.html writes them, in order."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", k) if v is True else format_html(' {}="{}"', k, v),)
            for k, v in attrs.items()
            if v is not False
        ),
    )


class SearchSelectMixin:
    def __init__(
        self,
        *args,
        search_url: str = "",
        placeholder: str = "",
        options: Callable[[], list[tuple[int, str]] | None] | None = None,
        on: dt.date | None = None,
        date_field: str | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.search_url = search_url
        self.placeholder = placeholder
        self.options = options
        self.on = on
        self.date_field = date_field

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["data-search-url"] = self.search_url
        if self.placeholder:
            widget_attrs["data-placeholder"] = self.placeholder
        if self.on:
            widget_attrs["data-on"] = self.on.isoformat()
        if self.date_field:
            widget_attrs["data-date-field"] = self.date_field
        return context

    def render(self, name, value, attrs=None, renderer=None):
        """The same markup as Django's select templates, written here: a
        template per option made a list page's commune picker (hundreds of
        options) cost more than its table of activities."""
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for _group, options, _index in widget["optgroups"]:
            parts.extend(
                format_html(
                    '<option value="{}"{}>{}</option>', option["value"], _attrs(option["attrs"]), option["label"]
                )
                for option in options
            )
        parts.append("</select>")
        return mark_safe("\n".join(parts))

    def optgroups(self, name, value, attrs=None):
        chosen = [v for v in value if v not in ("", None)]
        ids = [i for i in (parse_id(v) for v in chosen) if i is not None]
        # None from `options`: more than INLINE_LIMIT, only the chosen ones go on the page.
        offered = (self.options() if self.options else None) or []
        options = []
        if not self.allow_multiple_selected:
            options.append((None, [self.create_option(name, "", str(EMPTY_CHOICE), not ids, 0)], 0))
        seen = set()
        for pk, label in offered:
            seen.add(pk)
            options.append((None, [self.create_option(name, str(pk), label, pk in ids, len(options))], len(options)))
        missing = [i for i in ids if i not in seen]
        if missing:
            # Chosen but not offered (a unit since dissolved on an old record): kept, so saving keeps it.
            iterator = self.choices
            for obj in iterator.queryset.filter(pk__in=missing):
                label = iterator.field.label_from_instance(obj)
                options.append((None, [self.create_option(name, str(obj.pk), label, True, len(options))], len(options)))
        return options


class SearchSelect(SearchSelectMixin, forms.Select):
    pass


class SearchSelectMultiple(SearchSelectMixin, forms.SelectMultiple):
    pass


class DateInput(forms.DateInput):
    """dd/mm/yyyy typed as text: the browser's own date picker would show
    the format of the browser's locale, not the one our users write."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", **(attrs or {})},
            format="%d/%m/%Y",
        )
