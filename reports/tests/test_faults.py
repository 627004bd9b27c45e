"""Faults: a worker killed in the middle of a render; the broker stopped
under a running web server and worker."""

import datetime as dt
import signal
import time
from pathlib import Path

import pytest

from devtools import processes
from devtools.loadforms import field, forms_of, post_form
from devtools.workers import redis_server, running_worker, signed_in, tail
from reports.models import ReportRun
from reports.services import runs


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
        assert runs.sweep(running_after=dt.timedelta(seconds=0)) == 1
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


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_redis_stopped_pages_answer_orders_wait_and_print_once_it_returns(
    client, staff, committee, review_year, served, tmp_path, settings
):
    port = processes.free_port()
    with redis_server(port, tmp_path) as stop_redis:
        url, web_log, env = served(
            CELERY_BROKER_URL=f"redis://127.0.0.1:{port}/0",
            REPORT_SWEEP_SECONDS="2",
            REPORT_REDISPATCH_AFTER="1",
            HEALTH_BROKER_CACHE_SECONDS="0",  # the health page must see the broker go at once
        )
        with processes.running_worker(tmp_path / "worker.log", env=env, queues="default,reports", beat=True) as log:
            time.sleep(2)
            stop_redis()
            browser = signed_in(client, staff, url)
            c = f"/c/{committee.slug}"
            for path in ["/", f"{c}/activities/?year=2023", f"{c}/summary/?year=2023", f"{c}/reports/2023/"]:
                started = time.monotonic()
                page = browser.get(url + path, timeout=30)
                assert page.status_code == 200 and time.monotonic() - started < 5, (path, page.status_code)
            health = browser.get(url + "/health/", timeout=30)
            assert health.status_code == 200 and health.json()["broker"] == "error"

            order = next(f for f in forms_of(browser.get(f"{url}{c}/reports/2023/new/").text) if field(f, "kind"))
            started = time.monotonic()
            ordered = browser.post(f"{url}{c}/reports/2023/new/", allow_redirects=False, **post_form(order))
            assert ordered.status_code == 302 and time.monotonic() - started < 10
            run = ReportRun.objects.get()
            time.sleep(4)  # several sweeps find no broker
            run.refresh_from_db()
            assert run.status == "pending" and not run.pdf

            with redis_server(port, tmp_path):  # Redis is back, empty: the sweep sends the order again
                deadline = time.monotonic() + 150
                while time.monotonic() < deadline and run.status not in ("done", "failed"):
                    time.sleep(1)
                    run.refresh_from_db()
                assert run.status == "done", run.error + tail(log)
                pdf = browser.get(f"{url}{c}/reports/runs/{run.pk}/download/", timeout=30)
                assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    stored = list((Path(settings.MEDIA_ROOT) / "reports" / "2023").glob(f"*-{run.pk}*.pdf"))
    assert len(stored) == 1 and ReportRun.objects.count() == 1
