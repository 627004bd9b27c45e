import datetime as dt
from unittest import mock

from django.utils import timezone

from kit.models import WorkerHeartbeat


def test_health_reports_each_part(client, db):
    WorkerHeartbeat.objects.create(hostname="w1", seen_at=timezone.now())
    with mock.patch("kit.health._broker", return_value="ok"):
        data = client.get("/health/").json()
    assert data == {"status": "ok", "web": "ok", "database": "ok", "broker": "ok", "worker": "ok"}


def test_a_stale_worker_and_a_down_broker_are_reported_but_the_web_stays_up(client, db):
    WorkerHeartbeat.objects.create(hostname="w1", seen_at=timezone.now() - dt.timedelta(minutes=10))
    with mock.patch("kit.health._broker", return_value="error"):
        response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["worker"] == "stale" and response.json()["broker"] == "error"


def test_a_database_failure_is_a_503(client, db):
    with (
        mock.patch("kit.health._database", return_value="error"),
        mock.patch("kit.health._broker", return_value="ok"),
    ):
        response = client.get("/health/")
    assert response.status_code == 503 and response.json()["status"] == "error"


def test_the_broker_check_really_connects(db, settings):
    from kit.health import _broker, _broker_seen

    _broker_seen.clear()
    assert _broker() == "ok"  # the configured broker (Redis in CI, files otherwise) answers


def test_the_broker_is_asked_at_most_once_in_a_few_seconds(db):
    from kit import health

    health._broker_seen.clear()
    with mock.patch.object(health.current_app, "connection_for_write") as connect:
        for _ in range(20):
            health._broker()
    assert connect.call_count == 1
    health._broker_seen.clear()
