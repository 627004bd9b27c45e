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

from django.db import connection
from django.db.models import CharField, Count, F, IntegerField, Min, QuerySet, Sum, Value
from django.db.models.functions import Cast, Coalesce, ExtractMonth, ExtractYear

from activities.models import Activity, Counting
from coordination.models import Locality, Unit
from kit.collation import tree_sorted, vi_key, vi_sorted
from programmes.measures import FUNDING_FIELDS, MEASURES, QUANTITY_FIELDS
from programmes.models import ActivityCategory, Programme

VALUE_FIELDS = (*QUANTITY_FIELDS, *FUNDING_FIELDS)


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
        mine = self.values
        for name, value in other.values.items():
            mine[name] = mine.get(name, 0) + value


def _sum_expressions() -> dict:
    return {name: Sum(name) for name in VALUE_FIELDS}


def _sums(row: dict) -> Sums:
    return Sums(count=row["n"] or 0, values={name: row[name] or 0 for name in VALUE_FIELDS})


def totals(queryset: QuerySet[Activity]) -> Sums:
    """One row: the whole queryset."""
    return _sums(queryset.order_by().aggregate(n=Count("id"), **_sum_expressions()))


# -- grouped tables ---------------------------------------------------------------
# A dimension groups the activities by an integer key, scanning them without
# joins; the names, sort orders, tree paths and parents of the keys come from
# one `labels` query (the unit tree, the categories and the localities used).
DIMENSIONS = {
    "category": F("category_id"),
    "unit": F("lead_unit_id"),
    "locality": F("locality_id"),
    # year × 100 + month: a Tết campaign's December belongs to the next year's programme
    "month": ExtractYear("start_date") * 100 + ExtractMonth("start_date"),
    "year": F("programme__year"),
    # category id × 10000 + programme year: a period's targets year by year
    "category_year": F("category_id") * 10000 + F("programme__year"),
}


@dataclass
class Group:
    key: int | None
    sums: Sums


def _grouped(queryset: QuerySet[Activity], dimension: str, name: str | None = None):
    """SELECT name, key, COUNT(*), SUM(...) ... GROUP BY key."""
    return (
        queryset.order_by()
        .annotate(dim_key=Cast(DIMENSIONS[dimension], IntegerField()))
        .values("dim_key")
        .annotate(dim=Value(name or dimension, output_field=CharField()), n=Count("id"), **_sum_expressions())
        .values_list("dim", "dim_key", "n", *VALUE_FIELDS)
    )


def _tables(rows) -> dict[str, dict[int | None, Group]]:
    tables: dict[str, dict[int | None, Group]] = {}
    for dim, key, n, *values in rows:
        sums = Sums(count=n, values={f: v or 0 for f, v in zip(VALUE_FIELDS, values, strict=True)})
        tables.setdefault(dim, {})[key] = Group(key, sums)
    return tables


def grouped(queryset: QuerySet[Activity], dimension: str) -> dict[int | None, Group]:
    """One GROUP BY query: {key: Group}."""
    return _tables(_grouped(queryset, dimension)).get(dimension, {})


def rolled_up_categories(programme: Programme, counting: str) -> dict[int | None, Group]:
    """The table `grouped` makes of a whole programme's counted activities by
    category, read from the roll-up the triggers keep (activities/rollup.py):
    a few rows per category instead of every activity."""
    from activities import rollup
    from activities.models import COUNTED_STATUSES

    statuses = COUNTED_STATUSES.get(counting, COUNTED_STATUSES[Counting.CONFIRMED])
    return {
        (key or None): Group(key or None, Sums(count=row["count"], values={f: row[f] for f in VALUE_FIELDS}))
        for key, row in rollup.grouped(programme.pk, "category_key", statuses).items()
    }


def grouped_many(parts: list[tuple[QuerySet[Activity], str, str]]) -> dict[str, dict[int | None, Group]]:
    """Several GROUP BY tables, (queryset, dimension, name) each, in one query:
    a UNION ALL of exactly the SQL that `grouped` sends for each. On
    PostgreSQL the tables of one queryset become GROUPING SETS: one scan of
    the activities instead of one per table."""
    if connection.vendor == "postgresql":
        tables = _tables(_grouping_sets(parts))
    else:
        selects = [_grouped(qs, dimension, name) for qs, dimension, name in parts]
        union = selects[0].union(*selects[1:], all=True) if len(selects) > 1 else selects[0]
        tables = _tables(union)
    for _qs, _dimension, name in parts:
        tables.setdefault(name, {})
    return tables


