"""The programme row as the lock between a year's writes and its closing.

Every write of an activity, attachment, task or target holds its programme
row until it commits, and the close (or reopen) takes the same row for
update. On PostgreSQL the writers take it FOR SHARE, so they never wait for
one another, only for a close in progress, and a close waits for the writes
already under way; whichever comes second sees the other's result. SQLite
has one writer at a time anyway and ignores row locks."""

from django.db import connection

from programmes.models import Programme


def hold(*programme_ids: int | None) -> list[Programme]:
    """The programmes, read fresh from the database and locked (in id order,
    so two writers never wait on each other in a circle) until the current
    transaction ends."""
    if not connection.in_atomic_block:
        raise RuntimeError("hold() only means something inside a transaction")
    ids = sorted({pk for pk in programme_ids if pk})
    if not ids:
        return []
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Programme._meta.db_table)
        return list(Programme.objects.raw(f"SELECT * FROM {table} WHERE id = ANY(%s) ORDER BY id FOR SHARE", [ids]))
    return list(Programme.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
