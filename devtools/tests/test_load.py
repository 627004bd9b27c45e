"""The short load test that runs in CI: the same Locust users as the full
`manage.py loadtest`, against gunicorn with production settings, the test
database, the configured broker and a real worker, on a small province."""

import pytest
from django.conf import global_settings

from activities.models import Activity
from devtools import loadtest, processes
from devtools.scale import seed_scale


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_users_for_twenty_seconds_without_a_single_error(tmp_path, settings):
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # the server checks real password hashes
    committee = seed_scale(slug="tai-thu", units=30, activities=1500, years=2, first_year=2025, log=lambda *_: None)
    plan = loadtest.prepare(committee, secretaries=6, chairs=2, staff=2)
    assert all(p["activities"] for p in plan["users"]["secretary"])

    results = loadtest.run(
        plan,
        database_url=processes.database_url(),
        broker_url=settings.CELERY_BROKER_URL,
        steps=[10],
        steady=20,
        settle=3,
        spawn_rate=5,
        web_workers=2,
        out=tmp_path,
        media_root=tmp_path / "media",
        compress_static=False,
    )

    [step] = results["steps"]
    assert step["failures"] == 0, step["failure_samples"]
    assert step["requests"] >= 40
    exercised = {name for name, figures in step["endpoints"].items() if figures["requests"]}
    assert {
        "GET activity list",
        "GET activity list, filtered",
        "GET activity edit form",
        "POST activity save",
        "GET summary",
    } <= exercised, exercised
    # The saves were real: the secretaries' edits are in the activities' history.
    secretaries = [p["username"] for p in plan["users"]["secretary"]]
    assert Activity.history.filter(history_user__username__in=secretaries, history_type="~").exists()
    table = (tmp_path / "loadtest.md").read_text(encoding="utf-8")
    assert f"| 10 | {step['requests']} |" in table