def _grouping_sets(parts: list[tuple[QuerySet[Activity], str, str]]):
    """Rows (name, key, count, sums...) for the parts, grouping the parts that
    share a queryset with GROUPING SETS; the groups of different querysets are
    joined with UNION ALL. The inner SELECTs are the ORM's, so scoping and
    filters are exactly those of the querysets."""
    by_queryset: list[tuple[QuerySet[Activity], list[tuple[str, str]]]] = []
    for qs, dimension, name in parts:
        for known, dims in by_queryset:
            if known is qs:
                dims.append((dimension, name))
                break
        else:
            by_queryset.append((qs, [(dimension, name)]))
    statements, params = [], []
    # bigint, not numeric: psycopg then hands back ints, not Decimals to convert
    # (9.2·10^18 đồng is far beyond any committee's sum).
    sums = ", ".join(f"CAST(SUM(b.{f}) AS bigint)" for f in VALUE_FIELDS)
    for qs, dims in by_queryset:
        keys = {f"k{i}": Cast(DIMENSIONS[d], IntegerField()) for i, (d, _n) in enumerate(dims)}
        inner_sql, inner_params = (
            qs.order_by().annotate(**keys).values(*keys, "id", *VALUE_FIELDS).query.sql_with_params()
        )
        # In each grouping set only its own key column is grouped; the others
        # are NULL there, so COALESCE picks the set's key (NULL stays NULL).
        which = " ".join(f"WHEN GROUPING(b.k{i}) = 0 THEN %s" for i in range(len(dims)))
        key = f"COALESCE({', '.join(f'b.k{i}' for i in range(len(dims)))})" if len(dims) > 1 else "b.k0"
        sets = ", ".join(f"(b.k{i})" for i in range(len(dims)))
        statements.append(
            f"SELECT CASE {which} END, {key}, COUNT(b.id), {sums} FROM ({inner_sql}) b GROUP BY GROUPING SETS ({sets})"
        )
        params += [name for _d, name in dims] + list(inner_params)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(f"({s})" for s in statements), params)
        return cursor.fetchall()


def _sum_of(table: dict[int | None, Group]) -> Sums:
    total = Sums()
    for group in table.values():
        total.add(group.sums)
    return total


@dataclass
class Label:
    name: str
    extra: str = ""  # category: sort order; unit: tree path; locality: parent id
    parent_path: str = ""
    parent_name: str = ""


def labels(committee_id: int, localities) -> dict[str, dict[int, Label]]:
    """Names for the keys of the tables, in one query: every category, the
    committee's unit tree, and the given localities with their parents."""
    blank = Value("", output_field=CharField())

    def rows(qs, kind, extra, parent_path=blank, parent_name=blank):
        return (
            qs.order_by()
            .annotate(
                label_kind=Value(kind, output_field=CharField()),
                label_name=Cast("name", CharField()),
                label_extra=Cast(extra, CharField()),
                label_ppath=Cast(parent_path, CharField()),
                label_pname=Cast(parent_name, CharField()),
            )
            .values_list("label_kind", "pk", "label_name", "label_extra", "label_ppath", "label_pname")
        )

    query = rows(ActivityCategory.objects.all(), "category", F("order")).union(
        rows(Unit.objects.filter(committee_id=committee_id), "unit", F("path")),
        rows(
            Locality.objects.filter(pk__in=localities),
            "locality",
            F("parent_id"),
            Coalesce(F("parent__path"), blank),
            Coalesce(F("parent__name"), blank),
        ),
        all=True,
    )
    result: dict[str, dict[int, Label]] = {"category": {}, "unit": {}, "locality": {}}
    for kind, pk, name, extra, parent_path, parent_name in query:
        result[kind][pk] = Label(name, extra or "", parent_path or "", parent_name or "")
    return result


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


