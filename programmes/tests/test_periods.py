import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities import services
from activities.models import Activity
from coordination.permissions import get_access
from devtools.factories import ActivityFactory
from programmes.models import ActivityCategory, Programme, ReportingPeriod, presets


def _url(committee, name, **kwargs):
    return reverse(f"programmes:{name}", kwargs={"committee": committee.slug, "year": 2023, **kwargs})


def _activity(programme, units, day, code="qua-chinh-sach", **extra):
    return Activity(
        programme=programme,
        category=ActivityCategory.objects.get(code=code),
        title="Tặng quà Tết",
        start_date=day,
        end_date=day,
        lead_unit=units["district"],
        **extra,
    )


def test_a_tet_activity_of_december_belongs_to_the_next_years_programme(programme, units):
    """28/12/2022 is mùng 6 tháng Chạp, in the campaign for the Tết of 2023
    (from mùng 1 tháng Chạp, 23/12/2022): accepted for 2023 when the category
    is a Tết campaign, refused with a message naming the days otherwise."""
    _activity(programme, units, dt.date(2022, 12, 28), "tet-vi-nguoi-ngheo").full_clean(exclude=["created_by"])
    with pytest.raises(ValidationError) as refused:
        _activity(programme, units, dt.date(2022, 12, 28), "kham-benh").full_clean(exclude=["created_by"])
    message = " ".join(refused.value.message_dict["start_date"])
    assert "28/12/2022" in message and "01/01/2023–31/12/2023" in message and "từ 23/12/2022" in message
    with pytest.raises(ValidationError):  # before the campaign
        _activity(programme, units, dt.date(2022, 12, 20), "tet-vi-nguoi-ngheo").full_clean(exclude=["created_by"])
    with pytest.raises(ValidationError) as late:  # ends after the year
        activity = _activity(programme, units, dt.date(2023, 12, 30))
        activity.end_date = dt.date(2024, 1, 2)
        activity.full_clean(exclude=["created_by"])
    assert "end_date" in late.value.message_dict


def test_a_data_year_from_15_december(programme, units):
    programme.data_year = Programme.DataYear.DEC15
    programme.save()
    assert (programme.data_start, programme.data_end) == (dt.date(2022, 12, 15), dt.date(2023, 12, 14))
    _activity(programme, units, dt.date(2022, 12, 16), "kham-benh").full_clean(exclude=["created_by"])
    with pytest.raises(ValidationError):
        _activity(programme, units, dt.date(2023, 12, 15), "kham-benh").full_clean(exclude=["created_by"])
    periods = {p.kind: p for p in presets(programme)}
    assert (periods["year"].start, periods["year"].end) == (dt.date(2022, 12, 15), dt.date(2023, 12, 14))
    assert periods["first-half"].start == dt.date(2022, 12, 15) and periods["q4"].end == dt.date(2023, 12, 14)


def test_the_usual_periods_are_added_once(client, standing_office, committee, programme):
    client.force_login(standing_office)
    client.post(_url(committee, "periods_usual"))
    client.post(_url(committee, "periods_usual"))
    periods = {p.kind: p for p in programme.periods.all()}
    assert set(periods) == {"first-half", "q1", "q2", "q3", "q4", "year", "tet"}
    assert periods["first-half"].name == "6 tháng đầu năm 2023"
    assert (periods["first-half"].start, periods["first-half"].end) == (dt.date(2022, 12, 23), dt.date(2023, 6, 30))
    assert (periods["tet"].start, periods["tet"].end) == (dt.date(2022, 12, 23), dt.date(2023, 2, 5))
    page = client.get(reverse("programmes:detail_year", kwargs={"committee": committee.slug, "year": 2023}))
    assert "6 tháng đầu năm 2023" in page.content.decode()


def test_a_period_outside_the_year_or_with_a_cutoff_outside_it_is_refused(
    client, standing_office, committee, programme
):
    client.force_login(standing_office)
    bad = [
        {"name": "Sai", "start": "01/07/2023", "end": "30/06/2023", "cutoff": ""},
        {"name": "Sai", "start": "01/01/2023", "end": "30/06/2023", "cutoff": "01/07/2023"},
        {"name": "Sai", "start": "01/11/2022", "end": "30/06/2023", "cutoff": ""},
    ]
    for data in bad:
        response = client.post(_url(committee, "period_new"), data)
        assert response.status_code == 200 and not ReportingPeriod.objects.exists(), data
    response = client.post(
        _url(committee, "period_new"),
        {"name": "Đợt cao điểm", "start": "01/03/2023", "end": "31/05/2023", "cutoff": ""},
    )
    assert ReportingPeriod.objects.get().name == "Đợt cao điểm"


@pytest.fixture
def locked_half(programme, standing_office, committee):
    period = ReportingPeriod.objects.create(
        programme=programme,
        kind="first-half",
        name="6 tháng đầu năm 2023",
        start=dt.date(2023, 1, 1),
        end=dt.date(2023, 6, 30),
    )
    from programmes.services import period_lock

    return period_lock(access=get_access(standing_office, committee.slug), user=standing_office, period_id=period.pk)


