"""The figures stamps (FiguresStamp): per programme, one random number per
status of its activities, and one (status "") for the rest of what its
figures are made of (the programme row, its targets, the categories).
Database triggers give a stamp a new random value in the same transaction as
any insert, update or delete of what it covers — by the ORM, an import, a
queryset update or raw SQL alike — so a web process may keep a programme's
figures under the stamps it read them with: while the stamps are the same,
so are the rows. An activity's row renews the stamps of its status before
and after the write, so a secretary saving a draft leaves the confirmed
figures a chair is looking at as they were kept.

Random rather than a counter, for the reason given in
coordination/directory.py. A status whose stamp does not exist yet has had
no activity since the triggers were installed (`install` writes one for
every status present), so "no stamp" is a state like any other.

Installed after every migrate, as SQLite drops a table's triggers when a
migration rebuilds the table."""

from django.db import connection as default_connection

from kit.triggers import RANDOM_BIGINT as _RANDOM
from kit.triggers import execute

STAMP = "activities_figuresstamp"
ACTIVITY = "activities_activity"
PROGRAMME = "programmes_programme"
TARGET = "programmes_target"
CATEGORY = "activities_activitycategory"
OTHER = ""  # the status of the stamp of what is not an activity
_UPSERT = "ON CONFLICT (programme, status) DO UPDATE SET stamp = excluded.stamp"


def _postgresql_sql() -> list[str]:
    random = _RANDOM["postgresql"]
    # One statement touching ten thousand activities renews each of their
    # (programme, status) stamps once, in a fixed order (no deadlock between
    # two such statements).
    renew = (
        f"INSERT INTO {STAMP} (programme, status, stamp) "
        f"SELECT programme_id, status, {random} FROM ({{keys}}) k ORDER BY programme_id, status {_UPSERT};"
    )
    keys = {
        "INSERT": "SELECT DISTINCT programme_id, status FROM new_rows",
        "DELETE": "SELECT DISTINCT programme_id, status FROM old_rows",
        "UPDATE": "SELECT programme_id, status FROM new_rows UNION SELECT programme_id, status FROM old_rows",
    }
    other = f"INSERT INTO {STAMP} (programme, status, stamp) VALUES ({{row}}, '', {random}) {_UPSERT};"
    statements = [
        f"""CREATE OR REPLACE FUNCTION figures_stamp_activities() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN {renew.format(keys=keys["INSERT"])}
    ELSIF TG_OP = 'DELETE' THEN {renew.format(keys=keys["DELETE"])}
    ELSE {renew.format(keys=keys["UPDATE"])}
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;""",
        f"""CREATE OR REPLACE FUNCTION figures_stamp_programme() RETURNS trigger AS $$
BEGIN {other.format(row="NEW.id")} RETURN NULL; END $$ LANGUAGE plpgsql;""",
        f"""CREATE OR REPLACE FUNCTION figures_stamp_target() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN {other.format(row="NEW.programme_id")} END IF;
    IF TG_OP <> 'INSERT' THEN {other.format(row="OLD.programme_id")} END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;""",
        f"""CREATE OR REPLACE FUNCTION figures_stamp_all() RETURNS trigger AS $$
BEGIN UPDATE {STAMP} SET stamp = {random} WHERE status = ''; RETURN NULL; END $$ LANGUAGE plpgsql;""",
        *_drop("postgresql"),
    ]
    # PostgreSQL gives transition tables to a trigger of one event only.
    for op, tables in (
        ("INSERT", "NEW TABLE AS new_rows"),
        ("DELETE", "OLD TABLE AS old_rows"),
        ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    ):
        statements.append(
            f"CREATE TRIGGER figures_stamp_{op.lower()} AFTER {op} ON {ACTIVITY} REFERENCING {tables} "
            "FOR EACH STATEMENT EXECUTE FUNCTION figures_stamp_activities();"
        )
    statements += [
        f"CREATE TRIGGER figures_stamp_programme AFTER INSERT OR UPDATE ON {PROGRAMME} "
        "FOR EACH ROW EXECUTE FUNCTION figures_stamp_programme();",
        f"CREATE TRIGGER figures_stamp_target AFTER INSERT OR UPDATE OR DELETE ON {TARGET} "
        "FOR EACH ROW EXECUTE FUNCTION figures_stamp_target();",
        f"CREATE TRIGGER figures_stamp_category AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {CATEGORY} "
        "FOR EACH STATEMENT EXECUTE FUNCTION figures_stamp_all();",
    ]
    return statements


