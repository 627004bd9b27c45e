"""Reads on activities: the scoped, filtered list and its totals."""

from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import BigIntegerField, Count, Exists, F, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast
from django.db.models.lookups import StartsWith

from activities.models import AMOUNT, Activity, Counting
from coordination.models import CommitteeRole, Locality, Unit
from coordination.permissions import Access, Right
from kit.collation import vi
from kit.text import fold
from programmes.measures import FUNDING_FIELDS, QUANTITY_FIELDS
from programmes.models import ActivityCategory, Programme

ORDERINGS = {
    "-start_date": ("-start_date", "-id"),
    "start_date": ("start_date", "id"),
    "title": ("title", "id"),
    "category": ("category__order", "-start_date", "-id"),
    "lead_unit": (vi("lead_unit__name"), "-start_date", "-id"),
    "-amount": ("-amount", "-id"),
    "status": ("status", "-start_date", "-id"),
}


def of_committee(access: Access) -> Q:
    """Activities of the user's committee. The id goes to PostgreSQL as a
    bigint, the column's own type: the trigram index over (committee, search
    text) can only use an equality of its own type (btree_gin has no
    cross-type operators), and without it a search over all years reads the
    matches of every committee of the installation."""
    return Q(committee_id=Cast(Value(access.committee.pk), BigIntegerField()))


def scope_activities(access: Access, queryset=None, *, programmes=None):
    """Activities the user may read. A secretary reads those led by a unit in
    their subtrees and those their units took part in. With `programmes` (a
    subquery of programme ids), only the rows of those of the committee's
    programmes: the committee then goes without saying, and saying it too
    makes PostgreSQL AND a second index of 100,000 entries per programme."""
    qs = queryset if queryset is not None else Activity.objects.all()
    if programmes is not None:
        qs = qs.filter(programme__in=programmes.filter(committee=access.committee))
    else:
        qs = qs.filter(of_committee(access))
    if access.sees_all:
        return qs
    # The link table alone: no second pass over the activities.
    participated = Activity.participating_units.through.objects.filter(access.unit_q("unit__")).values("activity_id")
    return qs.filter(access.unit_q("lead_unit__") | Q(pk__in=participated))


def needs_check(committee) -> Exists:
    """Led by a sub-unit of a unit that has a middle review level in the
    committee (a regional command, a commune Party committee): such an
    activity is checked there before the standing office reviews it."""
    middle = CommitteeRole.units.through.objects.filter(
        committeerole__committee=committee, committeerole__role=CommitteeRole.Role.MIDDLE
    )
    return Exists(
        middle.filter(StartsWith(OuterRef("lead_unit__path"), F("unit__path"))).exclude(
            unit_id=OuterRef("lead_unit_id")
        )
    )


def _open_programmes(access: Access):
    # A subquery over the committee's own programmes: joined to every
    # programme of the installation, the planner loops over all of them.
    return Programme.objects.filter(committee=access.committee).exclude(status=Programme.Status.CLOSED).values("pk")


def review_queue(access: Access) -> QuerySet[Activity]:
    """What waits for the standing office, oldest sent first: not what still
    waits for its middle level's check."""
    return (
        scope_activities(access)
        .filter(status=Activity.Status.SUBMITTED)
        .exclude(needs_check(access.committee) & Q(checked_at__isnull=True))
        .filter(programme__in=_open_programmes(access))
        .order_by("submitted_at", "id")
    )


def check_queue(access: Access) -> QuerySet[Activity]:
    """What waits for a middle level's check: its sub-units' submitted
    activities not checked yet, oldest sent first."""
    if not access.can(Right.CHECK_SUBUNITS):
        return Activity.objects.none()
    return (
        scope_activities(access)
        .filter(status=Activity.Status.SUBMITTED, checked_at__isnull=True)
        .filter(access.unit_q("lead_unit__"))
        .exclude(lead_unit__path__in=list(access.unit_paths))
        .filter(programme__in=_open_programmes(access))
        .order_by("submitted_at", "id")
    )


def next_in_queue(access: Access, after: Activity) -> Activity | None:
    """The activity waiting after `after` in the queue's order (then from the start)."""
    queue = review_queue(access).exclude(pk=after.pk)
    if after.submitted_at is not None:
        later = queue.filter(
            Q(submitted_at__gt=after.submitted_at) | Q(submitted_at=after.submitted_at, id__gt=after.pk)
        )
        found = later.only("pk").first()
        if found is not None:
            return found
    return queue.only("pk").first()


