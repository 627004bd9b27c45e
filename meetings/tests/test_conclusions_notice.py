"""The notice of a meeting's conclusions: drawn from its conclusions and
follow-ups, addressed to the units concerned, shown to their secretaries
once issued."""

import datetime as dt
import io
from unittest import mock

import pytest
from django.urls import reverse
from pypdf import PdfReader

from coordination.models import Member
from meetings.models import FollowUp, Meeting
from reports.models import ReportRun
from reports.services import rendering
from reports.word import read_text


@pytest.fixture
def notice(client, staff, committee, programme, units, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    head = Member.objects.create(committee=committee, full_name="Hoàng Thị Minh Nguyệt", role=Member.Role.HEAD)
    meeting = Meeting.objects.create(
        committee=committee,
        programme=programme,
        kind="yearly_review",
        title="Hội nghị tổng kết năm 2023",
        starts_at=dt.datetime(2024, 1, 20, 1, tzinfo=dt.UTC),
        place="Hội trường Bộ CHQS tỉnh",
        conclusions="Hội nghị thống nhất đánh giá năm 2023 hoàn thành các chỉ tiêu.\nNăm 2024 tập trung nhà đồng đội.",
    )
    meeting.co_chairs.set([head])
    FollowUp.objects.create(
        meeting=meeting,
        description="Bàn giao 02 nhà đồng đội",
        assigned_unit=units["district"],
        deadline=dt.date(2024, 4, 30),
    )
    client.force_login(staff)
    with mock.patch("config.celery.app.send_task"):
        url = reverse("meetings:meeting_print", kwargs={"committee": committee.slug, "meeting_id": meeting.pk})
        assert client.post(url, {"kind": "conclusions"}).status_code == 302
    run = rendering.report_render(run_id=ReportRun.objects.get(kind="conclusions").pk)
    assert run.status == "done"
    return run


def test_the_notice_prints_the_conclusions_follow_ups_and_the_units_concerned(notice, units):
    pdf = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(notice.pdf.read())).pages)
    paragraphs, tables = read_text(notice.docx.read())
    word = " ".join(" ".join(p.split()) for p in paragraphs)
    for text in (pdf, word):
        assert "THÔNG BÁO" in text
        assert "Năm 2024 tập trung nhà đồng đội." in text
    assert "-TB/BCĐ" in pdf
    assert any(row[1:3] == ["Bàn giao 02 nhà đồng đội", units["district"].name] for t in tables for row in t)
    assert f"- {units['district'].name};" in pdf
    assert notice.options["units"] == [units["district"].pk]


def _issue(client, run):
    for to in ("submitted", "signed"):
        client.post(
            reverse("reports:run_step", kwargs={"committee": run.programme.committee.slug, "run_id": run.pk}),
            {"to": to},
        )
    client.post(
        reverse("reports:run_issue", kwargs={"committee": run.programme.committee.slug, "run_id": run.pk}),
        {"day": "25/01/2024"},
    )
    run.refresh_from_db()
    assert run.stage == "issued"


def test_the_units_concerned_see_the_issued_notice_on_their_home_page(
    notice, client, staff, secretary, other_secretary, committee
):
    home = reverse("committee_home", kwargs={"committee": committee.slug})
    download = reverse("reports:run_download", kwargs={"committee": committee.slug, "run_id": notice.pk})
    client.force_login(secretary)
    assert download not in client.get(home).content.decode()  # not before it is issued
    assert client.get(download).status_code == 403
    client.force_login(staff)
    _issue(client, notice)
    client.force_login(secretary)
    page = client.get(home).content.decode()
    assert download in page and "Số 1-TB/BCĐ" in page
    assert client.get(download).status_code == 200
    client.force_login(other_secretary)  # a unit the notice does not concern
    assert download not in client.get(home).content.decode()
    assert client.get(download).status_code == 403
