"""The audit log, and login throttling built on it: too many failed logins
for one username, or from one address, lock further tries for a while."""

import datetime as dt

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.utils import timezone

from coordination.models import AuditEvent

WINDOW = dt.timedelta(minutes=15)
MAX_PER_USERNAME = 5
MAX_PER_ADDRESS = 20


def client_address(request) -> str | None:
    """The client's address. Behind the reverse proxy REMOTE_ADDR is the
    proxy's, which would lock everyone out together: with
    TRUST_X_FORWARDED_FOR the address the proxy appended (the last one) is
    used instead."""
    from django.conf import settings

    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if forwarded:
            return forwarded[-1][:45]
    return request.META.get("REMOTE_ADDR") or None


def record(request, kind: str, *, user=None, username: str = "", detail: str = "") -> None:
    user = user if user is not None else (request.user if request.user.is_authenticated else None)
    AuditEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or getattr(user, "username", ""))[:150],
        address=client_address(request),
        detail=detail[:300],
    )


def attempt_begin(request, username: str, detail: str = "") -> tuple[AuditEvent, bool]:
    """Counts a password attempt before the password is checked: the attempt
    is written as a failure first, then the failures are counted with it. So
    parallel attempts cannot all pass the limit: each one counts the others
    already written. Returns the attempt and whether it is over the limit."""
    attempt = AuditEvent.objects.create(
        kind=AuditEvent.Kind.LOGIN_FAILED,
        username=username[:150],
        address=client_address(request),
        detail=detail[:300],
    )
    since = timezone.now() - WINDOW
    failed = AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGIN_FAILED, at__gte=since, pk__lte=attempt.pk)
    by_name = failed.filter(username__iexact=username).count() if username else 0
    by_address = failed.filter(address=attempt.address).count() if attempt.address else 0
    return attempt, by_name > MAX_PER_USERNAME or by_address > MAX_PER_ADDRESS


def attempt_succeeded(attempt: AuditEvent) -> None:
    """The password was right: the attempt was no failure after all."""
    AuditEvent.objects.filter(pk=attempt.pk).delete()


def unlock(username: str) -> int:
    """The administrator's unlock: forget the recent failures of a username."""
    since = timezone.now() - WINDOW
    deleted, _ = AuditEvent.objects.filter(
        kind=AuditEvent.Kind.LOGIN_FAILED, username__iexact=username, at__gte=since
    ).delete()
    return deleted


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(request, AuditEvent.Kind.LOGIN, user=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(request, AuditEvent.Kind.LOGOUT, user=user)
