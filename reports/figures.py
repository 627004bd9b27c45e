"""Every aggregate a page or a printed document shows, in one place.

Pure functions over querysets that return plain dataclasses. Each table is
one GROUP BY query; `year_figures` sends the tables a summary needs as one
UNION of the same GROUP BYs, so the screen and the printed report read the
very same numbers. No function loops over activities in Python: the loops
here run over groups (categories, units, localities, months).

Each activity counts once, credited to its lead unit: activities with
several participating units are never counted twice in a total.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import CharField, Count, F, IntegerField, QuerySet, Sum, Value
from django.db.models.functions import Cast, ExtractMonth

from activities.measures import FUNDING_FIELDS, MEASURES, QUANTITY_FIELDS
from activities.models import Activity
from coordination.models import Unit

VALUE_FIELDS = (*QUANTITY_FIELDS, *FUNDING_FIELDS)
AMOUNT = F("funding_state") + F("funding_social") + F("funding_units")


class StatusScope:
    """Which activities count. By default only confirmed ones."""

    CONFIRMED = "confirmed"
    REPORTED = "reported"  # submitted or confirmed: what units have reported so far
    STATUSES = {CONFIRMED: ("confirmed",), REPORTED: ("submitted", "confirmed")}


def counted(queryset: QuerySet[Activity], scope: str = StatusScope.CONFIRMED) -> QuerySet[Activity]:
    return queryset.filter(status__in=StatusScope.STATUSES.get(scope, StatusScope.STATUSES[StatusScope.CONFIRMED]))


@dataclass
class Sums:
    """Count of activities and the sum of every measure and funding source."""

    count: int = 0
    values: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, name: str) -> int:
        if name == "amount_total":
            return sum(self.values.get(f, 0) for f in FUNDING_FIELDS)
        if name not in VALUE_FIELDS:
            raise KeyError(name)  # templates then fall back to attributes (count, amount_total)
        return self.values.get(name, 0)

    def get(self, name: str, default=None):
        return self[name]

    @property
    def amount_total(self) -> int:
        return self["amount_total"]

    def add(self, other: "Sums") -> None:
        self.count += other.count
        for name in VALUE_FIELDS:
            self.values[name] = self.values.get(name, 0) + other.values.get(name, 0)


def _sum_expressions() -> dict:
    return {name: Sum(name) for name in VALUE_FIELDS}


def _sums(row: dict) -> Sums:
    return Sums(count=row["n"] or 0, values={name: row[name] or 0 for name in VALUE_FIELDS})


def totals(queryset: QuerySet[Activity]) -> Sums:
    """One row: the whole queryset."""
    return _sums(queryset.order_by().aggregate(n=Count("id"), **_sum_expressions()))


# -- grouped tables ---------------------------------------------------------------
# A dimension groups by an integer key and carries, from the same rows, a
# label and an extra text (sort order, tree path or parent), so the tables
# need no second query for names.
def _text(expr):
    return Cast(expr, CharField())


DIMENSIONS = {
    "category": (F("category_id"), F("category__name"), _text(F("category__order"))),
    "unit": (F("lead_unit_id"), F("lead_unit__name"), F("lead_unit__path")),
    "locality": (F("locality_id"), F("locality__name"), _text(F("locality__parent_id"))),
    "district": (F("locality__parent_id"), F("locality__parent__name"), F("locality__parent__path")),
    "month": (ExtractMonth("start_date"), Value(""), Value("")),
    "year": (F("programme__year"), Value(""), Value("")),
}


@dataclass
class Group:
    key: int | None
    label: str
    extra: str
    sums: Sums


def _grouped(queryset: QuerySet[Activity], dimension: str, name: str | None = None):
    """SELECT name, key, label, extra, COUNT(*), SUM(...) ... GROUP BY key."""
    key, label, extra = DIMENSIONS[dimension]
    return (
        queryset.order_by()
        .annotate(
            dim_key=Cast(key, IntegerField()),
            dim_label=Cast(label, CharField()),
            dim_extra=Cast(extra, CharField()),
        )
        .values("dim_key", "dim_label", "dim_extra")
        .annotate(dim=Value(name or dimension, output_field=CharField()), n=Count("id"), **_sum_expressions())
        .values_list("dim", "dim_key", "dim_label", "dim_extra", "n", *VALUE_FIELDS)
    )


def _tables(rows) -> dict[str, dict[int | None, Group]]:
    tables: dict[str, dict[int | None, Group]] = {}
    for dim, key, label, extra, n, *values in rows:
        sums = Sums(count=n, values={f: v or 0 for f, v in zip(VALUE_FIELDS, values, strict=True)})
        tables.setdefault(dim, {})[key] = Group(key, label or "", extra or "", sums)
    return tables


def grouped(queryset: QuerySet[Activity], dimension: str) -> dict[int | None, Group]:
    """One GROUP BY query: {key: Group}."""
    return _tables(_grouped(queryset, dimension)).get(dimension, {})


def grouped_many(parts: list[tuple[QuerySet[Activity], str, str]]) -> dict[str, dict[int | None, Group]]:
    """Several GROUP BY tables, (queryset, dimension, name) each, in one query:
    a UNION ALL of exactly the SQL that `grouped` sends for each."""
    selects = [_grouped(qs, dimension, name) for qs, dimension, name in parts]
    union = selects[0].union(*selects[1:], all=True) if len(selects) > 1 else selects[0]
    tables = _tables(union)
    for _qs, _dimension, name in parts:
        tables.setdefault(name, {})
    return tables


def _sum_of(table: dict[int | None, Group]) -> Sums:
    total = Sums()
    for group in table.values():
        total.add(group.sums)
    return total


# -- rows for the tables ---------------------------------------------------------------
@dataclass
class Row:
    key: int | None
    label: str
    sums: Sums
    depth: int = 0
    previous: Sums | None = None

    def change(self, name: str = "amount_total") -> float | None:
        """Change against the previous year, in percent (None when there
        is nothing to compare with)."""
        if self.previous is None:
            return None
        before, now = self.previous[name], self.sums[name]
        if before == 0:
            return None
        return round((now - before) * 100 / before, 1)


def category_rows(table: dict[int | None, Group], previous: dict[int | None, Group] | None = None) -> list[Row]:
    """Categories in their configured order, with last year's figures."""
    keys = set(table) | set(previous or {})
    groups = {k: table.get(k) or (previous or {}).get(k) for k in keys}
    ordered = sorted(keys, key=lambda k: (int(groups[k].extra or 0), groups[k].label))
    return [
        Row(k, groups[k].label, table[k].sums if k in table else Sums(),
            previous=((previous[k].sums if k in previous else Sums()) if previous is not None else None))
        for k in ordered
    ]  # fmt: skip