def test_a_locked_period_refuses_changes_to_its_activities(
    secretary, standing_office, committee, programme, units, locked_half
):
    march = ActivityFactory(
        programme=programme, lead_unit=units["district"], status="submitted", start_date=dt.date(2023, 3, 10)
    )
    august = ActivityFactory(
        programme=programme,
        lead_unit=units["district"],
        status="draft",
        start_date=dt.date(2023, 8, 10),
        end_date=dt.date(2023, 8, 10),
    )
    access = get_access(secretary, committee.slug)
    with pytest.raises(ValidationError) as refused:
        services.activity_update(
            access=access,
            user=secretary,
            activity_id=march.pk,
            expected_version=march.version,
            fields={"funding_state": 9_000_000},
            participating_units=[],
        )
    assert "6 tháng đầu năm 2023" in refused.value.messages[0] and "đã khóa" in refused.value.messages[0]
    with pytest.raises(ValidationError):  # nor moved into it
        services.activity_update(
            access=access,
            user=secretary,
            activity_id=august.pk,
            expected_version=august.version,
            fields={"start_date": dt.date(2023, 6, 1), "end_date": dt.date(2023, 6, 1)},
            participating_units=[],
        )
    with pytest.raises(ValidationError):  # nor confirmed: the figures would change
        services.activity_confirm(
            access=get_access(standing_office, committee.slug),
            user=standing_office,
            activity_id=march.pk,
            seen_version=march.version,
        )
    march.refresh_from_db()
    assert march.status == "submitted" and march.funding_state != 9_000_000
    services.activity_update(  # after the period: fine
        access=access,
        user=secretary,
        activity_id=august.pk,
        expected_version=august.version,
        fields={"funding_state": 5_000_000},
        participating_units=[],
    )


def test_reopening_needs_a_reason_and_keeps_who_when_and_why(client, standing_office, committee, locked_half):
    client.force_login(standing_office)
    url = _url(committee, "period_lock", period_id=locked_half.pk)
    response = client.post(url, {"action": "reopen", "reason": "  "}, follow=True)
    assert "lý do" in response.content.decode()
    locked_half.refresh_from_db()
    assert locked_half.is_locked
    client.post(url, {"action": "reopen", "reason": "Bổ sung số liệu của Ban CHQS huyện"})
    locked_half.refresh_from_db()
    assert not locked_half.is_locked
    last = locked_half.history.order_by("-history_date").first()
    assert last.lock_note == "Bổ sung số liệu của Ban CHQS huyện" and last.history_user == standing_office
    assert [h.locked_at is not None for h in locked_half.history.order_by("history_date")] == [False, True, False]


def test_a_tet_activity_shows_its_lunar_date(client, secretary, committee, programme, units):
    activity = ActivityFactory(
        programme=programme,
        lead_unit=units["district"],
        category=ActivityCategory.objects.get(code="tet-vi-nguoi-ngheo"),
        start_date=dt.date(2022, 12, 28),
        end_date=dt.date(2022, 12, 28),
    )
    client.force_login(secretary)
    page = client.get(reverse("activities:detail", kwargs={"committee": committee.slug, "pk": activity.pk}))
    assert "âm lịch: mùng 6 tháng Chạp" in page.content.decode()


def test_the_office_sets_the_data_year_and_the_tet_campaign_start(client, standing_office, committee, programme):
    client.force_login(standing_office)
    client.post(
        _url(committee, "edit"),
        {"title": programme.title, "number_symbol": "", "signed_on": "", "data_year": "dec15", "tet_from": "1115"},
    )
    programme.refresh_from_db()
    assert programme.data_year == "dec15" and programme.tet_window()[0] == dt.date(2022, 12, 8)


def test_a_secretary_records_a_tet_activity_of_28_december_for_the_next_years_programme(
    client, secretary, committee, programme, units
):
    """Through the entry form, as the secretary does it: the 2023 programme,
    the Tết week for the poor, 28/12/2022."""
    programme.status = Programme.Status.ACTIVE
    programme.save()
    tet = ActivityCategory.objects.get(code="tet-vi-nguoi-ngheo")
    client.force_login(secretary)
    data = {
        "programme": programme.pk,
        "category": tet.pk,
        "title": "Trao quà Tết cho hộ nghèo xã B",
        "description": "",
        "start_date": "28/12/2022",
        "end_date": "29/12/2022",
        "lead_unit": units["district"].pk,
        "participating_units": [],
        "locality": "",
        "gifts": "50",
        "beneficiaries": "50",
        "participants": "12",
        "funding_state": "0",
        "funding_social": "25.000.000",
        "funding_units": "0",
        "action": "submit",
    }
    response = client.post(reverse("activities:create", kwargs={"committee": committee.slug}), data)
    assert response.status_code == 302, response.context["form"].errors
    activity = Activity.objects.get(title="Trao quà Tết cho hộ nghèo xã B")
    assert activity.programme == programme and activity.start_date == dt.date(2022, 12, 28)
    assert activity.status == "submitted"
    data.update(category=ActivityCategory.objects.get(code="kham-benh").pk, title="Khám bệnh tháng 12")
    refused = client.post(reverse("activities:create", kwargs={"committee": committee.slug}), data)
    assert refused.status_code == 200
    assert "Chỉ hoạt động thuộc loại đợt cao điểm Tết mới được bắt đầu sớm hơn" in refused.content.decode()
    assert not Activity.objects.filter(title="Khám bệnh tháng 12").exists()
