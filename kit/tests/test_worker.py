"""A real Celery worker process on the configured broker (Redis in CI, the
file-system transport without one) runs a task end to end."""

import time
import uuid

import pytest

from devtools.workers import running_worker, tail
from kit.models import WorkerHeartbeat
from kit.tasks import worker_heartbeat


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_real_worker_process_runs_a_task_end_to_end(tmp_path):
    token = uuid.uuid4().hex
    with running_worker(tmp_path / "worker.log") as log:
        worker_heartbeat.apply_async(kwargs={"token": token})
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if WorkerHeartbeat.objects.filter(token=token).exists():
                break
            assert log.process.poll() is None, "worker exited early"
            time.sleep(0.5)
        assert WorkerHeartbeat.objects.filter(token=token).exists(), tail(log)
