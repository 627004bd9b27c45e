"""Races between a year's writes and its closing, in real parallel
transactions (threads with their own connections). On PostgreSQL the writers
hold the programme row FOR SHARE and the close takes it FOR UPDATE; SQLite
has one writer at a time. Either way, nothing may land in a closed year."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from activities import services
from activities.models import Activity
from coordination.permissions import get_access
from devtools.factories import ActivityFactory
from programmes.models import Programme
from programmes.services import programme_change_status

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _run(target, results, key):
    def body():
        try:
            results[key] = target()
        except Exception as error:  # noqa: BLE001 - the test looks at what was raised
            results[key] = error
        finally:
            connection.close()

    thread = threading.Thread(target=body)
    thread.start()
    return thread


def _pause_edits_before_writing(monkeypatch):
    """Holds every activity edit just before it writes (after its checks),
    until `release` is set; `inside` tells that one got there."""
    inside, release = threading.Event(), threading.Event()
    real_check = services._check_scope

    def paused_check(*args, **kwargs):
        inside.set()
        release.wait(timeout=20)
        return real_check(*args, **kwargs)

    monkeypatch.setattr(services, "_check_scope", paused_check)
    return inside, release


def _raise_amount(secretary, committee, activity, version):
    return lambda: services.activity_update(
        access=get_access(secretary, committee.slug),
        user=secretary,
        activity_id=activity.pk,
        expected_version=version,
        fields={"funding_state": 9_000_000_000},
        participating_units=[],
    )


def _close(standing_office, committee, programme):
    return lambda: programme_change_status(
        access=get_access(standing_office, committee.slug),
        user=standing_office,
        programme_id=programme.pk,
        action="close",
    )


def test_a_close_waits_for_an_edit_already_under_way(
    monkeypatch, secretary, standing_office, committee, programme, units
):
    """The edit has checked that the year is open and is about to write when
    the office closes the year: the close waits for the edit to commit, so
    the edit is part of the closed year's figures and nothing lands after."""
    programme.status = Programme.Status.ACTIVE
    programme.save()
    activity = ActivityFactory(programme=programme, lead_unit=units["district"], status="draft", funding_state=100)
    inside, release = _pause_edits_before_writing(monkeypatch)
    results = {}
    edit = _run(_raise_amount(secretary, committee, activity, activity.version), results, "edit")
    assert inside.wait(timeout=20)
    close = _run(_close(standing_office, committee, programme), results, "close")
    time.sleep(0.7)
    assert "close" not in results  # it waits for the edit's transaction
    release.set()
    edit.join(timeout=30)
    close.join(timeout=30)
    assert isinstance(results["edit"], Activity), results["edit"]
    assert isinstance(results["close"], Programme), results["close"]
    programme.refresh_from_db()
    activity.refresh_from_db()
    assert programme.is_closed and activity.funding_state == 9_000_000_000
    edited_at = activity.history.latest("history_date").history_date
    assert edited_at <= programme.status_changed_at


def test_an_edit_that_starts_during_a_close_sees_the_year_closed(
    monkeypatch, secretary, standing_office, committee, programme, units
):
    """The other order: the close has locked and changed the row but not yet
    committed when the edit starts. The edit waits, then reads the closed
    year and is refused with the Vietnamese message; nothing changes."""
    programme.status = Programme.Status.ACTIVE
    programme.save()
    activity = ActivityFactory(programme=programme, lead_unit=units["district"], status="draft", funding_state=100)
    inside, release = threading.Event(), threading.Event()
    real_save = Programme.save

    def paused_save(self, *args, **kwargs):
        real_save(self, *args, **kwargs)
        if self.status == Programme.Status.CLOSED:
            inside.set()
            release.wait(timeout=20)

    monkeypatch.setattr(Programme, "save", paused_save)
    results = {}
    close = _run(_close(standing_office, committee, programme), results, "close")
    assert inside.wait(timeout=20)
    edit = _run(_raise_amount(secretary, committee, activity, activity.version), results, "edit")
    time.sleep(0.7)
    assert "edit" not in results  # held at the programme row
    release.set()
    close.join(timeout=30)
    edit.join(timeout=30)
    assert isinstance(results["close"], Programme), results["close"]
    refused = results["edit"]
    assert isinstance(refused, ValidationError), refused
    assert f"Năm {programme.year} của chương trình đã khóa sổ" in " ".join(refused.messages)
    activity.refresh_from_db()
    assert activity.funding_state == 100


def test_a_confirmation_racing_an_edit_never_confirms_what_was_not_seen(
    monkeypatch, secretary, standing_office, committee, programme, units
):
    """The office clicks confirm on the 2.700.000 đồng it saw while the unit's
    edit to 9 billion is being written: the confirmation waits for the edit,
    finds a newer version than the one seen and is refused; the activity
    stays submitted with the new amount for the office to look at."""
    programme.status = Programme.Status.ACTIVE
    programme.save()
    activity = ActivityFactory(
        programme=programme, lead_unit=units["district"], status="submitted", funding_state=2_700_000
    )
    seen = activity.version
    inside, release = _pause_edits_before_writing(monkeypatch)
    results = {}
    edit = _run(_raise_amount(secretary, committee, activity, seen), results, "edit")
    assert inside.wait(timeout=20)
    confirm = _run(
        lambda: services.activity_confirm(
            access=get_access(standing_office, committee.slug),
            user=standing_office,
            activity_id=activity.pk,
            seen_version=seen,
        ),
        results,
        "confirm",
    )
    time.sleep(0.7)
    assert "confirm" not in results  # waits for the edit
    release.set()
    edit.join(timeout=30)
    confirm.join(timeout=30)
    assert isinstance(results["edit"], Activity), results["edit"]
    assert isinstance(results["confirm"], services.StaleVersion), results["confirm"]
    assert [c.field for c in results["confirm"].changes] == ["funding_state"]
    activity.refresh_from_db()
    assert activity.status == "submitted" and activity.funding_state == 9_000_000_000
    assert activity.reviewed_by is None