def unit_rows(table: dict[int | None, Group], units: list[Unit], *, depth: int = 1) -> list[Row]:
    """Units with the totals of everything led by them or below them, down
    to `depth` levels below the top (0 = top-level units only)."""
    rolled: dict[int, Sums] = {}
    for group in table.values():
        for ancestor_id in (int(x) for x in group.extra.strip("/").split("/") if x):
            rolled.setdefault(ancestor_id, Sums()).add(group.sums)
    rows = []
    for unit in sorted(units, key=lambda u: u.path):
        level = unit.path.count("/") - 1
        if unit.pk in rolled and level <= depth:
            rows.append(Row(unit.pk, unit.name, rolled[unit.pk], depth=level))
    return rows


def locality_rows(table: dict[int | None, Group], districts: dict[int | None, Group], *,
                  unknown_label: str) -> list[Row]:  # fmt: skip
    """Each district (or, in the two-tier system, province) with its
    communes under it, named as they were when the activities took place."""
    children: dict[int | None, list[Row]] = {}
    for key, group in table.items():
        if key is None:
            continue
        parent = int(group.extra) if group.extra else None
        children.setdefault(parent, []).append(Row(key, group.label, group.sums, depth=1))
    rows = []
    for key in sorted((k for k in districts if k is not None), key=lambda k: districts[k].extra):
        rows.append(Row(key, districts[key].label, districts[key].sums, depth=0))
        rows.extend(sorted(children.get(key, []), key=lambda r: r.label))
    # Localities without a parent (a province itself) are their own row.
    for row in sorted(children.get(None, []), key=lambda r: r.label):
        rows.append(Row(row.key, row.label, row.sums, depth=0))
    if None in table:
        rows.append(Row(None, unknown_label, table[None].sums, depth=0))
    return rows


def month_rows(table: dict[int | None, Group]) -> list[Row]:
    return [Row(m, f"{m:02d}", table[m].sums if m in table else Sums()) for m in range(1, 13)]


# -- targets -----------------------------------------------------------------------------
@dataclass
class TargetProgress:
    target_id: int
    category_id: int
    category: str
    measure: str
    label: str
    unit_of_measure: str
    unit_id: int | None
    unit: str
    target: int
    actual: int

    @property
    def percent(self) -> float | None:
        if not self.target:
            return None
        return round(self.actual * 100 / self.target, 1)

    @property
    def met(self) -> bool:
        return self.actual >= self.target


