"""The review of a reporting period: the July preliminary review of the first
six months, printed from the browser and from the shell."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from devtools.factories import ActivityFactory
from programmes.models import ActivityCategory, Programme, ReportingPeriod
from reports.models import ReportRun, ReviewDraft


def _text(pdf_bytes: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def half(review_year, units):
    """Activities of the 2023 programme across the year (the review_year
    ones are dated 10/03/2023 by the factory), a Tết one of December 2022, one
    after the cut-off; a first half with its own approved text; a meeting
    before and one after the cut-off; the 2022 first half to compare with."""
    tet = ActivityCategory.objects.get(code="tet-vi-nguoi-ngheo")
    ActivityFactory(
        programme=review_year,
        category=tet,
        lead_unit=units["union"],
        status="confirmed",
        start_date=dt.date(2022, 12, 28),
        end_date=dt.date(2022, 12, 30),
        funding_social=4_000_000,
        gifts=40,
    )
    ActivityFactory(
        programme=review_year,
        category=tet,
        lead_unit=units["union"],
        status="confirmed",
        start_date=dt.date(2023, 6, 20),
        end_date=dt.date(2023, 6, 20),
        funding_social=777_000_000,
    )  # after the cut-off: not in the first half
    previous = Programme.objects.get(year=2022)
    ActivityFactory(
        programme=previous,
        category=tet,
        lead_unit=units["union"],
        status="confirmed",
        start_date=dt.date(2022, 3, 1),
        end_date=dt.date(2022, 3, 1),
        funding_social=2_000_000,
    )
    period = ReportingPeriod.objects.create(
        programme=review_year,
        kind="first-half",
        name="6 tháng đầu năm 2023",
        start=review_year.opening,
        end=dt.date(2023, 6, 30),
        cutoff=dt.date(2023, 6, 15),
    )
    ReviewDraft.objects.create(
        programme=review_year,
        period=period,
        strengths="Sáu tháng đầu năm phối hợp nhịp nhàng.",
        directions="Sáu tháng cuối năm tập trung xây nhà đồng đội.",
        status=ReviewDraft.Status.APPROVED,
        approved_at=dt.datetime(2023, 7, 5, tzinfo=dt.UTC),
    )
    committee = review_year.committee
    committee.meetings.create(
        title="Hội nghị giao ban quý I",
        starts_at=dt.datetime(2023, 4, 10, 8, tzinfo=dt.UTC),
        place="Hội trường",
        kind="regular",
    )
    committee.meetings.create(
        title="Hội nghị sơ kết 6 tháng",
        starts_at=dt.datetime(2023, 7, 12, 8, tzinfo=dt.UTC),
        place="Hội trường",
        kind="regular",
    )
    return period


def test_the_first_half_review_prints_from_the_shell(half, tmp_path):
    out = tmp_path / "so-ket.pdf"
    call_command(
        "render_review",
        committee=half.programme.committee.slug,
        year=2023,
        period="first-half",
        date="10/07/2023",
        out=out,
    )
    text = _text(out.read_bytes())
    assert "sơ kết 6 tháng đầu năm 2023 thực hiện Chương trình phối hợp công tác dân vận năm 2023" in text
    assert "phương hướng, nhiệm vụ 6 tháng cuối năm 2023" in text
    assert "PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2023" in text
    assert "tính đến ngày 15/06/2023" in text
    # 12 confirmed activities of 10/03 and the Tết one of 28/12/2022; not the one of 20/06
    assert "thực hiện 13 hoạt động" in text and "777.000.000" not in text
    assert "so với cùng kỳ năm 2022" in text
    # the period's own approved text, not the year's
    assert "Sáu tháng đầu năm phối hợp nhịp nhàng." in text and "Phối hợp chặt chẽ, hiệu quả." not in text
    # only the meetings held by the report's date
    assert "Hội nghị giao ban quý I" in text and "Hội nghị sơ kết 6 tháng" not in text
    run = ReportRun.objects.get(kind="interim_review")
    assert run.period == half and run.status == "done"
    assert run.figures_snapshot["total"]["count"] == 13


def test_the_shell_names_the_periods_when_one_is_missing(half, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as refused:
        call_command(
            "render_review", committee=half.programme.committee.slug, year=2023, period="q3", out=tmp_path / "x.pdf"
        )
    assert "first-half" in str(refused.value) and "q3" in str(refused.value)


def test_the_office_orders_the_review_from_the_browser(client, staff, committee, half):
    client.force_login(staff)
    url = reverse("reports:request", kwargs={"committee": committee.slug, "year": 2023})
    page = client.get(url, {"kind": "interim_review", "period": half.pk})
    assert page.context["form"].initial["period"] == half.pk
    data = {
        **{k: v for k, v in page.context["form"].initial.items() if v is not None},
        "kind": "interim_review",
        "period": half.pk,
        "date": "10/07/2023",
        "signer": page.context["form"].fields["signer"].queryset.first().pk,
        "distribution": "- Lưu VT.",
        "annexes": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    run = ReportRun.objects.get(kind="interim_review")
    assert run.period == half
    archive = client.get(reverse("reports:archive_year", kwargs={"committee": committee.slug, "year": 2023}))
    assert "Báo cáo sơ kết 6 tháng đầu năm 2023" in archive.content.decode()


def test_a_periods_review_text_is_written_and_approved_apart_from_the_years(
    client, standing_office, chair, committee, review_year
):
    period = ReportingPeriod.objects.create(
        programme=review_year, kind="q1", name="Quý I năm 2023", start=dt.date(2023, 1, 1), end=dt.date(2023, 3, 31)
    )
    url = reverse(
        "reports:review_draft_period", kwargs={"committee": committee.slug, "year": 2023, "period_id": period.pk}
    )
    client.force_login(standing_office)
    client.post(url, {"strengths": "Quý I làm tốt", "directions": "Quý II tiếp tục"})
    draft = ReviewDraft.objects.get(period=period)
    assert draft.status == "awaiting" and draft.strengths == "Quý I làm tốt"
    yearly = ReviewDraft.objects.get(programme=review_year, period__isnull=True)
    assert yearly.status == "approved" and yearly.strengths == "Phối hợp chặt chẽ, hiệu quả."
    client.force_login(chair)
    page = client.get(url).content.decode()
    assert "Quý I năm 2023" in page and "thời gian tới" in page
    approve = reverse(
        "reports:review_draft_approve_period",
        kwargs={"committee": committee.slug, "year": 2023, "period_id": period.pk},
    )
    client.post(approve, {"text_hash": draft.text_hash()})
    draft.refresh_from_db()
    assert draft.status == "approved" and draft.approved_by == chair


def test_the_yearly_review_lists_only_the_meetings_held_by_its_date(make_run, review_year):
    """A report dated 05/02/2023 must not say the committee "has held" its
    conference of 17/02/2023."""
    from reports.services import rendering

    committee = review_year.committee
    committee.meetings.create(
        title="Hội nghị đã họp",
        starts_at=dt.datetime(2023, 1, 20, 8, tzinfo=dt.UTC),
        place="Hội trường",
        kind="regular",
    )
    committee.meetings.create(
        title="Hội nghị sắp họp",
        starts_at=dt.datetime(2023, 2, 17, 8, tzinfo=dt.UTC),
        place="Hội trường",
        kind="regular",
    )
    run = make_run(date="2023-02-05")
    text = _text(rendering.report_render(run_id=run.pk).pdf.read())
    assert "Hội nghị đã họp" in text and "Hội nghị sắp họp" not in text
