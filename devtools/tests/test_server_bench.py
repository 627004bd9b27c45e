"""bench_server: one gunicorn worker, the load test's pages one at a time,
the worker's CPU per request by page (issue 18)."""

import pytest
from django.conf import global_settings

from activities.models import Activity
from devtools import loadtest, processes, server_bench
from devtools.scale import seed_scale


@pytest.mark.server
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_page_of_the_mix_is_served_and_costed(settings):
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # the server checks real password hashes
    committee = seed_scale(slug="do-may", units=20, activities=300, years=2, first_year=2025, log=lambda *_: None)
    plan = loadtest.prepare(committee, secretaries=2, chairs=1, staff=1)
    result = server_bench.run(
        plan,
        database_url=processes.database_url(),
        secretaries=2,
        activities=2,
        chairs=1,
        rounds=1,
        log=lambda *_: None,
    )
    pages = {name: figures["requests"] for name, figures in result.items() if name != "all"}
    assert pages == {
        "activity list": 4,
        "activity list, filtered": 4,
        "activity": 4,
        "activity edit form": 4,
        "activity save": 4,
        "home": 2,
        "summary": 3,
        "drill-down list": 3,
    }
    assert result["all"]["requests"] == 28
    assert all(figures["cpu_ms"] >= 0 for figures in result.values())
    assert result["all"]["cpu_ms"] > 0  # 28 requests of a real server take measurable CPU
    # The saves went through the real form: the secretaries' edits are in the history.
    secretaries = [p["username"] for p in plan["users"]["secretary"]]
    assert Activity.history.filter(history_user__username__in=secretaries, history_type="~").count() >= 4