def category_rows(
    table: dict[int | None, Group], names: dict[int, Label], previous: dict[int | None, Group] | None = None
) -> list[Row]:
    """Categories in their configured order, with last year's figures."""
    keys = (set(table) | set(previous or {})) - {None}
    ordered = sorted(keys, key=lambda k: (int(names[k].extra or 0), vi_key(names[k].name)))
    return [
        Row(
            k,
            names[k].name,
            table[k].sums if k in table else Sums(),
            previous=((previous[k].sums if k in previous else Sums()) if previous is not None else None),
        )
        for k in ordered
    ]


def unit_rows(table: dict[int | None, Group], names: dict[int, Label], *, depth: int = 1) -> list[Row]:
    """Units with the totals of everything led by them or below them, down
    to `depth` levels below the top (0 = top-level units only)."""
    rolled: dict[int, Sums] = {}
    for key, group in table.items():
        path = names[key].extra if key in names else ""
        # Only the ancestors shown (down to `depth`) need their totals.
        for ancestor_id in path.strip("/").split("/")[: depth + 1]:
            if ancestor_id:
                rolled.setdefault(int(ancestor_id), Sums()).add(group.sums)
    shown = [(pk, label) for pk, label in names.items() if pk in rolled and label.extra.count("/") - 1 <= depth]
    ordered = tree_sorted(shown, path=lambda item: item[1].extra, name=lambda item: item[1].name)
    return [Row(pk, label.name, rolled[pk], depth=label.extra.count("/") - 1) for pk, label in ordered]


def locality_rows(table: dict[int | None, Group], names: dict[int, Label], *, unknown_label: str) -> list[Row]:
    """Each district (or, in the two-tier system, province) with its
    communes under it, named as they were when the activities took place."""
    parents: dict[int, tuple[str, str, Sums]] = {}
    children: dict[int | None, list[Row]] = {}
    for key, group in table.items():
        if key is None or key not in names:
            continue
        label = names[key]
        parent = int(label.extra) if label.extra else None
        children.setdefault(parent, []).append(Row(key, label.name, group.sums, depth=1))
        if parent is not None:
            sums = parents.get(parent, (label.parent_path, label.parent_name, Sums()))[2]
            sums.add(group.sums)
            parents[parent] = (label.parent_path, label.parent_name, sums)
    rows = []
    for key in sorted(parents, key=lambda k: vi_key(parents[k][1])):
        _path, name, sums = parents[key]
        rows.append(Row(key, name, sums, depth=0))
        rows.extend(vi_sorted(children.get(key, []), key=lambda r: r.label))
    # Localities without a parent (a province itself) are their own row.
    for row in vi_sorted(children.get(None, []), key=lambda r: r.label):
        rows.append(Row(row.key, row.label, row.sums, depth=0))
    if None in table:
        rows.append(Row(None, unknown_label, table[None].sums, depth=0))
    return rows


def month_rows(table: dict[int | None, Group], first: dt.date, last: dt.date, *, year: int) -> list[Row]:
    """Every month from `first` to `last` (and any other month with figures),
    keyed year × 100 + month; the months of the programme's own year are
    labelled "01"…"12", others "12/2022"."""
    keys = set()
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        keys.add(y * 100 + m)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    keys |= {k for k in table if k is not None}
    return [
        Row(
            k,
            f"{k % 100:02d}" if k // 100 == year else f"{k % 100:02d}/{k // 100}",
            table[k].sums if k in table else Sums(),
        )
        for k in sorted(keys)
    ]


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


def target_progress(
    targets,
    by_category: dict[int | None, Group],
    by_category_unit: dict[tuple[int, int], Sums] | None = None,
    unit_names: dict[int, Label] | None = None,
) -> list[TargetProgress]:
    """Targets against actuals. A unit's target counts what it and its
    sub-units led."""
    paths = {pk: label.extra for pk, label in (unit_names or {}).items()}
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
        rows.append(
            TargetProgress(
                target_id=t.pk,
                category_id=t.category_id,
                category=t.category.name,
                measure=t.measure,
                label=str(measure.label) if measure else t.measure,
                unit_of_measure=str(measure.unit_of_measure) if measure else "",
                unit_id=t.unit_id,
                unit=t.unit.name if t.unit_id else "",
                target=t.target_value,
                actual=actual_sums[t.measure],
            )
        )
    return rows


