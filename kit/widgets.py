"""Pickers that stay usable with hundreds of units or localities. The page
carries every option a picker offers (up to INLINE_LIMIT), so it works
without JavaScript; static/js/app.js turns it into a combobox (Tom Select)
that asks the server (the `data-search-url`) for the best matches, sending
the date typed in the form's `data-date-field` as `on`."""

import datetime as dt
from collections.abc import Callable
from typing import NamedTuple

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from kit.fields import EMPTY_CHOICE, parse_id
from kit.renderer import attrs_html

# Beyond this many options the page carries only the chosen ones and the
# picker needs its search.
INLINE_LIMIT = 400


class SearchSelectMixin:
    def __init__(
        self,
        *args,
        search_url: str = "",
        placeholder: str = "",
        options: Callable[[], "list[Offered] | None"] | None = None,
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

    def _data_attrs(self, widget_attrs: dict) -> None:
        widget_attrs["data-search-url"] = self.search_url
        if self.placeholder:
            widget_attrs["data-placeholder"] = self.placeholder
        if self.on:
            widget_attrs["data-on"] = self.on.isoformat()
        if self.date_field:
            widget_attrs["data-date-field"] = self.date_field

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        self._data_attrs(context["widget"]["attrs"])
        return context

    def render(self, name, value, attrs=None, renderer=None):
        """The same markup as Django's select templates, written here from
        each offered row's own <option> (made once with the row, see
        Offered): a template per option made a list page's commune picker
        (hundreds of options) cost more than its table of activities."""
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        widget_attrs = widget["attrs"]
        if self.allow_multiple_selected:
            widget_attrs["multiple"] = True
        self._data_attrs(widget_attrs)
        ids = self._chosen(widget["value"])
        parts = [format_html('<select name="{}"{}>', widget["name"], mark_safe(attrs_html(widget_attrs)))]
        if not self.allow_multiple_selected:
            parts.append(option_html("", str(EMPTY_CHOICE), not ids))
        seen = set()
        for item in self._offered():
            seen.add(item.pk)
            parts.append(option_html(item.pk, item.label, True) if item.pk in ids else item.html)
        parts.extend(option_html(pk, label, True) for pk, label in self._missing(ids, seen))
        parts.append("</select>")
        return mark_safe("\n".join(parts))

    def _chosen(self, value) -> list[int]:
        return [i for i in (parse_id(v) for v in value if v not in ("", None)) if i is not None]

    def _offered(self) -> list["Offered"]:
        # None from `options`: more than INLINE_LIMIT, only the chosen ones go on the page.
        return (self.options() if self.options else None) or []

    def _missing(self, ids: list[int], seen: set[int]) -> list[tuple[int, str]]:
        """Chosen but not offered (a unit since dissolved on an old record):
        kept, so saving keeps it."""
        missing = [i for i in ids if i not in seen]
        if not missing:
            return []
        iterator = self.choices
        return [(obj.pk, iterator.field.label_from_instance(obj)) for obj in iterator.queryset.filter(pk__in=missing)]

    def optgroups(self, name, value, attrs=None):
        ids = self._chosen(value)
        options = []
        if not self.allow_multiple_selected:
            options.append((None, [self.create_option(name, "", str(EMPTY_CHOICE), not ids, 0)], 0))
        rows = [(item.pk, item.label, item.pk in ids) for item in self._offered()]
        seen = {pk for pk, _label, _chosen in rows}
        rows += [(pk, label, True) for pk, label in self._missing(ids, seen)]
        for pk, label, chosen in rows:
            options.append((None, [self.create_option(name, str(pk), label, chosen, len(options))], len(options)))
        return options


class Offered(NamedTuple):
    """One row a picker offers, with its <option> written once."""

    pk: int
    label: str
    html: str


def offered(pk: int, label: str) -> Offered:
    return Offered(pk, label, option_html(pk, label))


def option_html(value, label: str, selected: bool = False) -> str:
    if selected:
        return format_html('<option value="{}" selected>{}</option>', value, label)
    return format_html('<option value="{}">{}</option>', value, label)


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
