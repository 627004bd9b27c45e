"""The unit and locality pickers: which rows a picker offers, in what order
and under what label, for the page (every option, so the picker works
without JavaScript) and for the search endpoint (the best matches first).

A picker bound to a date (the activity's start, a follow-up's deadline)
offers only the units and communes that existed on that day; the browser
sends the date typed in the form, and the page offers those valid on the
record's date (today for a new one)."""

import datetime as dt

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from coordination.models import Locality, Unit
from coordination.permissions import Access, scope_units
from kit.collation import tree_sorted
from kit.fields import parse_date
from kit.matching import ranked
from kit.widgets import INLINE_LIMIT, SearchSelect, SearchSelectMultiple

RESULTS = 20  # matches a search returns


def unit_label(unit: Unit) -> str:
    if unit.valid_to:
        return f"{unit.name} (đến {unit.valid_to:%d/%m/%Y})"
    return unit.name


def locality_label(locality: Locality) -> str:
    if locality.parent_id and locality.level == Locality.Level.COMMUNE:
        return f"{locality.name}, {locality.parent.name}"
    return locality.name


def units(
    access: Access,
    *,
    everyone: bool = False,
    on: dt.date | None = None,
    queryset: QuerySet[Unit] | None = None,
    limit: int | None = None,
) -> list[Unit] | None:
    """The units a picker offers in tree order: the user's scope, or every
    unit of the committee (participants, assignees), or `queryset`; those
    of `on` only. None when there are more than `limit` (nothing sorted)."""
    if queryset is None:
        queryset = Unit.objects.filter(committee=access.committee) if everyone else scope_units(access)
    if on is not None:
        queryset = queryset.valid_on(on)
    return _tree(queryset.only("pk", "name", "short_name", "path", "order", "valid_to"), limit, order=lambda u: u.order)


def localities(
    access: Access, *, on: dt.date | None = None, year: int | None = None, limit: int | None = None
) -> list[Locality] | None:
    """The committee's province and what it became, as of `on` (or during
    `year`: those of its first or its last day); None beyond `limit`."""
    queryset: QuerySet[Locality] = Locality.objects.select_related("parent")
    province = access.committee.province
    if province is not None:
        roots = [province.path, *(s.path for s in Locality.objects.filter(predecessors=province))]
        scope = Q()
        for root in roots:
            scope |= Q(path__startswith=root)
        queryset = queryset.filter(scope)
    if on is not None:
        queryset = queryset.valid_on(on)
    elif year is not None:
        queryset = queryset.valid_on(dt.date(year, 12, 31)) | queryset.valid_on(dt.date(year, 1, 1))
    return _tree(queryset, limit)


def _tree(queryset, limit: int | None, order=None):
    """The rows in tree order; with `limit`, at most limit + 1 are read and
    None says there were more (the page then carries only the chosen ones)."""
    rows = list(queryset[: limit + 1] if limit is not None else queryset)
    if limit is not None and len(rows) > limit:
        return None
    return tree_sorted(rows, path=lambda row: row.path, name=lambda row: row.name, order=order)


def unit_matches(items: list[Unit], q: str) -> list[dict]:
    best = ranked(items, q, lambda u: (u.name, u.short_name), RESULTS)
    return [{"id": u.pk, "text": unit_label(u)} for u in best]


def locality_matches(items: list[Locality], q: str) -> list[dict]:
    best = ranked(items, q, lambda loc: (locality_label(loc),), RESULTS)
    return [{"id": loc.pk, "text": locality_label(loc)} for loc in best]


def search_date(params) -> dt.date | None:
    """The `on` of a search: dd/mm/yyyy as typed in the form, or ISO."""
    return parse_date(params.get("on"))


def _field_date(form, date_field: str | None) -> dt.date:
    """The date the form's record carries (what was typed, then the saved
    value), today for a new record."""
    if date_field:
        if form.is_bound:
            typed = parse_date(form.data.get(form.add_prefix(date_field), ""))
            if typed:
                return typed
        value = form.initial.get(date_field) or getattr(form.instance, date_field, None)
        if isinstance(value, dt.date):
            return value
    return timezone.localdate()


def unit_picker(
    form,
    name: str,
    access: Access,
    *,
    everyone: bool = False,
    date_field: str | None = None,
    dated: bool = True,
    queryset: QuerySet[Unit] | None = None,
):
    """Make `form.fields[name]` a unit picker. `dated` pickers offer the
    units valid on the record's date; the others every unit (list filters)."""
    field = form.fields[name]
    if queryset is not None:
        field.queryset = queryset
    params = {"all": "1"} if everyone else {}
    on = _field_date(form, date_field) if dated else None

    def options():
        return _labelled(units(access, everyone=everyone, on=on, queryset=queryset, limit=INLINE_LIMIT), unit_label)

    widget_class = SearchSelectMultiple if isinstance(field, forms.ModelMultipleChoiceField) else SearchSelect
    field.widget = widget_class(
        search_url=_url("activities:unit_search", access, params),
        placeholder=_("Type part of the unit's name"),
        options=options,
        on=on,
        date_field=date_field if dated else None,
    )
    field.widget.choices = field.choices


def locality_picker(form, name: str, access: Access, *, date_field: str | None = None, dated: bool = True):
    field = form.fields[name]
    on = _field_date(form, date_field) if dated else None
    field.widget = SearchSelect(
        search_url=_url("activities:locality_search", access, {}),
        placeholder=_("Type part of the commune's name"),
        options=lambda: _labelled(localities(access, on=on, limit=INLINE_LIMIT), locality_label),
        on=on,
        date_field=date_field if dated else None,
    )
    field.widget.choices = field.choices


def _labelled(rows, label):
    return None if rows is None else [(row.pk, label(row)) for row in rows]


def _url(name: str, access: Access, params: dict) -> str:
    url = reverse(name, kwargs={"committee": access.committee.slug})
    return f"{url}?{urlencode(params)}" if params else url
