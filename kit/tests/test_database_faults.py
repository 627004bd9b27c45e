"""The database connection lost in the middle of a request, under a real
gunicorn with production settings: that request gets a clean Vietnamese page
and saves nothing; the next request works on a fresh connection.

On PostgreSQL (CI) the server's connection is cut with pg_terminate_backend
while it waits for a row this test holds locked. On SQLite (plain `make
test`) the nearest fault is the database staying locked past the server's
timeout."""

import sqlite3
import threading
import time

import psycopg2
import pytest
from django.db import connection

from devtools.factories import ActivityFactory
from devtools.loadforms import field, forms_of, post_form, set_field
from devtools.workers import signed_in

CLEAN_PAGE = "Cơ sở dữ liệu tạm thời gián đoạn"


def _own_backend() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _post_cut_off_on_postgresql(browser, url: str, form: dict, activity_id: int):
    db = connection.settings_dict
    holder = psycopg2.connect(
        dbname=db["NAME"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
    )
    spared = {_own_backend(), holder.get_backend_pid()}
    result = {}
    try:
        with holder.cursor() as cursor:
            cursor.execute("SELECT id FROM activities_activity WHERE id = %s FOR UPDATE", [activity_id])
            sender = threading.Thread(
                target=lambda: result.update(
                    response=browser.post(url, allow_redirects=False, timeout=60, **post_form(form))
                )
            )
            sender.start()
            waiting = None
            deadline = time.monotonic() + 30
            with connection.cursor() as watch:  # outside the holder's transaction, whose statistics stand still
                while waiting is None and time.monotonic() < deadline:
                    watch.execute(
                        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                        "AND wait_event_type = 'Lock' AND NOT (pid = ANY(%s))",
                        [list(spared)],
                    )
                    row = watch.fetchone()
                    waiting = row[0] if row else None
                    time.sleep(0.05)
                assert waiting is not None, "the save never reached the locked row"
                watch.execute("SELECT pg_terminate_backend(%s)", [waiting])
            sender.join(timeout=60)
    finally:
        holder.rollback()
        holder.close()
    return result["response"], spared


def _post_while_locked_on_sqlite(browser, url: str, form: dict):
    holder = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # a writer that never lets go
        return browser.post(url, allow_redirects=False, timeout=60, **post_form(form))
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_lost_mid_request_clean_page_nothing_saved_next_request_works(
    client, secretary, committee, programme, units, served
):
    activity = ActivityFactory(
        programme=programme, lead_unit=units["district"], status="draft", title="Tặng quà trước sự cố"
    )
    url, web_log, _env = served(SQLITE_TIMEOUT="2")
    browser = signed_in(client, secretary, url)
    page = f"{url}/c/{committee.slug}/activities/{activity.pk}/"
    form = next(f for f in forms_of(browser.get(page + "edit/", timeout=30).text) if field(f, "title") is not None)
    set_field(form, "title", "Tặng quà sau sự cố")

    if connection.vendor == "postgresql":
        failed, spared = _post_cut_off_on_postgresql(browser, page + "edit/", form, activity.pk)
    else:
        failed = _post_while_locked_on_sqlite(browser, page + "edit/", form)
    assert failed.status_code == 503, failed.text[:500]
    assert CLEAN_PAGE in failed.text and "Traceback" not in failed.text
    assert failed.headers["Content-Type"].startswith("text/html")
    activity.refresh_from_db()
    assert activity.title == "Tặng quà trước sự cố" and activity.version == 1  # nothing half-saved

    # The very next requests work: reading, and sending the same form again.
    again = browser.get(page, timeout=30)
    assert again.status_code == 200 and "Tặng quà trước sự cố" in again.text
    resent = browser.post(page + "edit/", allow_redirects=False, timeout=30, **post_form(form))
    assert resent.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Tặng quà sau sự cố" and activity.version == 2

    if connection.vendor == "postgresql":
        # Every connection the server keeps open is cut while it is idle: the
        # next request notices before using it and opens a fresh one.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND NOT (pid = ANY(%s))",
                [list(spared)],
            )
            assert cursor.fetchone()[0] >= 1
        assert browser.get(page, timeout=30).status_code == 200
    assert "Internal Server Error" not in web_log.read()
