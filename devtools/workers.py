"""Real processes for tests, on the test database: Celery workers on the
configured broker, gunicorn, a private Redis that a test may stop."""

import contextlib
import os
import subprocess
import time
from pathlib import Path

from django.conf import settings

from devtools import processes


def subprocess_env(**extra: str) -> dict[str, str]:
    """This test's database and media, the configured broker."""
    return {
        **os.environ,
        "DATABASE_URL": processes.database_url(),
        "DB_CONN_MAX_AGE": "0",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **extra,
    }


@contextlib.contextmanager
def running_worker(log_path: Path, *, queues: str = "default"):
    """A solo-pool worker on `queues` with this test's database and media,
    stopped on exit; yields its log file."""
    with processes.running_worker(log_path, env=subprocess_env(), queues=queues) as log:
        yield log


def tail(log) -> str:
    log.seek(0)
    return log.read()[-3000:]


@contextlib.contextmanager
def redis_server(port: int, folder: Path):
    """A private Redis on `port`, keeping nothing on disk; yields a function
    that stops it (the port stays free for a restart)."""
    import redis

    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    client = redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=1)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except redis.exceptions.ConnectionError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start on {port}") from None
            time.sleep(0.1)

    def stop():
        process.terminate()
        process.wait(timeout=10)

    try:
        yield stop
    finally:
        if process.poll() is None:
            stop()


def signed_in(client, user, base_url: str):
    """A requests session for a real server that shares this test's database
    and secret key, signed in as `user` through Django's test client."""
    import requests

    client.force_login(user)
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value, domain="127.0.0.1", path="/")
    session.base = base_url
    return session
