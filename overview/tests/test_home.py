import pytest
from django.urls import reverse

from devtools.factories import ActivityFactory

ALL_ROLES = ["secretary", "other_secretary", "standing_office", "chair", "staff", "administrator"]


@pytest.fixture
def home_url(committee):
    return reverse("committee_home", kwargs={"committee": committee.slug})


def test_login_page_is_vietnamese(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()


def test_wrong_password_shows_vietnamese_error(client, secretary):
    response = client.post(reverse("login"), {"username": "secretary", "password": "wrong"})
    assert response.status_code == 200
    assert "không đúng" in response.content.decode()


def test_anonymous_is_sent_to_login(client, home_url):
    response = client.get(home_url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_reaches_its_home_page(role, request, client, home_url, committee):
    client.force_login(request.getfixturevalue(role))
    response = client.get(home_url)
    assert response.status_code == 200
    assert committee.name in response.content.decode()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_root_redirects_a_single_committee_user_to_its_home(role, request, client, home_url):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == home_url


def test_outsider_gets_404_for_another_committee(client, outsider, home_url):
    client.force_login(outsider)
    assert client.get(home_url).status_code == 404


def test_home_refuses_post(client, secretary, home_url):
    client.force_login(secretary)
    assert client.post(home_url).status_code == 405


def test_secretary_home_counts_only_their_scope(client, secretary, programme, units, home_url):
    ActivityFactory(programme=programme, lead_unit=units["district"], status="submitted")
    ActivityFactory(programme=programme, lead_unit=units["union"], status="submitted")
    ActivityFactory(programme=programme, lead_unit=units["commune"], status="returned", return_reason="Thiếu ảnh")
    client.force_login(secretary)
    html = client.get(home_url).content.decode()
    assert 'data-status="submitted">1<' in html
    assert 'data-status="returned">1<' in html
    assert "Thiếu ảnh" in html


def test_standing_office_home_counts_the_whole_committee(client, standing_office, programme, units, home_url):
    for unit in ("district", "union", "province"):
        ActivityFactory(programme=programme, lead_unit=units[unit], status="submitted")
    client.force_login(standing_office)
    html = client.get(home_url).content.decode()
    assert 'data-status="submitted">3<' in html


def test_logout_is_a_post_and_ends_the_session(client, secretary, home_url):
    client.force_login(secretary)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(home_url).status_code == 302


def test_secretary_home_lists_only_returned_items_they_can_still_fix(client, secretary, committee, units, home_url):
    from devtools.factories import ProgrammeFactory

    closed = ProgrammeFactory(committee=committee, year=2022, status="closed")
    open_year = ProgrammeFactory(committee=committee, year=2023)
    ActivityFactory(programme=closed, lead_unit=units["district"], status="returned", return_reason="Năm đã khóa")
    ActivityFactory(programme=open_year, lead_unit=units["district"], status="returned", return_reason="Cần sửa")
    shared = ActivityFactory(programme=open_year, lead_unit=units["union"], status="returned", return_reason="Của hội")
    shared.participating_units.add(units["district"])
    client.force_login(secretary)
    html = client.get(home_url).content.decode()
    assert "Cần sửa" in html
    assert "Năm đã khóa" not in html and "Của hội" not in html


def test_home_shows_the_confirmed_total_of_the_users_scope(client, secretary, chair, programme, units, home_url):
    ActivityFactory(programme=programme, lead_unit=units["district"], status="confirmed", funding_state=2_500_000)
    ActivityFactory(programme=programme, lead_unit=units["union"], status="confirmed", funding_state=1_000_000)
    ActivityFactory(programme=programme, lead_unit=units["district"], status="submitted", funding_state=7_000_000)
    client.force_login(secretary)
    assert "2.500.000 đồng" in client.get(home_url).content.decode()
    client.force_login(chair)
    assert "3.500.000 đồng" in client.get(home_url).content.decode()


def test_tasks_due_soon_are_reminded_to_their_lead_unit_and_the_standing_office(
    client, secretary, other_secretary, standing_office, chair, programme, units, home_url
):
    import datetime as dt

    from django.utils import timezone

    from programmes.models import ProgrammeTask

    today = timezone.localdate()
    soon = today + dt.timedelta(days=5)
    ProgrammeTask.objects.create(
        programme=programme,
        order=1,
        title="Bàn giao nhà đồng đội",
        lead_unit=units["commune"],
        due_date=soon,
        progress=60,
    )
    ProgrammeTask.objects.create(
        programme=programme,
        order=2,
        title="Việc còn xa",
        lead_unit=units["commune"],
        due_date=today + dt.timedelta(days=60),
    )
    ProgrammeTask.objects.create(
        programme=programme,
        order=3,
        title="Việc đã xong",
        lead_unit=units["commune"],
        due_date=today - dt.timedelta(days=1),
        progress=100,
    )
    for user, sees in ((secretary, True), (standing_office, True), (other_secretary, False), (chair, False)):
        client.force_login(user)
        html = client.get(home_url).content.decode()
        assert ("Bàn giao nhà đồng đội" in html) is sees, user
        assert "Việc còn xa" not in html and "Việc đã xong" not in html


def test_the_standing_office_is_sent_from_home_to_the_review_queue(
    client, standing_office, secretary, home_url, committee, programme
):
    queue = reverse("activities:review_queue", kwargs={"committee": committee.slug})
    client.force_login(standing_office)
    assert queue in client.get(home_url).content.decode()
    client.force_login(secretary)
    assert queue not in client.get(home_url).content.decode()
