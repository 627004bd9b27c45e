"""/health/: is the web process up, and can it reach the database, the
broker and a live worker? For load balancers and monitoring."""

import datetime as dt
import time

from celery import current_app
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kit.models import WorkerHeartbeat

WORKER_STALE_AFTER = dt.timedelta(minutes=3)  # the beat sends a heartbeat every minute


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:
        return "error"


_broker_seen: list = []  # [(monotonic time, result)] of the last real check in this process


def _broker() -> str:
    """The broker's state, checked at most every few seconds per process:
    anonymous calls to /health/ must not open a broker connection each."""
    now = time.monotonic()
    if _broker_seen and now - _broker_seen[0][0] < settings.HEALTH_BROKER_CACHE_SECONDS:
        return _broker_seen[0][1]
    try:
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=0, timeout=2)
        result = "ok"
    except Exception:
        result = "error"
    _broker_seen[:] = [(now, result)]
    return result


def _worker() -> str:
    try:
        last = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    except Exception:
        return "unknown"
    if last is None:
        return "missing"
    return "ok" if timezone.now() - last < WORKER_STALE_AFTER else "stale"


@never_cache
@require_GET
def health(request):
    checks = {"web": "ok", "database": _database(), "broker": _broker(), "worker": _worker()}
    healthy = checks["database"] == "ok"  # the web can serve pages; documents wait for broker and worker
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
