"""The activity roll-up (ActivityTotal): database triggers keep it, in the
same transaction as every insert, update or delete of an activity — by the
ORM, a bulk import, a queryset update or raw SQL alike — and the totals row of
the activity list reads it whenever the filters allow.

An update that changes none of the counted columns (a title, a version
number) does not touch the roll-up, so editing an activity's text does not
queue behind the review of another one. When a row moves from one key to
another, the two keys are applied in a fixed order so that two moves in
opposite directions cannot deadlock."""

from django.db import connection as default_connection
from django.db.models import Sum

from kit.triggers import execute
from programmes.measures import FUNDING_FIELDS, QUANTITY_FIELDS

SUMMED = (*QUANTITY_FIELDS, *FUNDING_FIELDS)
ACTIVITY = "activities_activity"
TOTAL = "activities_activitytotal"
KEY = ("programme_id", "status", "category_key")

# The list filters the roll-up can answer: nothing that picks rows by unit,
# locality, date or words.
SERVED = frozenset({"programme_id", "year", "year_from", "year_to", "category", "status", "sort"})


def _add_sql(row: str, *, vendor: str) -> str:
    """One INSERT … ON CONFLICT adding the NEW row to its key."""
    key = f"{row}.programme_id, {row}.status, COALESCE({row}.category_id, 0)"
    values = ", ".join(f"{row}.{f}" for f in SUMMED)
    prefix = f"{TOTAL}." if vendor == "postgresql" else ""
    updates = ", ".join(f"{f} = {prefix}{f} + excluded.{f}" for f in ("count", *SUMMED))
    return (
        f"INSERT INTO {TOTAL} (programme_id, status, category_key, count, {', '.join(SUMMED)}) "
        f"VALUES ({key}, 1, {values}) "
        f"ON CONFLICT (programme_id, status, category_key) DO UPDATE SET {updates};"
    )


def _take_sql(row: str) -> str:
    """One UPDATE taking the OLD row off its key. The key's row exists
    whenever the row was counted; where it does not (a flush that emptied the
    roll-up first), nothing is written."""
    updates = ", ".join(f"{f} = {f} - {row}.{f}" for f in SUMMED)
    return (
        f"UPDATE {TOTAL} SET count = count - 1, {updates} "
        f"WHERE programme_id = {row}.programme_id AND status = {row}.status "
        f"AND category_key = COALESCE({row}.category_id, 0);"
    )


def _unchanged(vendor: str) -> str:
    columns = ("programme_id", "status", "category_id", *SUMMED)
    old = ", ".join(f"OLD.{c}" for c in columns)
    new = ", ".join(f"NEW.{c}" for c in columns)
    if vendor == "postgresql":
        return f"({old}) IS NOT DISTINCT FROM ({new})"
    return " AND ".join(f"OLD.{c} IS NEW.{c}" for c in columns)


def _postgresql_sql() -> list[str]:
    old_first = (
        "(OLD.programme_id, OLD.status, COALESCE(OLD.category_id, 0)) "
        "< (NEW.programme_id, NEW.status, COALESCE(NEW.category_id, 0))"
    )
    add_new = _add_sql("NEW", vendor="postgresql")
    take_old = _take_sql("OLD")
    function = f"""
CREATE OR REPLACE FUNCTION activity_totals_apply() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {add_new}
    ELSIF TG_OP = 'DELETE' THEN
        {take_old}
    ELSIF {_unchanged("postgresql")} THEN
        RETURN NULL;
    ELSIF {old_first} THEN
        {take_old}
        {add_new}
    ELSE
        {add_new}
        {take_old}
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;"""
    return [
        function,
        f"DROP TRIGGER IF EXISTS activity_totals ON {ACTIVITY};",
        f"CREATE TRIGGER activity_totals AFTER INSERT OR UPDATE OR DELETE ON {ACTIVITY} "
        "FOR EACH ROW EXECUTE FUNCTION activity_totals_apply();",
    ]