def by_category_and_unit(queryset: QuerySet[Activity]) -> dict[tuple[int, int], Sums]:
    """One GROUP BY (category, lead unit) query, for per-unit targets."""
    rows = queryset.order_by().values("category_id", "lead_unit_id").annotate(n=Count("id"), **_sum_expressions())
    return {(r["category_id"], r["lead_unit_id"]): _sums(r) for r in rows}


# -- the year, as the summary page and the report need it --------------------------------
@dataclass
class YearFigures:
    year: int
    counting: str
    total: Sums
    previous_total: Sums | None
    categories: list[Row]
    units: list[Row]
    localities: list[Row]
    months: list[Row]
    targets: list[TargetProgress]
    previous_year: int | None = None
    span: tuple[dt.date, dt.date] | None = None  # the start dates counted, when not the whole year
    previous_span: tuple[dt.date, dt.date] | None = None

    @property
    def change_amount(self) -> float | None:
        return self.change("amount_total")

    def change(self, name: str) -> float | None:
        if self.previous_total is None or not self.previous_total[name]:
            return None
        return round((self.total[name] - self.previous_total[name]) * 100 / self.previous_total[name], 1)


def year_figures(
    activities: QuerySet[Activity],
    *,
    programme,
    previous_programme=None,
    counting: str = Counting.CONFIRMED,
    unknown_locality: str = "—",
    span: tuple[dt.date, dt.date] | None = None,
    previous_span: tuple[dt.date, dt.date] | None = None,
    whole_committee: bool = False,
) -> YearFigures:
    """All tables of one programme year from `activities` (already scoped to
    what the viewer may see). Three queries: one UNION of the GROUP BYs of
    this year and of the previous year's categories, the committee's units
    (names of the tree for the roll-up), and the targets. With
    `whole_committee` (`activities` are all of the committee's), the previous
    year's categories of a whole year are read from the activity roll-up
    rather than from its rows, in a query of their own."""
    this_year = activities.filter(programme=programme).counted(counting)
    if span is not None:
        this_year = this_year.filter(start_date__range=span)
    parts = [(this_year, d, d) for d in ("category", "unit", "locality", "month")]
    rolled_up = whole_committee and previous_programme is not None and previous_span is None
    if previous_programme is not None and not rolled_up:
        last_year = activities.filter(programme=previous_programme).counted(counting)
        if previous_span is not None:
            last_year = last_year.filter(start_date__range=previous_span)
        parts.append((last_year, "category", "previous"))
    tables = grouped_many(parts)
    if rolled_up:
        tables["previous"] = rolled_up_categories(previous_programme, counting)
    previous_table = tables["previous"] if previous_programme is not None else None
    names = labels(programme.committee_id, [k for k in tables["locality"] if k is not None])
    targets = list(programme.targets.select_related("category", "unit"))
    by_cat_unit = by_category_and_unit(this_year) if any(t.unit_id for t in targets) else None
    return YearFigures(
        year=programme.year,
        counting=counting,
        total=_sum_of(tables["category"]),
        previous_total=_sum_of(previous_table) if previous_table is not None else None,
        previous_year=previous_programme.year if previous_programme else None,
        categories=category_rows(tables["category"], names["category"], previous_table),
        units=unit_rows(tables["unit"], names["unit"]),
        localities=locality_rows(tables["locality"], names["locality"], unknown_label=unknown_locality),
        months=month_rows(tables["month"], *(span or (programme.opening, programme.data_end)), year=programme.year),
        targets=target_progress(targets, tables["category"], by_cat_unit, names["unit"]),
        span=span,
        previous_span=previous_span if previous_programme is not None else None,
    )


@dataclass
class PeriodTarget:
    target_id: int
    category_id: int
    category: str
    measure: str
    label: str
    unit_of_measure: str
    target: int
    by_year: dict[int, int]

    @property
    def actual(self) -> int:
        return sum(self.by_year.values())

    @property
    def percent(self) -> float | None:
        return round(self.actual * 100 / self.target, 1) if self.target else None


@dataclass
class PeriodFigures:
    start: int
    end: int
    years: list[Row]
    categories: list[Row]
    total: Sums
    units: list[Row] = field(default_factory=list)
    localities: list[Row] = field(default_factory=list)
    targets: list[PeriodTarget] = field(default_factory=list)
    folded: bool = False