def _sqlite_sql() -> list[str]:
    random = _RANDOM["sqlite"]

    def renew(programme: str, status: str) -> str:
        return f"INSERT INTO {STAMP} (programme, status, stamp) VALUES ({programme}, {status}, {random}) {_UPSERT};"

    activity_new, activity_old = renew("NEW.programme_id", "NEW.status"), renew("OLD.programme_id", "OLD.status")
    target_new, target_old = renew("NEW.programme_id", "''"), renew("OLD.programme_id", "''")
    every = f"UPDATE {STAMP} SET stamp = {random} WHERE status = '';"
    programme = renew("NEW.id", "''")
    return [
        *_drop("sqlite"),
        f"CREATE TRIGGER figures_stamp_insert AFTER INSERT ON {ACTIVITY} BEGIN {activity_new} END;",
        f"CREATE TRIGGER figures_stamp_update AFTER UPDATE ON {ACTIVITY} BEGIN {activity_old} {activity_new} END;",
        f"CREATE TRIGGER figures_stamp_delete AFTER DELETE ON {ACTIVITY} BEGIN {activity_old} END;",
        f"CREATE TRIGGER figures_stamp_programme_insert AFTER INSERT ON {PROGRAMME} BEGIN {programme} END;",
        f"CREATE TRIGGER figures_stamp_programme_update AFTER UPDATE ON {PROGRAMME} BEGIN {programme} END;",
        f"CREATE TRIGGER figures_stamp_target_insert AFTER INSERT ON {TARGET} BEGIN {target_new} END;",
        f"CREATE TRIGGER figures_stamp_target_update AFTER UPDATE ON {TARGET} BEGIN {target_old} {target_new} END;",
        f"CREATE TRIGGER figures_stamp_target_delete AFTER DELETE ON {TARGET} BEGIN {target_old} END;",
        *(
            f"CREATE TRIGGER figures_stamp_category_{op.lower()} AFTER {op} ON {CATEGORY} BEGIN {every} END;"
            for op in ("INSERT", "UPDATE", "DELETE")
        ),
    ]


def _drop(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            *(f"DROP TRIGGER IF EXISTS figures_stamp_{op} ON {ACTIVITY};" for op in ("insert", "update", "delete")),
            f"DROP TRIGGER IF EXISTS figures_stamp_programme ON {PROGRAMME};",
            f"DROP TRIGGER IF EXISTS figures_stamp_target ON {TARGET};",
            f"DROP TRIGGER IF EXISTS figures_stamp_category ON {CATEGORY};",
        ]
    names = [f"{table}{op}" for table in ("", "target_") for op in ("insert", "update", "delete")]
    names += ["programme_insert", "programme_update"] + [f"category_{op}" for op in ("insert", "update", "delete")]
    return [f"DROP TRIGGER IF EXISTS figures_stamp_{name};" for name in names]


def install(connection=default_connection) -> None:
    """(Re)create the triggers, and a stamp for every programme and every
    status of its activities that lacks one."""
    vendor = connection.vendor
    statements = _postgresql_sql() if vendor == "postgresql" else _sqlite_sql()
    random = _RANDOM[vendor]
    statements += [
        f"INSERT INTO {STAMP} (programme, status, stamp) SELECT id, '', {random} FROM {PROGRAMME} "
        "WHERE true ON CONFLICT (programme, status) DO NOTHING;",
        f"INSERT INTO {STAMP} (programme, status, stamp) SELECT programme_id, status, {random} "
        f"FROM (SELECT DISTINCT programme_id, status FROM {ACTIVITY}) k WHERE true "
        "ON CONFLICT (programme, status) DO NOTHING;",
    ]
    execute(connection, statements)


def uninstall(connection=default_connection) -> None:
    execute(connection, _drop(connection.vendor))


def read(programme_ids) -> dict[tuple[int, str], int]:
    """{(programme id, status): stamp} for the programmes, in one query."""
    from activities.models import FiguresStamp

    rows = FiguresStamp.objects.filter(programme__in=programme_ids).values_list("programme", "status", "stamp")
    return {(programme, status): stamp for programme, status, stamp in rows}
