"""The directory stamp (DirectoryStamp): triggers give a committee's stamp a
new random value in the same transaction as any insert, update or delete of
its units, of the units its roles are given, of any locality (bulk imports,
queryset updates and raw SQL alike), and give every new committee its first
one. A random value, not a
counter: a database restored from a backup, or a test database rolled back,
never shows a web process a stamp it has seen with other rows.

Installed after every migrate, as SQLite drops a table's triggers when a
migration rebuilds it."""

import threading
from collections import OrderedDict

from django.db import connection as default_connection

from kit.triggers import RANDOM_BIGINT as _RANDOM
from kit.triggers import execute

STAMP = "coordination_directorystamp"
UNIT = "coordination_unit"
ROLE = "coordination_committeerole"
ROLE_UNITS = "coordination_committeerole_units"
LOCALITY = "coordination_locality"
COMMITTEE = "coordination_steeringcommittee"


class Kept:
    """What a web process keeps under a directory stamp: `get(key, build)`
    returns what `build()` returned for the same key, the key naming the
    stamp it was read under. A stamp changes with every write to what it
    covers, so an entry is never stale, only unused: the least recently
    used go once there are more than `size`."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, build):
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = build()
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def _renew(vendor: str, where: str = "") -> str:
    return f"UPDATE {STAMP} SET stamp = {_RANDOM[vendor]}{where};"


def _of_role(row: str) -> str:
    return f" WHERE committee_id = (SELECT committee_id FROM {ROLE} WHERE id = {row}.committeerole_id)"


def _first(vendor: str) -> str:
    return f"INSERT INTO {STAMP} (committee_id, stamp) VALUES (NEW.id, {_RANDOM[vendor]});"


def _postgresql_sql() -> list[str]:
    return [
        f"""CREATE OR REPLACE FUNCTION directory_stamp_unit() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN {_renew("postgresql", " WHERE committee_id = NEW.committee_id")} END IF;
    IF TG_OP <> 'INSERT' THEN {_renew("postgresql", " WHERE committee_id = OLD.committee_id")} END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;""",
        f"""CREATE OR REPLACE FUNCTION directory_stamp_role_units() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN {_renew("postgresql", _of_role("NEW"))} END IF;
    IF TG_OP <> 'INSERT' THEN {_renew("postgresql", _of_role("OLD"))} END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;""",
        f"""CREATE OR REPLACE FUNCTION directory_stamp_all() RETURNS trigger AS $$
BEGIN {_renew("postgresql")} RETURN NULL; END $$ LANGUAGE plpgsql;""",
        f"""CREATE OR REPLACE FUNCTION directory_stamp_first() RETURNS trigger AS $$
BEGIN {_first("postgresql")} RETURN NULL; END $$ LANGUAGE plpgsql;""",
        *_drop("postgresql"),
        f"CREATE TRIGGER directory_stamp_unit AFTER INSERT OR UPDATE OR DELETE ON {UNIT} "
        "FOR EACH ROW EXECUTE FUNCTION directory_stamp_unit();",
        f"CREATE TRIGGER directory_stamp_role_units AFTER INSERT OR UPDATE OR DELETE ON {ROLE_UNITS} "
        "FOR EACH ROW EXECUTE FUNCTION directory_stamp_role_units();",
        # A role moved to another committee takes its units' scope with it.
        f"CREATE TRIGGER directory_stamp_role AFTER UPDATE OF committee_id ON {ROLE} "
        "FOR EACH ROW EXECUTE FUNCTION directory_stamp_unit();",
        # One statement importing ten thousand communes renews the stamps once.
        f"CREATE TRIGGER directory_stamp_locality AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {LOCALITY} "
        "FOR EACH STATEMENT EXECUTE FUNCTION directory_stamp_all();",
        f"CREATE TRIGGER directory_stamp_committee AFTER INSERT ON {COMMITTEE} "
        "FOR EACH ROW EXECUTE FUNCTION directory_stamp_first();",
    ]


def _sqlite_sql() -> list[str]:
    unit_new = _renew("sqlite", " WHERE committee_id = NEW.committee_id")
    unit_old = _renew("sqlite", " WHERE committee_id = OLD.committee_id")
    every = _renew("sqlite")
    return [
        *_drop("sqlite"),
        f"CREATE TRIGGER directory_stamp_unit_insert AFTER INSERT ON {UNIT} BEGIN {unit_new} END;",
        f"CREATE TRIGGER directory_stamp_unit_update AFTER UPDATE ON {UNIT} BEGIN {unit_new} {unit_old} END;",
        f"CREATE TRIGGER directory_stamp_unit_delete AFTER DELETE ON {UNIT} BEGIN {unit_old} END;",
        f"CREATE TRIGGER directory_stamp_role_update AFTER UPDATE OF committee_id ON {ROLE} "
        f"BEGIN {unit_new} {unit_old} END;",
        f"CREATE TRIGGER directory_stamp_role_units_insert AFTER INSERT ON {ROLE_UNITS} "
        f"BEGIN {_renew('sqlite', _of_role('NEW'))} END;",
        f"CREATE TRIGGER directory_stamp_role_units_update AFTER UPDATE ON {ROLE_UNITS} "
        f"BEGIN {_renew('sqlite', _of_role('NEW'))} {_renew('sqlite', _of_role('OLD'))} END;",
        f"CREATE TRIGGER directory_stamp_role_units_delete AFTER DELETE ON {ROLE_UNITS} "
        f"BEGIN {_renew('sqlite', _of_role('OLD'))} END;",
        *(
            f"CREATE TRIGGER directory_stamp_locality_{op.lower()} AFTER {op} ON {LOCALITY} BEGIN {every} END;"
            for op in ("INSERT", "UPDATE", "DELETE")
        ),
        f"CREATE TRIGGER directory_stamp_committee AFTER INSERT ON {COMMITTEE} BEGIN {_first('sqlite')} END;",
    ]


def _drop(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS directory_stamp_unit ON {UNIT};",
            f"DROP TRIGGER IF EXISTS directory_stamp_role_units ON {ROLE_UNITS};",
            f"DROP TRIGGER IF EXISTS directory_stamp_role ON {ROLE};",
            f"DROP TRIGGER IF EXISTS directory_stamp_locality ON {LOCALITY};",
            f"DROP TRIGGER IF EXISTS directory_stamp_committee ON {COMMITTEE};",
        ]
    names = [f"{table}_{op}" for table in ("unit", "role_units") for op in ("insert", "update", "delete")]
    names += [f"locality_{op}" for op in ("insert", "update", "delete")] + ["committee", "role_update"]
    return [f"DROP TRIGGER IF EXISTS directory_stamp_{name};" for name in names]


def install(connection=default_connection) -> None:
    """(Re)create the triggers, and a stamp for every committee that lacks one."""
    vendor = connection.vendor
    statements = _postgresql_sql() if vendor == "postgresql" else _sqlite_sql()
    statements.append(
        f"INSERT INTO {STAMP} (committee_id, stamp) SELECT id, {_RANDOM[vendor]} FROM {COMMITTEE} "
        f"WHERE id NOT IN (SELECT committee_id FROM {STAMP});"
    )
    execute(connection, statements)


def uninstall(connection=default_connection) -> None:
    execute(connection, _drop(connection.vendor))