def latest_successors(locality_ids) -> dict[int, int]:
    """For each locality, the one that carries it on today (itself when it
    was never merged): old communes folded into the communes of the 2025
    reform. One query per reform followed."""
    result = {pk: pk for pk in locality_ids if pk is not None}
    pending = set(result.values())
    for _ in range(10):
        step = dict(Locality.objects.filter(pk__in=pending, successor__isnull=False).values_list("pk", "successor"))
        if not step:
            break
        result = {k: step.get(v, v) for k, v in result.items()}
        pending = set(step.values())
    return result


def period_programmes(committee_id: int, start: int, end: int) -> QuerySet[Programme]:
    """The committee's programmes of the years start–end, as a subquery: the
    planner walks each one's (programme, status) index instead of every row
    of the committee."""
    return Programme.objects.filter(committee_id=committee_id, year__gte=start, year__lte=end).values("pk")


def period_figures(
    activities: QuerySet[Activity],
    *,
    committee_id: int,
    start: int,
    end: int,
    counting: str = Counting.CONFIRMED,
    targets=(),
    fold: bool = False,
    unknown_locality: str = "—",
) -> PeriodFigures:
    """Totals over several programme years (e.g. a 2021–2025 Đề án) of
    `activities`, the rows of the period's programmes (period_programmes):
    by year, category, lead unit, locality and (for the period's targets)
    category and year, all in one query, and (with `fold`) the localities of
    before the 2025 reform counted in the ones that carry them on."""
    targets = list(targets)
    qs = activities.counted(counting)
    dims = ("year", "category", "unit", "locality") + (("category_year",) if targets else ())
    tables = grouped_many([(qs, d, d) for d in dims])
    localities = tables["locality"]
    if fold:
        successor = latest_successors(localities)
        folded: dict[int | None, Group] = {}
        for key, group in localities.items():
            target = successor.get(key, key)
            folded.setdefault(target, Group(target, Sums())).sums.add(group.sums)
        localities = folded
    years = [Row(y, str(y), tables["year"][y].sums if y in tables["year"] else Sums()) for y in range(start, end + 1)]
    names = labels(committee_id, [k for k in localities if k is not None])
    progress = []
    if targets:
        per_year = {divmod(k, 10000): g.sums for k, g in tables["category_year"].items() if k is not None}
        for t in targets:
            measure = MEASURES.get(t.measure)
            progress.append(
                PeriodTarget(
                    target_id=t.pk,
                    category_id=t.category_id,
                    category=t.category.name,
                    measure=t.measure,
                    label=str(measure.label) if measure else t.measure,
                    unit_of_measure=str(measure.unit_of_measure) if measure else "",
                    target=t.target_value,
                    by_year={
                        y: per_year[(t.category_id, y)][t.measure] if (t.category_id, y) in per_year else 0
                        for y in range(start, end + 1)
                    },
                )
            )
    return PeriodFigures(
        start=start,
        end=end,
        years=years,
        categories=category_rows(tables["category"], names["category"]),
        total=_sum_of(tables["year"]),
        units=unit_rows(tables["unit"], names["unit"]),
        localities=locality_rows(localities, names["locality"], unknown_label=unknown_locality),
        targets=progress,
        folded=fold,
    )


def month_bounds(key: int) -> tuple[dt.date, dt.date]:
    """The first and last day of the month keyed year × 100 + month."""
    year, month = divmod(key, 100)
    first = dt.date(year, month, 1)
    last = (dt.date(year + (month == 12), month % 12 + 1, 1)) - dt.timedelta(days=1)
    return first, last


def status_by_unit(queryset: QuerySet[Activity]) -> dict[tuple[int, str], tuple[int, dt.datetime | None]]:
    """{(lead unit, status): (activities, earliest submission)}: one GROUP BY
    query, for the completeness board."""
    rows = (
        queryset.order_by()
        .values("lead_unit_id", "status")
        .annotate(n=Count("id"), first=Min("submitted_at"))
        .values_list("lead_unit_id", "status", "n", "first")
    )
    return {(unit, status): (n, first) for unit, status, n, first in rows}
