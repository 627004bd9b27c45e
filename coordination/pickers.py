"""The unit and locality pickers: which rows a picker offers, in what order
and under what label, for the page (every option, so the picker works
without JavaScript) and for the search endpoint (the best matches first).

A picker bound to a date (the activity's start, a follow-up's deadline)
offers only the units and communes that existed on that day; the browser
sends the date typed in the form, and the page offers those valid on the
record's date (today for a new one)."""

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from coordination.directory import Kept
from coordination.models import Locality, Unit, Validity
from coordination.permissions import Access
from kit.collation import tree_sorted
from kit.fields import parse_date
from kit.matching import ranked
from kit.widgets import INLINE_LIMIT, SearchSelect, SearchSelectMultiple, option_html

RESULTS = 20  # matches a search returns


def unit_label(unit: Unit) -> str:
    if unit.valid_to:
        return f"{unit.name} (đến {unit.valid_to:%d/%m/%Y})"
    return unit.name


def locality_label(locality: Locality) -> str:
    if locality.parent_id and locality.level == Locality.Level.COMMUNE:
        return f"{locality.name}, {locality.parent.name}"
    return locality.name


@dataclass(frozen=True)
class Entry(Validity):
    """One unit or locality as a picker needs it, label and <option> made
    once: what each web process keeps per committee (see _KEPT)."""

    pk: int
    name: str
    short_name: str
    path: str
    order: int
    valid_from: dt.date | None
    valid_to: dt.date | None
    label: str
    html: str


def _entry(row, label: str, *, short_name: str = "", order: int = 0) -> Entry:
    return Entry(
        row.pk, row.name, short_name, row.path, order, row.valid_from, row.valid_to, label, option_html(row.pk, label)
    )


def _unit_entry(unit: Unit) -> Entry:
    return _entry(unit, unit_label(unit), short_name=unit.short_name, order=unit.order)


def _locality_entry(locality: Locality) -> Entry:
    return _entry(locality, locality_label(locality))


_UNIT_FIELDS = ("pk", "name", "short_name", "path", "order", "valid_from", "valid_to")

# Rows and sorted offers per (what, committee, directory stamp, ...): a stamp
# changes with every write to the committee's units or to any locality (see
# coordination/directory.py), so an entry is never stale, only unused.
_KEPT = Kept(256)


def _unit_rows(access: Access) -> tuple[Entry, ...]:
    def read():
        return tuple(map(_unit_entry, Unit.objects.filter(committee=access.committee).only(*_UNIT_FIELDS)))

    if access.directory_stamp is None:
        return read()
    return _KEPT.get(("units", access.committee.pk, access.directory_stamp), read)


def units(
    access: Access,
    *,
    everyone: bool = False,
    on: dt.date | None = None,
    queryset: QuerySet[Unit] | None = None,
    limit: int | None = None,
) -> list[Entry] | None:
    """The units a picker offers in tree order: the user's scope, or every
    unit of the committee (participants, assignees), or `queryset`; those
    of `on` only. None when there are more than `limit`."""
    if queryset is not None:
        rows = [_unit_entry(u) for u in (queryset.valid_on(on) if on else queryset).only(*_UNIT_FIELDS)]
        return _tree(rows, limit, order=True)
    scope = None if everyone or access.sees_all else access.unit_ids

    def offer():
        rows = _unit_rows(access)
        if scope is not None:
            rows = [row for row in rows if row.pk in scope]
        return _tree([row for row in rows if on is None or row.is_valid_on(on)], limit, order=True)

    return _offer(("unit offer", access.committee.pk, scope, on, limit), access, offer)


def localities(
    access: Access, *, on: dt.date | None = None, year: int | None = None, limit: int | None = None
) -> list[Entry] | None:
    """The committee's province and what it became, as of `on` (or during
    `year`: those of its first or its last day); None beyond `limit`."""
    province = access.committee.province_id

    def read():
        queryset: QuerySet[Locality] = Locality.objects.select_related("parent")
        if province is not None:
            roots = [access.committee.province.path]
            roots += [s.path for s in Locality.objects.filter(predecessors=province)]
            scope = Q()
            for root in roots:
                scope |= Q(path__startswith=root)
            queryset = queryset.filter(scope)
        return tuple(map(_locality_entry, queryset))

    if on is not None:
        days = [on]
    elif year is not None:
        days = [dt.date(year, 12, 31), dt.date(year, 1, 1)]
    else:
        days = []

    def offer():
        if access.directory_stamp is None:
            rows = read()
        else:
            rows = _KEPT.get(("localities", access.committee.pk, province, access.directory_stamp), read)
        valid = [row for row in rows if not days or any(row.is_valid_on(day) for day in days)]
        return _tree(valid, limit)

    return _offer(("locality offer", access.committee.pk, province, on, year, limit), access, offer)


def _offer(key: tuple, access: Access, build) -> list[Entry] | None:
    """The sorted offer, kept under the directory stamp."""
    rows = build() if access.directory_stamp is None else _KEPT.get((*key, access.directory_stamp), build)
    return None if rows is None else list(rows)


def _tree(rows: list[Entry], limit: int | None, order: bool = False):
    """The rows in tree order; None when there are more than `limit`."""
    if limit is not None and len(rows) > limit:
        return None
    by_order = (lambda row: row.order) if order else None
    return tuple(tree_sorted(rows, path=lambda row: row.path, name=lambda row: row.name, order=by_order))


def unit_matches(items: list[Entry], q: str) -> list[dict]:
    best = ranked(items, q, lambda u: (u.name, u.short_name), RESULTS)
    return [{"id": u.pk, "text": u.label} for u in best]


def locality_matches(items: list[Entry], q: str) -> list[dict]:
    best = ranked(items, q, lambda loc: (loc.label,), RESULTS)
    return [{"id": loc.pk, "text": loc.label} for loc in best]


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
        return units(access, everyone=everyone, on=on, queryset=queryset, limit=INLINE_LIMIT)

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
        options=lambda: localities(access, on=on, limit=INLINE_LIMIT),
        on=on,
        date_field=date_field if dated else None,
    )
    field.widget.choices = field.choices


def _url(name: str, access: Access, params: dict) -> str:
    url = reverse(name, kwargs={"committee": access.committee.slug})
    return f"{url}?{urlencode(params)}" if params else url
