"""Real server processes on loopback: gunicorn for the web, Celery for the
worker. Used by the load test command and by tests that stop a database
connection or the broker underneath running processes."""

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    """The URL of the database this process is connected to (the test
    database inside tests), for a subprocess to use the same one."""
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(*, database_url: str, static_root: Path, media_root: Path, **extra: str) -> dict[str, str]:
    """The environment of a production deployment, served over plain HTTP on
    loopback (so no HTTPS redirect and no secure-only cookies)."""
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def collect_static(env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def running_web(log_path: Path, *, env: dict[str, str], workers: int = 2, threads: int = 1, timeout: float = 60):
    """gunicorn on a free loopback port; yields its base URL once /health/
    answers. The log file carries the process as `.process`."""
    port = free_port()
    log = open(log_path, "w+")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "120",
            "--graceful-timeout",
            "5",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.process = process
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(f"{url}/health/", timeout=5)
                break
            except urllib.error.HTTPError:
                break  # answering, even if something behind it is down
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError("gunicorn did not start:\n" + log.read()[-3000:]) from None
                time.sleep(0.2)
        yield url, log
    finally:
        _stop(process)
        log.close()


@contextlib.contextmanager
def running_worker(
    log_path: Path,
    *,
    env: dict[str, str],
    queues: str = "default",
    concurrency: int = 1,
    beat: bool = False,
    niceness: int = 0,
):
    """A Celery worker (solo pool for one, prefork above) on `queues`, stopped
    on exit; yields its log file, which carries the process as `.process`.
    With `niceness`, the worker yields the processor to the web on a shared
    machine (a render is a long batch job; a page is someone waiting)."""
    log = open(log_path, "w+")
    pool = ["--pool", "solo"] if concurrency == 1 else ["--concurrency", str(concurrency)]
    schedule = ["-B", "--schedule", str(log_path.with_suffix(".schedule"))] if beat else []
    process = subprocess.Popen(
        [
            *(["nice", "-n", str(niceness)] if niceness else []),
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            queues,
            *pool,
            *schedule,
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--hostname",
            f"proc-{uuid.uuid4().hex[:8]}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.process = process
    try:
        yield log
    finally:
        _stop(process)
        log.close()
