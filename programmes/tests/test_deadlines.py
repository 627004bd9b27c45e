"""Reporting deadlines and the completeness board: who must report, the
status of each unit worked out from when it closed its report, the board's
counts against a brute-force count, sorting, the Excel export, scope and
bad input."""

import datetime as dt
import io
import random

import pytest
from django.urls import reverse
from django.utils import timezone

from devtools.factories import ActivityFactory
from programmes import reporting
from programmes.models import ReportingObligation, ReportingPeriod, UnitReport

TZ = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def half(programme):
    return ReportingPeriod.objects.create(
        programme=programme,
        kind="first-half",
        name="6 tháng đầu năm 2023",
        start=dt.date(2023, 1, 1),
        end=dt.date(2023, 6, 30),
    )


@pytest.fixture
def deadline(half):
    return ReportingObligation.objects.create(period=half, due_on=dt.date(2023, 6, 20))


def _close(deadline, unit, day: dt.date, hour=16):
    return UnitReport.objects.create(
        obligation=deadline, unit=unit, went_well="Tốt", closed_at=dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)
    )


def test_every_top_unit_reports_unless_a_group_is_named_and_each_gets_its_status(deadline, units):
    assert {u.pk for u in reporting.due_units(deadline)} == {units["province"].pk, units["union"].pk}
    # closed at 23:30 on the due day, Vietnam time: on time; the next morning: late
    _close(deadline, units["province"], dt.date(2023, 6, 20), hour=23)
    statuses = {r.unit.pk: r.status for r in reporting.rows(deadline, today=dt.date(2023, 6, 25))}
    assert statuses == {units["province"].pk: "on_time", units["union"].pk: "missing"}
    assert {r.unit.pk: r.status for r in reporting.rows(deadline, today=dt.date(2023, 6, 20))}[
        units["union"].pk
    ] == "pending"
    _close(deadline, units["union"], dt.date(2023, 6, 21), hour=8)
    assert {r.status for r in reporting.rows(deadline)} == {"on_time", "late"}
    deadline.units.set([units["district"]])
    assert [u.pk for u in reporting.due_units(deadline)] == [units["district"].pk]


def test_the_board_counts_each_units_activities_of_the_period_by_status(
    client, committee, programme, units, half, deadline, standing_office
):
    rng = random.Random(16)
    made = []
    for _ in range(40):
        unit = units[rng.choice(["province", "district", "commune", "union"])]
        start = dt.date(2023, rng.randint(1, 9), rng.randint(1, 28))  # some after the period
        status = rng.choice(["draft", "submitted", "returned", "confirmed"])
        a = ActivityFactory(
            programme=programme,
            lead_unit=unit,
            status=status,
            start_date=start,
            end_date=start,
            return_reason="Thiếu ảnh" if status == "returned" else "",
        )
        if status == "submitted":
            a.submitted_at = timezone.now() - dt.timedelta(days=rng.randint(1, 30))
            a.save(update_fields=["submitted_at"])
        made.append(a)
    client.force_login(standing_office)
    response = client.get(
        reverse("reports:completeness", kwargs={"committee": committee.slug}), {"deadline": deadline.pk}
    )
    rows = {r["unit"].pk: r for r in response.context["rows"]}
    for top in (units["province"], units["union"]):
        mine = [a for a in made if a.lead_unit.path.startswith(top.path) and a.start_date <= half.end]
        for status in ("draft", "submitted", "returned", "confirmed"):
            assert rows[top.pk]["counts"][status] == sum(1 for a in mine if a.status == status), (top.name, status)
        waiting = [a.submitted_at for a in mine if a.status == "submitted"]
        expected = (timezone.now() - min(waiting)).days if waiting else None
        assert rows[top.pk]["waiting"] == expected
    # each count opens the list of exactly those activities
    link = rows[units["province"].pk]["links"]["confirmed"]
    listed = client.get(link)
    assert listed.context["page"].paginator.count == rows[units["province"].pk]["counts"]["confirmed"]


