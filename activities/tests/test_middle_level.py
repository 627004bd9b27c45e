"""A middle review level: the district command checks its commune command's
activities before the standing office; the figures count only what the
office confirmed; a return goes back to the unit with both reasons kept."""

import pytest
from django.urls import reverse

from activities.models import Activity
from activities.selectors import history_entries
from devtools.factories import ActivityFactory


def _url(committee, name, **kwargs):
    return reverse(f"activities:{name}", kwargs={"committee": committee.slug, **kwargs})


@pytest.fixture
def commune_activity(programme, units):
    return ActivityFactory(programme=programme, lead_unit=units["commune"], status="submitted", funding_state=5_000_000)


def test_the_middle_level_checks_before_the_standing_office_confirms(
    client, committee, units, commune_activity, middle, standing_office
):
    a = commune_activity
    client.force_login(standing_office)
    queue = client.get(_url(committee, "review_queue")).content.decode()
    assert a.title not in queue
    page = client.get(_url(committee, "detail", pk=a.pk)).content.decode()
    assert "Đang chờ cấp kiểm tra trung gian" in page
    response = client.post(_url(committee, "confirm", pk=a.pk), {"version": a.version}, follow=True)
    assert "chờ cấp kiểm tra trung gian" in response.content.decode()
    a.refresh_from_db()
    assert a.status == "submitted"

    client.force_login(middle)
    assert a.title in client.get(_url(committee, "check_queue")).content.decode()
    client.post(_url(committee, "check", pk=a.pk), {"version": a.version})
    a.refresh_from_db()
    assert a.status == "submitted" and a.checked_by == middle
    assert a.title not in client.get(_url(committee, "check_queue")).content.decode()
    # checked is not counted: only the standing office's confirmation counts
    summary = client.get(reverse("reports:summary", kwargs={"committee": committee.slug})).context["f"]
    assert summary.total.count == 0

    client.force_login(standing_office)
    assert a.title in client.get(_url(committee, "review_queue")).content.decode()
    client.post(_url(committee, "confirm", pk=a.pk), {"version": a.version})
    a.refresh_from_db()
    assert a.status == "confirmed"
    summary = client.get(reverse("reports:summary", kwargs={"committee": committee.slug})).context["f"]
    assert summary.total.count == 1 and summary.total.amount_total == 5_000_000


def test_a_return_goes_back_to_the_unit_with_both_reasons_in_its_history(
    client, committee, commune_activity, middle, standing_office, secretary
):
    a = commune_activity
    client.force_login(middle)
    client.post(
        _url(committee, "check_return", pk=a.pk), {"version": a.version, "reason": "Thiếu danh sách hộ nhận quà."}
    )
    a.refresh_from_db()
    assert (a.status, a.return_reason) == ("returned", "Thiếu danh sách hộ nhận quà.")
    client.force_login(secretary)
    client.post(_url(committee, "submit", pk=a.pk))
    a.refresh_from_db()
    assert a.status == "submitted" and a.checked_at is None
    client.force_login(middle)
    client.post(_url(committee, "check", pk=a.pk), {"version": a.version})
    client.force_login(standing_office)
    a.refresh_from_db()
    client.post(_url(committee, "return", pk=a.pk), {"version": a.version, "reason": "Số ngày công chưa khớp."})
    a.refresh_from_db()
    assert a.status == "returned" and a.checked_at is None
    reasons = {c.new for e in history_entries(a) for c in e.changes if c.new}
    assert {"Thiếu danh sách hộ nhận quà.", "Số ngày công chưa khớp."} <= reasons


def test_the_middle_levels_own_activities_and_others_go_straight_to_the_office(
    client, committee, programme, units, middle, standing_office
):
    own = ActivityFactory(programme=programme, lead_unit=units["district"], status="submitted")
    other = ActivityFactory(programme=programme, lead_unit=units["union"], status="submitted")
    client.force_login(standing_office)
    queue = client.get(_url(committee, "review_queue")).content.decode()
    assert own.title in queue and other.title in queue
    client.force_login(middle)
    page = client.get(_url(committee, "check_queue")).content.decode()
    assert own.title not in page and other.title not in page
    # nor can the middle level check what is not its sub-units'
    assert client.post(_url(committee, "check", pk=own.pk), {"version": own.version}).status_code == 403
    assert client.get(_url(committee, "detail", pk=other.pk)).status_code == 404
    assert Activity.objects.filter(checked_at__isnull=False).count() == 0


def test_a_middle_return_needs_a_reason(client, committee, commune_activity, middle):
    client.force_login(middle)
    response = client.post(
        _url(committee, "check_return", pk=commune_activity.pk),
        {"version": commune_activity.version, "reason": " "},
        follow=True,
    )
    assert response.status_code == 200
    commune_activity.refresh_from_db()
    assert commune_activity.status == "submitted"
