"""Rendering as jobs: request, claim, render, failure and retry, broker down
and the sweep, two workers racing, and a real worker on the broker."""

import datetime as dt
import time
from pathlib import Path
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from coordination.permissions import get_access
from devtools.workers import running_worker, tail
from reports.models import ReportRun
from reports.services import rendering, runs


def _request(standing_office, committee, review_year):
    from reports import documents

    return runs.report_request(
        access=get_access(standing_office, committee.slug),
        user=standing_office,
        programme_id=review_year.pk,
        kind="yearly_review",
        meta=documents.default_meta(committee, review_year),
        options={"annexes": False},
    )


def test_request_dispatches_after_commit(standing_office, committee, review_year, django_capture_on_commit_callbacks):
    with mock.patch("config.celery.app.send_task") as send_task:
        with django_capture_on_commit_callbacks(execute=True):
            run = _request(standing_office, committee, review_year)
    assert run.status == "pending"
    send_task.assert_called_once_with("reports.render_report_run", kwargs={"run_id": run.pk}, retry=False)


def test_two_workers_racing_render_the_run_once(make_run):
    run = make_run()
    assert runs.claim(run.pk) is True
    assert runs.claim(run.pk) is False
    assert rendering.report_render(run_id=run.pk) is None  # the second worker finds it taken
    assert ReportRun.objects.get(pk=run.pk).attempts == 1


