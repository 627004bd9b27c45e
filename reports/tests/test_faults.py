"""Faults: a worker killed in the middle of a render."""

import datetime as dt
import signal
import time
from pathlib import Path

import pytest

from coordination.tests.workers import running_worker, tail
from reports import services
from reports.models import ReportRun


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_render_the_run_completes_once_on_another(make_run, tmp_path, settings):
    from reports.tasks import render_report_run

    killed = None
    for attempt in range(3):  # the render must still be running when the worker dies
        run = make_run()
        run.options = {"annexes": True, "register": True}
        run.save()
        with running_worker(tmp_path / f"doomed{attempt}.log", queues="reports") as log:
            time.sleep(3)
            render_report_run.apply_async(kwargs={"run_id": run.pk})
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                run.refresh_from_db()
                if run.status != "pending":
                    break
                time.sleep(0.02)
            if run.status == "running":
                log.process.send_signal(signal.SIGKILL)
                log.process.wait(timeout=10)
                killed = run
        if killed:
            break
    assert killed is not None, "the render always finished before the worker could be killed"
    killed.refresh_from_db()
    assert killed.status == "running" and not killed.pdf  # nothing half-written

    # The periodic sweep takes the stuck run back; another worker prints it.
    with running_worker(tmp_path / "rescuer.log", queues="reports") as log:
        time.sleep(3)
        assert services.sweep(running_after=dt.timedelta(seconds=0)) == 1
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            killed.refresh_from_db()
            if killed.status in ("done", "failed"):
                break
            time.sleep(0.3)
        assert killed.status == "done", killed.error + tail(log)
    stored = list((Path(settings.MEDIA_ROOT) / "reports" / str(killed.programme.year)).glob(f"*-{killed.pk}*.pdf"))
    assert len(stored) == 1
    assert ReportRun.objects.get(pk=killed.pk).attempts == 2