def _sqlite_sql() -> list[str]:
    # SQLite serialises writers, so the order of the two keys does not matter.
    add_new = _add_sql("NEW", vendor="sqlite")
    take_old = _take_sql("OLD")
    return [
        "DROP TRIGGER IF EXISTS activity_totals_insert;",
        "DROP TRIGGER IF EXISTS activity_totals_update;",
        "DROP TRIGGER IF EXISTS activity_totals_delete;",
        f"CREATE TRIGGER activity_totals_insert AFTER INSERT ON {ACTIVITY} BEGIN {add_new} END;",
        f"CREATE TRIGGER activity_totals_update AFTER UPDATE ON {ACTIVITY} "
        f"WHEN NOT ({_unchanged('sqlite')}) BEGIN {take_old} {add_new} END;",
        f"CREATE TRIGGER activity_totals_delete AFTER DELETE ON {ACTIVITY} BEGIN {take_old} END;",
    ]


def install(connection=default_connection) -> None:
    """Creates (or replaces) the triggers on this database. A migration that
    adds a measure column calls it again (the triggers name every column)."""
    execute(connection, _postgresql_sql() if connection.vendor == "postgresql" else _sqlite_sql())


def uninstall(connection=default_connection) -> None:
    statements = (
        [f"DROP TRIGGER IF EXISTS activity_totals ON {ACTIVITY};", "DROP FUNCTION IF EXISTS activity_totals_apply();"]
        if connection.vendor == "postgresql"
        else [f"DROP TRIGGER IF EXISTS activity_totals_{op};" for op in ("insert", "update", "delete")]
    )
    execute(connection, statements)


def rebuild(connection=default_connection, *, programme_ids=None) -> None:
    """Recomputes the roll-up from the activities (after a load that bypassed
    the triggers), for some programmes or all."""
    where = ""
    params: list = []
    if programme_ids is not None:
        ids = list(programme_ids)
        if not ids:
            return
        where = f" WHERE programme_id IN ({', '.join(['%s'] * len(ids))})"
        params = ids
    sums = ", ".join(f"SUM({f})" for f in SUMMED)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TOTAL}{where}", params)
        cursor.execute(
            f"INSERT INTO {TOTAL} (programme_id, status, category_key, count, {', '.join(SUMMED)}) "
            f"SELECT programme_id, status, COALESCE(category_id, 0), COUNT(*), {sums} FROM {ACTIVITY}{where} "
            "GROUP BY programme_id, status, COALESCE(category_id, 0)",
            params,
        )


def served(access, filters: dict) -> bool:
    """Whether the list's totals for these filters can be read from the roll-up."""
    used = {k for k, v in filters.items() if v not in (None, "", False)}
    return access.sees_all and used <= SERVED


def totals(access, filters: dict) -> dict[str, int]:
    """The list's totals row from the roll-up: the same keys and figures as
    activities.selectors.activity_totals over the same filters."""
    from activities.models import COUNTED_STATUSES, ActivityTotal, Counting
    from activities.selectors import programme_q

    qs = ActivityTotal.objects.filter(programme_q(filters), programme__committee=access.committee)
    if filters.get("category"):
        qs = qs.filter(category_key=filters["category"].pk)
    if filters.get("status") == Counting.REPORTED:
        qs = qs.filter(status__in=COUNTED_STATUSES[Counting.REPORTED])
    elif filters.get("status"):
        qs = qs.filter(status=filters["status"])
    row = qs.aggregate(count=Sum("count"), **{f: Sum(f) for f in SUMMED})
    result = {k: v or 0 for k, v in row.items()}
    result["amount_total"] = sum(result[f] for f in FUNDING_FIELDS)
    return result


def grouped(programme_id: int, key: str, statuses=None) -> dict:
    """A programme's activities grouped by `key` ("status" or "category_key")
    from the roll-up, optionally of some statuses only: {key value: {"count":
    …, measure: sum, …}} for each value that has rows."""
    from activities.models import ActivityTotal

    rows = ActivityTotal.objects.filter(programme_id=programme_id)
    if statuses is not None:
        rows = rows.filter(status__in=statuses)
    rows = rows.order_by().values(key).annotate(n=Sum("count"), **{f"s_{f}": Sum(f) for f in SUMMED})
    # PostgreSQL sums bigints as numeric: ints here.
    return {r[key]: {"count": int(r["n"]), **{f: int(r[f"s_{f}"] or 0) for f in SUMMED}} for r in rows if r["n"]}


def by_status(programme_id: int) -> dict[str, dict[str, int]]:
    """A programme's activities per status from the roll-up."""
    return grouped(programme_id, "status")