def editable_activities(access: Access, queryset=None):
    """Activities the user may change: a secretary only those led by a unit in
    their subtrees, never after confirmation; the standing office all."""
    qs = queryset if queryset is not None else Activity.objects.all()
    qs = qs.filter(of_committee(access))
    if access.can(Right.REVIEW_ACTIVITIES):
        return qs
    if not access.can(Right.ENTER_ACTIVITIES):
        return qs.none()
    return qs.filter(access.unit_q("lead_unit__")).exclude(status=Activity.Status.CONFIRMED)


def programme_q(filters: dict) -> Q:
    """The filters' programme or years, for any rows with a programme (the
    activities, their roll-up)."""
    q = Q()
    if filters.get("programme_id"):
        q &= Q(programme_id=filters["programme_id"])
    elif filters.get("year"):
        q &= Q(programme__year=filters["year"])
    if filters.get("year_from"):
        q &= Q(programme__year__gte=filters["year_from"])
    if filters.get("year_to"):
        q &= Q(programme__year__lte=filters["year_to"])
    return q


def filter_activities(access: Access, filters: dict) -> QuerySet[Activity]:
    """Scoped activities matching the cleaned filter values. A unit or a
    locality matches with everything below it; an activity a unit led or
    took part in matches once."""
    qs = scope_activities(access).filter(programme_q(filters))
    if filters.get("category"):
        qs = qs.filter(category=filters["category"])
    if filters.get("unit"):
        unit = filters["unit"]
        if filters.get("credit") == "lead":
            qs = qs.filter(lead_unit__path__startswith=unit.path)
        else:
            participated = Activity.participating_units.through.objects.filter(unit__path__startswith=unit.path).values(
                "activity_id"
            )
            qs = qs.filter(Q(lead_unit__path__startswith=unit.path) | Q(pk__in=participated))
    if filters.get("locality") and filters.get("fold"):
        # the locality and those merged into it (their successor chain leads here)
        qs = qs.filter(locality__in=Locality.objects.filter(pk__in=with_predecessors(filters["locality"])))
    elif filters.get("locality"):
        qs = qs.filter(locality__path__startswith=filters["locality"].path)
    elif filters.get("no_locality"):
        qs = qs.filter(locality__isnull=True)
    if filters.get("status") == Counting.REPORTED:
        qs = qs.counted(Counting.REPORTED)
    elif filters.get("status"):
        qs = qs.filter(status=filters["status"])
    # Dates select by start date, as the figures group by it (month tables).
    if filters.get("date_from"):
        qs = qs.filter(start_date__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(start_date__lte=filters["date_to"])
    if filters.get("q"):
        for word in fold(filters["q"]).split():
            qs = qs.filter(search_text__contains=word)
    return qs


def with_predecessors(locality: Locality) -> set[int]:
    """The ids of a locality, everything under it, and every locality (with
    what was under it) that was merged into it, however many reforms back."""
    ids = set(Locality.objects.filter(path__startswith=locality.path).values_list("pk", flat=True))
    frontier = set(ids)
    for _ in range(10):  # reforms are few; a cycle in bad data cannot loop for ever
        merged = Locality.objects.filter(successor__in=frontier).exclude(pk__in=ids)
        paths = list(merged.values_list("path", flat=True))
        if not paths:
            break
        found = set()
        for path in paths:
            found |= set(Locality.objects.filter(path__startswith=path).values_list("pk", flat=True))
        frontier = found - ids
        ids |= found
    return ids


def order_activities(qs: QuerySet[Activity], sort: str | None) -> QuerySet[Activity]:
    ordering = ORDERINGS.get(sort or "-start_date", ORDERINGS["-start_date"])
    if "-amount" in ordering:
        qs = qs.annotate(amount=AMOUNT)
    return qs.order_by(*ordering)


def activity_totals(qs: QuerySet[Activity]) -> dict[str, int]:
    """Count and sums of every measure and funding source, in one query."""
    sums = {name: Sum(name) for name in (*QUANTITY_FIELDS, *FUNDING_FIELDS)}
    row = qs.order_by().aggregate(count=Count("id"), amount_total=Sum(AMOUNT), **sums)
    return {k: v or 0 for k, v in row.items()}


def list_rows(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    return qs.select_related("category", "lead_unit", "locality", "programme")


@dataclass
class HistoryChange:
    label: str
    old: str
    new: str
    field: str = ""


@dataclass
class HistoryEntry:
    when: object
    who: object
    kind: str  # "+" created, "~" changed, "-" deleted
    changes: list[HistoryChange] = field(default_factory=list)
    status: str = ""  # the status it moved to, when the change was a step of the review

    @property
    def action(self) -> str:
        """What the step was, as the office says it: sent for review,
        confirmed, returned, taken back to draft; else created, changed."""
        from django.utils.translation import gettext

        if self.kind == "+":
            return gettext("created")
        if self.kind == "-":
            return gettext("deleted")
        steps = {
            Activity.Status.SUBMITTED: gettext("sent for review"),
            Activity.Status.CONFIRMED: gettext("confirmed"),
            Activity.Status.RETURNED: gettext("returned"),
            Activity.Status.DRAFT: gettext("taken back to draft"),
        }
        return steps.get(self.status, gettext("changed"))


class _UnitsChange(NamedTuple):
    field: str
    old: list
    new: list


_QUIET_FIELDS = [
    "updated_at",
    "search_text",
    "version",
    "created_at",
    "created_by",
    "submitted_by",
    "submitted_at",
    "reviewed_by",
    "reviewed_at",
]


def _units_of(records) -> dict[int, list[int]]:
    """The participating units of every history record, in one query
    (diff_against would ask twice per record)."""
    units_of: dict[int, list[int]] = {r.pk: [] for r in records}
    if records:
        through = records[0].participating_units.model
        for history_id, unit_id in through.objects.filter(history__in=list(units_of)).values_list("history", "unit"):
            units_of[history_id].append(unit_id)
    return units_of


def _raw_changes(previous, record, units_of) -> list:
    changes = record.diff_against(previous, excluded_fields=[*_QUIET_FIELDS, "participating_units"]).changes
    old, new = sorted(units_of[previous.pk]), sorted(units_of[record.pk])
    if old != new:
        changes.append(_UnitsChange("participating_units", [{"unit": u} for u in old], [{"unit": u} for u in new]))
    return changes


def _named(raw_lists: list[list]) -> list[list[HistoryChange]]:
    """The stored ids and codes of each list of changes as people read them,
    one query per referenced model for all the lists together."""
    ids: dict[str, set] = {"programme": set(), "category": set(), "lead_unit": set(), "locality": set(), "units": set()}
    for changes in raw_lists:
        for c in changes:
            if c.field in ids:
                ids[c.field].update(v for v in (c.old, c.new) if v)
            elif c.field == "participating_units":
                for rows in (c.old, c.new):
                    ids["units"].update(r["unit"] for r in rows or [])
    names = {
        "programme": dict(Programme.objects.filter(pk__in=ids["programme"]).values_list("pk", "year")),
        "category": dict(ActivityCategory.objects.filter(pk__in=ids["category"]).values_list("pk", "name")),
        "lead_unit": dict(Unit.objects.filter(pk__in=ids["lead_unit"]).values_list("pk", "name")),
        "locality": dict(Locality.objects.filter(pk__in=ids["locality"]).values_list("pk", "name")),
    }
    unit_names = dict(Unit.objects.filter(pk__in=ids["units"]).values_list("pk", "name")) if ids["units"] else {}
    statuses = dict(Activity.Status.choices)

    def show(field_name, value):
        if value in (None, ""):
            return "—"
        if field_name in names:
            return str(names[field_name].get(value, value))
        if field_name == "participating_units":
            return ", ".join(sorted(unit_names.get(r["unit"], "?") for r in value)) or "—"
        if field_name == "status":
            return str(statuses.get(value, value))
        if hasattr(value, "strftime"):
            return value.strftime("%d/%m/%Y")
        if isinstance(value, int):
            from django.utils.formats import number_format

            return number_format(value, force_grouping=True)
        return str(value)

    named = []
    for changes in raw_lists:
        row = []
        for c in changes:
            label = str(Activity._meta.get_field(c.field).verbose_name)
            row.append(
                HistoryChange(label[:1].upper() + label[1:], show(c.field, c.old), show(c.field, c.new), c.field)
            )
        named.append(row)
    return named


def history_entries(activity: Activity) -> list[HistoryEntry]:
    """Every change to the activity, newest first: who, when, old → new."""
    records = list(activity.history.select_related("history_user").order_by("history_date", "history_id"))
    units_of = _units_of(records)
    entries: list[HistoryEntry] = []
    raw: list[list] = []
    for previous, record in zip([None, *records], records):  # noqa: B905 -- one longer on purpose
        changes = _raw_changes(previous, record, units_of) if previous is not None else []
        if previous is not None and not changes:
            continue
        moved = previous is not None and previous.status != record.status
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                kind=record.history_type,
                status=record.status if moved else "",
            )
        )
        raw.append(changes)
    for entry, changes in zip(entries, _named(raw), strict=True):
        entry.changes = changes
    return list(reversed(entries))


def changes_between(activity: Activity, version: int) -> list[HistoryChange]:
    """What differs between the activity as it stood at `version` (its last
    record with that version) and as it stands now, named as in the history."""
    records = list(activity.history.order_by("history_date", "history_id"))
    old = next((r for r in reversed(records) if r.version == version), None)
    if old is None or not records or records[-1].pk == old.pk:
        return []
    new = records[-1]
    units_of = _units_of([old, new])
    return _named([_raw_changes(old, new, units_of)])[0]
