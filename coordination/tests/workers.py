"""Real Celery worker processes for tests, on the configured broker and the
test database."""

import contextlib
import os
import subprocess
import sys
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url_for_subprocess() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextlib.contextmanager
def running_worker(log_path: Path, *, queues: str = "default"):
    """A solo-pool worker on `queues`, stopped on exit; yields its log file."""
    env = {**os.environ, "DATABASE_URL": database_url_for_subprocess(), "DB_CONN_MAX_AGE": "0",
           "MEDIA_ROOT": str(settings.MEDIA_ROOT)}  # fmt: skip
    log = open(log_path, "w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "coordination", "worker", "-Q", queues, "--pool", "solo",
         "--loglevel", "INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "--hostname", f"test-{uuid.uuid4().hex[:8]}@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    log.process = process
    try:
        yield log
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def tail(log) -> str:
    log.seek(0)
    return log.read()[-3000:]