def test_a_failed_render_is_recorded_and_can_be_retried(
    make_run, standing_office, committee, django_capture_on_commit_callbacks
):
    run = make_run()
    with mock.patch("reports.documents.yearly_review_html", side_effect=RuntimeError("mẫu in bị lỗi")):
        with pytest.raises(RuntimeError):
            rendering.report_render(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == "failed" and "mẫu in bị lỗi" in run.error and not run.pdf
    with mock.patch("config.celery.app.send_task") as send_task:
        with django_capture_on_commit_callbacks(execute=True):
            runs.report_retry(access=get_access(standing_office, committee.slug), user=standing_office, run_id=run.pk)
    assert send_task.called
    assert rendering.report_render(run_id=run.pk).status == "done"


def test_a_render_failing_every_time_gives_up_after_its_attempts(make_run):
    from django.db import OperationalError

    from reports.tasks import render_report_run

    run = make_run()
    with mock.patch("reports.services.rendering.render_run", side_effect=OperationalError("db gone")):
        for _ in range(runs.MAX_ATTEMPTS):
            with mock.patch.object(render_report_run, "retry", side_effect=RuntimeError("retry")):
                with pytest.raises(RuntimeError):
                    render_report_run.run(run_id=run.pk)
            ReportRun.objects.filter(pk=run.pk).update(requested_at=timezone.now() - dt.timedelta(minutes=5))
    run.refresh_from_db()
    assert run.status == "failed" and run.attempts == runs.MAX_ATTEMPTS and "db gone" in run.error


def test_broker_down_leaves_the_run_pending_then_the_sweep_dispatches_it(
    standing_office, committee, review_year, django_capture_on_commit_callbacks
):
    with mock.patch("config.celery.app.send_task", side_effect=ConnectionError("no broker")):
        with django_capture_on_commit_callbacks(execute=True):
            run = _request(standing_office, committee, review_year)
    assert ReportRun.objects.get(pk=run.pk).status == "pending"
    ReportRun.objects.filter(pk=run.pk).update(requested_at=timezone.now() - dt.timedelta(minutes=2))
    with mock.patch("config.celery.app.send_task") as send_task:
        assert runs.sweep() == 1
    send_task.assert_called_once_with("reports.render_report_run", kwargs={"run_id": run.pk}, retry=False)


def test_the_sweep_takes_back_a_run_stuck_running(make_run, settings):
    run = make_run()
    runs.claim(run.pk)
    ReportRun.objects.filter(pk=run.pk).update(
        started_at=timezone.now() - dt.timedelta(seconds=settings.REPORT_HARD_TIME_LIMIT + 120)
    )
    with mock.patch("config.celery.app.send_task"):
        assert runs.sweep() == 1
    assert ReportRun.objects.get(pk=run.pk).status == "pending"


def test_request_page_answers_quickly_when_the_broker_is_down(client, staff, committee, review_year):
    url = reverse("reports:request", kwargs={"committee": committee.slug, "year": review_year.year})
    client.force_login(staff)
    data = {
        "kind": "yearly_review",
        "profile": "party",
        "parent_body": "TỈNH ỦY",
        "issuing_body": "BAN CHỈ ĐẠO",
        "number": "3",
        "symbol": "BCĐ",
        "place": "Thử Nghiệm",
        "date": "05/03/2024",
        "signer": review_year.committee.members.get().pk,
        "distribution": "- Lưu Văn phòng.",
    }
    with mock.patch("config.celery.app.send_task", side_effect=OSError("connection refused")):
        started = time.monotonic()
        response = client.post(url, data)
        elapsed = time.monotonic() - started
    assert response.status_code == 302 and elapsed < 5
    run = ReportRun.objects.get()
    assert run.status == "pending" and run.document_meta["number"] == "3"
    page = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in page  # the status page updates by itself


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_renders_a_requested_document(standing_office, committee, review_year, tmp_path, settings):
    with running_worker(tmp_path / "worker.log", queues="reports") as log:
        run = _request(standing_office, committee, review_year)  # committed: dispatched at once
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            run.refresh_from_db()
            if run.status in ("done", "failed"):
                break
            assert log.process.poll() is None, "worker exited early"
            time.sleep(0.5)
        assert run.status == "done", run.error + tail(log)
    assert run.page_count and len(run.sha256) == 64
    assert (Path(settings.MEDIA_ROOT) / run.pdf.name).read_bytes().startswith(b"%PDF")


def test_a_long_register_is_rendered_in_chunks_and_merged_with_continuous_numbers(
    make_run, monkeypatch, django_capture_on_commit_callbacks
):
    import io

    from pypdf import PdfReader

    from reports import documents

    monkeypatch.setattr(documents, "REGISTER_CHUNK_ROWS", 3)  # 12 confirmed rows → 4 chunks
    run = make_run()
    run.options = {"annexes": False, "register": True}
    run.save()
    with mock.patch("reports.services.rendering.group") as group, django_capture_on_commit_callbacks(execute=True):
        assert rendering.report_render(run_id=run.pk, parallel=True) is None
    assert group.called
    run.refresh_from_db()
    assert run.status == "running" and run.chunks_total == 4
    # Workers finish in any order; only the last one triggers the merge.
    lasts = [rendering.register_chunk(run_id=run.pk, chunk=i) for i in (2, 0, 3, 1)]
    assert lasts == [False, False, False, True]
    done = rendering.merge_run(run_id=run.pk)
    assert done.status == "done"
    reader = PdfReader(io.BytesIO(done.pdf.read()))
    assert done.page_count == len(reader.pages)
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    for i in range(12):
        assert f"Hoạt động số {i}" in text  # every row once, in order
    assert text.count("Hoạt động số 1 ") == 1
    # The register numbers its own pages: none on its first, then 2, 3, …
    from reports.tests.test_pdf import _header_text

    first = next(i for i, p in enumerate(reader.pages) if "DANH SÁCH CÁC HOẠT ĐỘNG" in p.extract_text())
    stamped = [_header_text(p) for p in reader.pages[first:]]
    assert len(stamped) > 2
    assert stamped == [""] + [str(n) for n in range(2, len(stamped) + 1)]
    assert not list(done.pdf.storage.listdir(f"reports/tmp/{run.pk}")[1])  # temporary chunks removed


def test_rows_confirmed_or_returned_while_the_chunks_render_do_not_slip_between_chunks(
    make_run, monkeypatch, django_capture_on_commit_callbacks, review_year, units
):
    """The register's rows are those of the moment the document was made:
    the same rows once each and the same pages as a render in one process,
    whatever the office confirms or returns while the workers lay it out."""
    import io
    import re

    from pypdf import PdfReader

    from activities.models import Activity
    from devtools.factories import ActivityFactory
    from reports import documents

    monkeypatch.setattr(documents, "REGISTER_CHUNK_ROWS", 3)  # 12 confirmed rows → 4 chunks
    run = make_run()
    run.options = {"annexes": False, "register": True}
    run.save()
    one_process = rendering.render_run(run)
    with mock.patch("reports.services.rendering.group"), django_capture_on_commit_callbacks(execute=True):
        rendering.report_render(run_id=run.pk, parallel=True)
    run.refresh_from_db()
    assert run.chunks_total == 4
    rendering.register_chunk(run_id=run.pk, chunk=0)
    # Between the chunks: a row dated before all the others is confirmed (with
    # offsets, every later chunk would start one row earlier) and one is returned.
    first_day = Activity.objects.filter(programme=review_year).order_by("start_date").first().start_date
    ActivityFactory(
        programme=review_year,
        lead_unit=units["union"],
        status="confirmed",
        start_date=first_day,
        end_date=first_day,
        title="Hoạt động xác nhận muộn",
    )
    Activity.objects.filter(programme=review_year, title="Hoạt động số 7").update(
        status="returned", return_reason="Thiếu hồ sơ"
    )
    for chunk in (1, 2, 3):
        rendering.register_chunk(run_id=run.pk, chunk=chunk)
    done = rendering.merge_run(run_id=run.pk)
    reader = PdfReader(io.BytesIO(done.pdf.read()))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    register = text[text.index("DANH SÁCH CÁC HOẠT ĐỘNG") :]
    printed = re.findall(r"Hoạt động số (\d+)", register)
    assert sorted(printed, key=int) == [str(i) for i in range(12)]  # each once, number 7 too
    assert "xác nhận muộn" not in register
    assert done.page_count == one_process.pages == len(reader.pages)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_real_workers_racing_for_one_run_print_it_once(make_run, tmp_path, settings):
    from reports.tasks import render_report_run

    with running_worker(tmp_path / "w0.log", queues="reports"), running_worker(tmp_path / "w1.log", queues="reports"):
        time.sleep(4)  # both workers listening
        run = make_run()
        for _ in range(2):  # the same run handed out twice, as a redelivery would
            render_report_run.apply_async(kwargs={"run_id": run.pk})
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            run.refresh_from_db()
            if run.status in ("done", "failed"):
                break
            time.sleep(0.3)
        time.sleep(2)  # let the other delivery finish too
    run.refresh_from_db()
    assert run.status == "done" and run.attempts == 1
    stored = list((Path(settings.MEDIA_ROOT) / "reports" / str(run.programme.year)).iterdir())
    # one PDF and its one Word copy, nothing from the other delivery
    assert sorted(p.name for p in stored) == sorted([Path(run.docx.name).name, Path(run.pdf.name).name])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_chunks_finishing_together_hand_the_merge_to_exactly_one(make_run):
    import threading

    from django.db import connection

    run = make_run()
    ReportRun.objects.filter(pk=run.pk).update(status="running", chunks_total=2, chunks_done=0)
    barrier = threading.Barrier(2)
    results = []

    def finish():
        try:
            barrier.wait(timeout=10)
            results.append(rendering.chunk_finished(run.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=finish) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results) == [False, True]
    run.refresh_from_db()
    assert run.chunks_done == 2


def test_a_late_failure_does_not_turn_a_finished_run_into_a_failed_one(make_run):
    run = make_run()
    done = rendering.report_render(run_id=run.pk)
    assert done.status == "done"
    runs.record_failure(run.pk, RuntimeError("a chunk failed after the merge"), transient=False)
    done.refresh_from_db()
    assert done.status == "done" and done.error == ""


def test_a_failure_of_a_pending_run_leaves_it_pending(make_run):
    run = make_run()
    runs.record_failure(run.pk, OSError("disk"), transient=False)
    run.refresh_from_db()
    assert run.status == "pending"


def test_register_chunks_are_even_so_that_workers_finish_together(make_run, monkeypatch):
    import re

    from reports import documents, kinds

    monkeypatch.setattr(documents, "REGISTER_CHUNK_ROWS", 5)  # 12 confirmed rows: 3 chunks, not 5 + 5 + 2
    run = make_run()
    run.options = {"annexes": False, "register": True}
    run.save()
    parts = kinds.kind_of(run).register_parts(run)
    numbers = [[int(n) for n in re.findall(r'<td class="tt">(\d+)</td>', html)] for html in parts]
    assert [len(n) for n in numbers] == [4, 4, 4]
    assert sum(numbers, []) == list(range(1, 13))  # numbered on from chunk to chunk
