"""Pickers that stay usable with hundreds of units or localities: the page
carries only the chosen options; static/js/app.js adds a search box that asks
the server (the `data-search-url`) for matches."""

from django import forms

from kit.fields import EMPTY_CHOICE, parse_id


class SearchSelectMixin:
    def __init__(self, *args, search_url: str = "", placeholder: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.search_url = search_url
        self.placeholder = placeholder

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-search-url"] = self.search_url
        if self.placeholder:
            context["widget"]["attrs"]["data-placeholder"] = self.placeholder
        return context

    def optgroups(self, name, value, attrs=None):
        chosen = [v for v in value if v not in ("", None)]
        groups = []
        if not self.allow_multiple_selected:
            groups.append((None, [self.create_option(name, "", str(EMPTY_CHOICE), not chosen, 0)], 0))
        if chosen:
            iterator = self.choices
            ids = [i for i in (parse_id(v) for v in chosen) if i is not None]
            objects = iterator.queryset.filter(pk__in=ids)
            for index, obj in enumerate(objects, start=1):
                label = iterator.field.label_from_instance(obj)
                groups.append((None, [self.create_option(name, str(obj.pk), label, True, index)], index))
        return groups


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