def target_progress(targets, by_category: dict[int | None, Group],
                    by_category_unit: dict[tuple[int, int], Sums] | None = None,
                    units: list[Unit] | None = None) -> list[TargetProgress]:  # fmt: skip
    """Targets against actuals. A unit's target counts what it and its
    sub-units led."""
    paths = {u.pk: u.path for u in units or []}
    rows = []
    for t in targets:
        if t.unit_id and by_category_unit is not None:
            prefix = paths.get(t.unit_id, "\0")
            actual_sums = Sums()
            for (cat_id, unit_id), sums in by_category_unit.items():
                if cat_id == t.category_id and paths.get(unit_id, "").startswith(prefix):
                    actual_sums.add(sums)
        else:
            group = by_category.get(t.category_id)
            actual_sums = group.sums if group else Sums()
        measure = MEASURES.get(t.measure)
        rows.append(TargetProgress(
            target_id=t.pk, category_id=t.category_id, category=t.category.name, measure=t.measure,
            label=str(measure.label) if measure else t.measure,
            unit_of_measure=str(measure.unit_of_measure) if measure else "", unit_id=t.unit_id,
            unit=t.unit.name if t.unit_id else "", target=t.target_value, actual=actual_sums[t.measure],
        ))  # fmt: skip
    return rows


def by_category_and_unit(queryset: QuerySet[Activity]) -> dict[tuple[int, int], Sums]:
    """One GROUP BY (category, lead unit) query, for per-unit targets."""
    rows = queryset.order_by().values("category_id", "lead_unit_id").annotate(n=Count("id"), **_sum_expressions())
    return {(r["category_id"], r["lead_unit_id"]): _sums(r) for r in rows}


# -- the year, as the summary page and the report need it --------------------------------
@dataclass
class YearFigures:
    year: int
    scope: str
    total: Sums
    previous_total: Sums | None
    categories: list[Row]
    units: list[Row]
    localities: list[Row]
    months: list[Row]
    targets: list[TargetProgress]
    previous_year: int | None = None

    @property
    def change_amount(self) -> float | None:
        return self.change("amount_total")

    def change(self, name: str) -> float | None:
        if self.previous_total is None or not self.previous_total[name]:
            return None
        return round((self.total[name] - self.previous_total[name]) * 100 / self.previous_total[name], 1)


def year_figures(activities: QuerySet[Activity], *, programme, previous_programme=None,
                 scope: str = StatusScope.CONFIRMED, unknown_locality: str = "—") -> YearFigures:  # fmt: skip
    """All tables of one programme year from `activities` (already scoped to
    what the viewer may see). Three queries: one UNION of the GROUP BYs of
    this year and of the previous year's categories, the committee's units
    (names of the tree for the roll-up), and the targets."""
    this_year = counted(activities.filter(programme=programme), scope)
    parts = [(this_year, d, d) for d in ("category", "unit", "locality", "district", "month")]
    if previous_programme is not None:
        parts.append((counted(activities.filter(programme=previous_programme), scope), "category", "previous"))
    tables = grouped_many(parts)
    previous_table = tables["previous"] if previous_programme is not None else None
    units = list(Unit.objects.filter(committee=programme.committee_id).only("pk", "name", "path"))
    targets = list(programme.targets.select_related("category", "unit"))
    by_cat_unit = by_category_and_unit(this_year) if any(t.unit_id for t in targets) else None
    return YearFigures(
        year=programme.year,
        scope=scope,
        total=_sum_of(tables["category"]),
        previous_total=_sum_of(previous_table) if previous_table is not None else None,
        previous_year=previous_programme.year if previous_programme else None,
        categories=category_rows(tables["category"], previous_table),
        units=unit_rows(tables["unit"], units),
        localities=locality_rows(tables["locality"], tables["district"], unknown_label=unknown_locality),
        months=month_rows(tables["month"]),
        targets=target_progress(targets, tables["category"], by_cat_unit, units),
    )


@dataclass
class PeriodFigures:
    start: int
    end: int
    years: list[Row]
    categories: list[Row]
    total: Sums


def period_figures(activities: QuerySet[Activity], *, start: int, end: int,
                   scope: str = StatusScope.CONFIRMED) -> PeriodFigures:  # fmt: skip
    """Totals over several programme years (e.g. a 2021–2025 project): by
    year and by category, in one query."""
    qs = counted(activities.filter(programme__year__gte=start, programme__year__lte=end), scope)
    tables = grouped_many([(qs, "year", "year"), (qs, "category", "category")])
    years = [Row(y, str(y), tables["year"][y].sums if y in tables["year"] else Sums()) for y in range(start, end + 1)]
    return PeriodFigures(start=start, end=end, years=years, categories=category_rows(tables["category"]),
                         total=_sum_of(tables["year"]))  # fmt: skip


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    last = (dt.date(year + (month == 12), month % 12 + 1, 1)) - dt.timedelta(days=1)
    return first, last
