"""A real Celery worker process on the configured broker (Redis in CI, the
file-system transport without one) runs a task end to end."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from coordination.models import WorkerHeartbeat
from coordination.tasks import worker_heartbeat

ROOT = Path(__file__).resolve().parents[2]


def database_url_for_subprocess() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_real_worker_process_runs_a_task_end_to_end(tmp_path):
    env = {**os.environ, "DATABASE_URL": database_url_for_subprocess(), "DB_CONN_MAX_AGE": "0"}
    log = open(tmp_path / "worker.log", "w+")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "coordination",
            "worker",
            "-Q",
            "default",
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--hostname",
            f"test-{uuid.uuid4().hex[:8]}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    token = uuid.uuid4().hex
    try:
        worker_heartbeat.apply_async(kwargs={"token": token})
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if WorkerHeartbeat.objects.filter(token=token).exists():
                break
            assert worker.poll() is None, "worker exited early"
            time.sleep(0.5)
        log.seek(0)
        assert WorkerHeartbeat.objects.filter(token=token).exists(), log.read()[-3000:]
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()
