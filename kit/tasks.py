import socket

from celery import shared_task
from django.utils import timezone

from kit.models import WorkerHeartbeat


@shared_task(name="kit.worker_heartbeat", ignore_result=True)
def worker_heartbeat(*, token: str = "") -> None:
    """Record that a worker on this host is alive and consuming the queue.

    The health endpoint and the worker test read the row it writes."""
    WorkerHeartbeat.objects.update_or_create(
        hostname=socket.gethostname()[:255], defaults={"token": token[:64], "seen_at": timezone.now()}
    )


@shared_task(name="kit.clear_expired_sessions", ignore_result=True)
def clear_expired_sessions() -> None:
    """Sessions past their expiry are refused already; this removes their rows."""
    from django.contrib.sessions.backends.db import SessionStore

    SessionStore.clear_expired()
