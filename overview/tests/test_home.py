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


def test_the_chair_sees_what_waits_for_approval_and_where_to_go_before_it_exists(
    client, chair, standing_office, committee, programme, home_url
):
    from reports.models import ReviewDraft

    client.force_login(chair)
    page = client.get(home_url).content.decode()
    assert "Chờ đồng chí duyệt" in page
    assert "Cơ quan thường trực chưa soạn dự thảo báo cáo năm 2023" in page  # not a dead end: the summary is linked
    assert reverse("reports:summary", kwargs={"committee": committee.slug}) in page
    ReviewDraft.objects.create(programme=programme, status=ReviewDraft.Status.AWAITING_APPROVAL, general_assessment="x")
    page = client.get(home_url).content.decode()
    assert "Dự thảo báo cáo tổng kết năm 2023" in page
    assert reverse("reports:review_draft", kwargs={"committee": committee.slug, "year": 2023}) in page
    client.force_login(standing_office)  # the office does not approve: no such section
    assert "Chờ đồng chí duyệt" not in client.get(home_url).content.decode()


def test_the_returned_card_counts_the_returned_list(client, secretary, committee, programme, units, home_url):
    for _ in range(2):
        ActivityFactory(programme=programme, lead_unit=units["district"], status="returned", return_reason="Sửa")
    shared = ActivityFactory(programme=programme, lead_unit=units["union"], status="returned", return_reason="Khác")
    shared.participating_units.add(units["district"])  # seen, but not the secretary's to fix
    client.force_login(secretary)
    response = client.get(home_url)
    summary = response.context["summary"]
    assert summary.status_counts["returned"] == len(summary.returned) == 2
    assert '<div class="stat-value" data-status="returned">2</div>' in response.content.decode()


def test_tasks_of_earlier_years_left_open_are_not_due(client, standing_office, committee, programme, units, home_url):
    import datetime as dt

    from devtools.factories import ProgrammeFactory
    from programmes.models import ProgrammeTask

    old = ProgrammeFactory(committee=committee, year=2022)
    ProgrammeTask.objects.create(programme=old, order=1, title="Việc năm 2022 còn dở", due_date=dt.date(2022, 6, 1))
    ProgrammeTask.objects.create(
        programme=programme, order=1, title="Việc năm nay quá hạn", due_date=dt.date(2023, 6, 1)
    )
    client.force_login(standing_office)
    page = client.get(home_url).content.decode()
    assert "Việc năm nay quá hạn" in page and "Việc năm 2022 còn dở" not in page


def test_recent_documents_list_a_document_printed_twice_once(client, staff, committee, programme, home_url):
    from reports.models import ReportRun

    for _ in range(2):
        ReportRun.objects.create(programme=programme, kind="yearly_review", status="failed")
    ReportRun.objects.create(programme=programme, kind="register", status="failed")
    client.force_login(staff)
    runs = client.get(home_url).context["summary"].report_runs
    assert sorted(r.kind for r in runs) == ["register", "yearly_review"]


def test_the_chair_role_reads_as_the_committees_leadership(client, chair, home_url):
    client.force_login(chair)
    page = client.get(home_url).content.decode()
    assert "Lãnh đạo Ban Chỉ đạo" in page and "Trưởng ban / Phó Trưởng ban" not in page


def test_the_home_page_leads_to_the_periods_the_year_first_named_once(client, staff, committee, programme, home_url):
    import datetime as dt

    from programmes.models import ReportingPeriod, presets

    for period in presets(programme):
        if period.kind in ("first-half", "year"):
            period.save()
    ReportingPeriod.objects.create(
        programme=programme, kind="custom", name="Đợt cao điểm hè", start=dt.date(2023, 6, 1), end=dt.date(2023, 8, 31)
    )
    client.force_login(staff)
    response = client.get(home_url)
    assert [p.name for p in response.context["summary"].periods] == [
        "Năm 2023",
        "6 tháng đầu năm 2023",
        "Đợt cao điểm hè",
    ]
    page = response.content.decode()
    assert "6 tháng đầu năm 2023</a>" in page and "Đợt cao điểm hè 2023</a>" in page


def test_the_whole_committees_home_figures_come_from_the_roll_up_and_equal_the_rows(
    client, standing_office, chair, programme, units, home_url, monkeypatch
):
    """Whoever sees the whole committee reads the home page's status cards
    and confirmed total from the roll-up the triggers keep; after writes of
    every kind (a status moved, a sum changed behind the ORM's back, a row
    deleted) they are still what the rows themselves add up to."""
    from django.db import connection

    from activities import rollup
    from activities.models import Activity
    from reports.figures import VALUE_FIELDS, totals

    rows = [
        ActivityFactory(
            programme=programme,
            lead_unit=units[u],
            status=s,
            return_reason="Thiếu ảnh" if s == "returned" else "",
            funding_state=m,
            gifts=g,
        )
        for u, s, m, g in (
            ("district", "confirmed", 2_500_000, 3),
            ("union", "confirmed", 1_000_000, 0),
            ("province", "submitted", 7_000_000, 5),
            ("commune", "draft", 300_000, 1),
            ("district", "returned", 0, 2),
        )
    ]
    rows[2].status = "confirmed"
    rows[2].save()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE activities_activity SET funding_social = 45000, gifts = 9 WHERE id = %s", [rows[0].pk])
    rows[1].delete()
    read = []
    original = rollup.by_status
    monkeypatch.setattr(rollup, "by_status", lambda pk: read.append(pk) or original(pk))
    live = Activity.objects.filter(programme=programme)
    for user in (standing_office, chair):
        client.force_login(user)
        summary = client.get(home_url).context["summary"]
        assert read.pop() == programme.pk
        assert summary.status_counts == {s: live.filter(status=s).count() for s, _ in Activity.Status.choices}
        expected = totals(live.filter(status="confirmed"))
        assert summary.confirmed_total.count == expected.count == 2
        assert {f: summary.confirmed_total[f] for f in VALUE_FIELDS} == {f: expected[f] for f in VALUE_FIELDS}
        assert summary.confirmed_total.amount_total == 2_500_000 + 45_000 + 7_000_000
