"""The document register: draft → submitted → signed → issued with the next
number of its register, the signed scan kept as the official copy, and an
issued document never printed over."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coordination.permissions import get_access
from reports.models import DocumentRegister, DocumentStep, ReportRun
from reports.services import issuing, rendering, runs

SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _url(run, name):
    return reverse(f"reports:{name}", kwargs={"committee": run.programme.committee.slug, "run_id": run.pk})


@pytest.fixture
def printed(make_run):
    def make(**meta):
        return rendering.report_render(run_id=make_run(**meta).pk)

    return make


def _to_signed(client, run):
    client.post(_url(run, "run_step"), {"to": "submitted"})
    client.post(_url(run, "run_step"), {"to": "signed"})
    run.refresh_from_db()
    assert run.stage == "signed"


def test_a_document_goes_from_draft_to_issued_with_the_next_number(client, printed, standing_office, committee):
    committee.term_started_on = dt.date(2020, 10, 15)
    committee.save()
    client.force_login(standing_office)
    first, second = printed(), printed()
    for run in (first, second):
        _to_signed(client, run)
    scan = SimpleUploadedFile("ban-ky.pdf", SCAN, content_type="application/pdf")
    page = client.post(_url(first, "run_issue"), {"day": "10/03/2024", "scan": scan}, follow=True)
    assert "Số 1-BC/BCĐ" in page.content.decode()
    client.post(_url(second, "run_issue"), {"day": "11/03/2024"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.stage, first.issued_number, first.issued_on) == ("issued", 1, dt.date(2024, 3, 10))
    assert (second.issued_number, second.register_id) == (2, first.register_id)
    assert (first.register.doc_type, first.register.period) == ("BC", "2020–2025")
    # The official copy is the signed scan, downloadable first.
    response = client.get(_url(first, "run_download_official"))
    assert b"".join(response.streaming_content) == SCAN
    assert response["Content-Disposition"].endswith('-so-1-ban-ky.pdf"')
    archive = client.get(reverse("reports:archive_year", kwargs={"committee": committee.slug, "year": 2023}))
    html = archive.content.decode()
    assert html.index(_url(first, "run_download_official")) < html.index(_url(first, "run_download"))
    steps = list(DocumentStep.objects.filter(run=first).values_list("stage", flat=True))
    assert steps == ["submitted", "signed", "issued"]
    register = client.get(reverse("reports:register", kwargs={"committee": committee.slug})).content.decode()
    assert "Số 1-BC/BCĐ" in register and "Số 2-BC/BCĐ" in register


def test_state_format_numbers_run_per_year(client, printed, standing_office):
    client.force_login(standing_office)
    runs_ = [printed(profile="state", symbol="BCĐ") for _ in range(3)]
    for run in runs_:
        _to_signed(client, run)
    for run, day in zip(runs_, ["28/12/2023", "30/12/2023", "02/01/2024"], strict=True):
        client.post(_url(run, "run_issue"), {"day": day})
    numbers = [
        (r.register.period, r.issued_number) for r in ReportRun.objects.order_by("pk").select_related("register")
    ]
    assert numbers == [("2023", 1), ("2023", 2), ("2024", 1)]


@pytest.mark.parametrize(
    ("day", "started", "term"),
    [
        (dt.date(2022, 5, 1), dt.date(2020, 10, 15), "2020–2025"),
        (dt.date(2025, 10, 14), dt.date(2020, 10, 15), "2020–2025"),
        (dt.date(2025, 10, 15), dt.date(2020, 10, 15), "2025–2030"),
        (dt.date(2019, 1, 1), dt.date(2020, 10, 15), "2015–2020"),
        (dt.date(2031, 1, 1), dt.date(2020, 10, 15), "2030–2035"),
        (dt.date(2026, 12, 2), None, "2025–2030"),
    ],
)
def test_the_party_term_of_a_day(day, started, term):
    assert issuing.term_of(day, started) == term


def test_bad_issues_change_nothing(client, printed, standing_office):
    client.force_login(standing_office)
    run = printed()
    # not yet signed
    page = client.post(_url(run, "run_issue"), {"day": "10/03/2024"})
    assert "Chỉ văn bản đã ký mới ban hành được" in page.content.decode()
    _to_signed(client, run)
    for data, message in [
        ({"day": "31/02/2024"}, "dd/mm/yyyy"),
        ({"day": "01/01/2999"}, "không được sau ngày hôm nay"),
        (
            {"day": "10/03/2024", "scan": SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)},
            "phải là tệp PDF",
        ),
    ]:
        page = client.post(_url(run, "run_issue"), data)
        assert page.status_code == 200 and message in page.content.decode()
        run.refresh_from_db()
        assert (run.stage, run.issued_number, bool(run.official_copy)) == ("signed", None, False)
    assert not DocumentRegister.objects.filter(last_number__gt=0).exists()


def test_an_issued_document_is_never_printed_over(client, printed, standing_office, committee):
    client.force_login(standing_office)
    run = printed()
    _to_signed(client, run)
    client.post(_url(run, "run_issue"), {"day": "10/03/2024"})
    run.refresh_from_db()
    pdf_before = run.pdf.name
    ReportRun.objects.filter(pk=run.pk).update(status="running")
    assert runs.store(run, b"%PDF-other", 1, {}, "x", docx=b"PK") is None
    ReportRun.objects.filter(pk=run.pk).update(status="failed")
    with pytest.raises(ValidationError):
        runs.report_retry(access=get_access(standing_office, committee.slug), user=standing_office, run_id=run.pk)
    run.refresh_from_db()
    assert run.pdf.name == pdf_before and run.stage == "issued"
    # and it cannot go back to the drafts
    client.post(_url(run, "run_step"), {"to": "draft"})
    run.refresh_from_db()
    assert run.stage == "issued"


@pytest.mark.parametrize(("role", "status"), [("secretary", 403), ("chair", 403), ("staff", 302)])
def test_only_the_office_moves_documents(role, status, request, client, printed):
    run = printed()
    client.force_login(request.getfixturevalue(role))
    assert client.post(_url(run, "run_step"), {"to": "submitted"}).status_code == status


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_documents_issued_in_parallel_never_share_a_number(make_run, standing_office, committee):
    from django.db import connection

    signed = []
    for _ in range(4):
        run = rendering.report_render(run_id=make_run().pk)
        ReportRun.objects.filter(pk=run.pk).update(stage="signed")
        signed.append(run.pk)
    access = get_access(standing_office, committee.slug)
    barrier = threading.Barrier(len(signed))
    errors = []

    def issue(run_id):
        try:
            barrier.wait(timeout=10)
            for attempt in range(20):
                try:
                    issuing.document_issue(access=access, user=standing_office, run_id=run_id, day=dt.date(2024, 3, 5))
                    break
                except Exception as error:  # SQLite: "database is locked" while another writes
                    if "locked" not in str(error) or attempt == 19:
                        raise
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(pk,)) for pk in signed]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    numbers = sorted(ReportRun.objects.filter(pk__in=signed).values_list("issued_number", flat=True))
    assert numbers == [1, 2, 3, 4]
    assert DocumentRegister.objects.get().last_number == 4