def test_the_board_sorts_and_exports_to_excel(client, committee, units, deadline, standing_office):
    from openpyxl import load_workbook

    _close(deadline, units["union"], dt.date(2023, 6, 25))
    client.force_login(standing_office)
    url = reverse("reports:completeness", kwargs={"committee": committee.slug})
    rows = client.get(url, {"deadline": deadline.pk, "sort": "status"}).context["rows"]
    assert [r["status"] for r in rows] == ["missing", "late"]
    rows = client.get(url, {"deadline": deadline.pk, "sort": "unit"}).context["rows"]
    assert [r["unit"].name for r in rows] == sorted(
        (u.name for u in (units["province"], units["union"])), key=str.casefold
    )
    response = client.get(url, {"deadline": deadline.pk, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 3 and values[0][0] == "Đơn vị"
    union = next(v for v in values[1:] if v[0] == units["union"].name)
    assert union[1] == "Chậm" and union[2] == "25/06/2023" and union[3] == 5
    assert client.get(url, {"deadline": "99999"}).status_code == 404
    assert client.get(url, {"deadline": "abc"}).status_code == 404


def test_a_secretary_closes_their_own_units_report_only(
    client, committee, programme, units, half, standing_office, secretary, other_secretary
):
    deadline = ReportingObligation.objects.create(period=half, due_on=dt.date(2023, 6, 20))
    deadline.units.set([units["district"], units["union"]])
    url = reverse("programmes:unit_reports", kwargs={"committee": committee.slug, "obligation_id": deadline.pk})
    client.force_login(secretary)
    page = client.get(url).content.decode()
    assert units["district"].name in page and units["union"].name not in page
    prefix = f"u{units['district'].pk}"
    response = client.post(
        url,
        {"unit": units["district"].pk, f"{prefix}-went_well": "Làm tốt", f"{prefix}-difficulties": "Thiếu kinh phí"},
    )
    assert response.status_code == 302
    report = UnitReport.objects.get()
    assert (report.unit, report.went_well, report.difficulties) == (units["district"], "Làm tốt", "Thiếu kinh phí")
    # another unit's report is not theirs to close
    assert client.post(url, {"unit": units["union"].pk, f"u{units['union'].pk}-went_well": "x"}).status_code == 403
    # saving again keeps the day it was first closed
    first = report.closed_at
    client.post(url, {"unit": units["district"].pk, f"{prefix}-went_well": "Làm tốt hơn"})
    report.refresh_from_db()
    assert report.closed_at == first and report.went_well == "Làm tốt hơn"
    # the standing office reads it
    client.force_login(standing_office)
    assert "Làm tốt hơn" in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Đồng chí ghi ít nhất"),
        ({"went_well": "Tốt\x07"}, "ký tự điều khiển"),
        ({"proposals": "x" * 4001}, "4000"),
    ],
)
def test_bad_reports_are_refused_and_close_nothing(client, committee, units, deadline, secretary, data, message):
    deadline.units.set([units["district"]])
    client.force_login(secretary)
    url = reverse("programmes:unit_reports", kwargs={"committee": committee.slug, "obligation_id": deadline.pk})
    prefix = f"u{units['district'].pk}"
    response = client.post(
        url, {"unit": units["district"].pk, **{f"{prefix}-{k}": v for k, v in data.items()}}, follow=True
    )
    assert message in response.content.decode()
    assert not UnitReport.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"due_on": "31/12/2022"}, "Hạn báo cáo phải từ ngày bắt đầu"),
        ({"due_on": "31/02/2023"}, "dd/mm/yyyy"),
        ({"due_on": "20/06/2023", "note": "a\x00b"}, "ký tự rỗng (null)"),
        ({"due_on": "20/06/2023", "units": "999999"}, "lựa chọn hợp lệ"),
    ],
)
def test_bad_deadlines_are_refused_in_vietnamese_and_set_nothing(
    client, committee, half, standing_office, data, message
):
    client.force_login(standing_office)
    url = reverse("programmes:obligation_new", kwargs={"committee": committee.slug, "year": 2023, "period_id": half.pk})
    response = client.post(url, data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not ReportingObligation.objects.exists()


def test_the_office_sets_a_deadline_for_a_group(client, committee, units, half, standing_office):
    client.force_login(standing_office)
    url = reverse("programmes:obligation_new", kwargs={"committee": committee.slug, "year": 2023, "period_id": half.pk})
    response = client.post(
        url, {"due_on": "20/06/2023", "units": [units["district"].pk, units["union"].pk], "note": "Sơ kết"}
    )
    assert response.status_code == 302
    deadline = ReportingObligation.objects.get()
    assert deadline.due_on == dt.date(2023, 6, 20) and deadline.note == "Sơ kết"
    assert set(deadline.units.all()) == {units["district"], units["union"]}
    page = client.get(
        reverse("programmes:detail_year", kwargs={"committee": committee.slug, "year": 2023})
    ).content.decode()
    assert "20/06/2023" in page


def test_the_units_narratives_stand_beside_the_periods_review_text(
    client, committee, units, half, deadline, standing_office
):
    UnitReport.objects.create(
        obligation=deadline,
        unit=units["union"],
        difficulties="Mưa lũ kéo dài làm chậm tiến độ.",
        closed_at=dt.datetime(2023, 6, 18, 9, tzinfo=TZ),
    )
    client.force_login(standing_office)
    url = reverse(
        "reports:review_draft_period", kwargs={"committee": committee.slug, "year": 2023, "period_id": half.pk}
    )
    page = client.get(url).content.decode()
    assert "Mưa lũ kéo dài làm chậm tiến độ." in page and units["union"].name in page
    year_page = client.get(
        reverse("reports:review_draft", kwargs={"committee": committee.slug, "year": 2023})
    ).content.decode()
    assert "Mưa lũ kéo dài làm chậm tiến độ." not in year_page
