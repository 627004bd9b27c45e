import datetime as dt

import pytest
from django.urls import reverse

from devtools.factories import MemberFactory
from meetings.models import FollowUp, Meeting


def _url(committee, name, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"committee": committee.slug, **kwargs})


@pytest.fixture
def head(committee):
    return MemberFactory(committee=committee, full_name="Hoàng Thị Minh Nguyệt", role="head")


@pytest.fixture
def meeting(committee, programme, head):
    m = Meeting.objects.create(
        committee=committee,
        programme=programme,
        kind="yearly_review",
        title="Hội nghị tổng kết năm 2023",
        starts_at=dt.datetime(2024, 1, 20, 1, tzinfo=dt.UTC),
    )
    m.co_chairs.set([head])
    m.attendees.create(member=head, present=True)
    return m


def test_standing_office_schedules_a_meeting_and_members_are_invited(
    client, standing_office, committee, programme, head
):
    client.force_login(standing_office)
    response = client.post(
        _url(committee, "meeting_new"),
        {
            "kind": "preliminary",
            "title": "Sơ kết 6 tháng",
            "day": "14/07/2023",
            "time": "08:00",
            "place": "Hội trường",
            "programme": programme.pk,
            "co_chairs": [head.pk],
            "conclusions": "",
        },
    )
    meeting = Meeting.objects.get(title="Sơ kết 6 tháng")
    assert response.status_code == 302
    assert meeting.starts_at == dt.datetime(2023, 7, 14, 1, 0, tzinfo=dt.UTC)  # 08:00 in Hanoi
    assert [a.member for a in meeting.attendees.all()] == [head]
    calendar = client.get(_url(committee, "meetings"), {"month": "2023-07"}).content.decode()
    assert "Sơ kết 6 tháng" in calendar


@pytest.mark.parametrize(
    ("role", "status"),
    [("secretary", 403), ("chair", 403), ("staff", 403), ("standing_office", 200), ("outsider", 404)],
)
def test_only_the_standing_office_schedules(role, status, request, client, committee, meeting):
    client.force_login(request.getfixturevalue(role))
    assert client.get(_url(committee, "meeting_new")).status_code == status
    assert client.get(_url(committee, "meeting_edit", meeting_id=meeting.pk)).status_code == status


@pytest.mark.parametrize("role", ["secretary", "chair", "staff", "standing_office"])
def test_every_role_reads_meetings(role, request, client, committee, meeting):
    client.force_login(request.getfixturevalue(role))
    assert client.get(_url(committee, "meetings")).status_code == 200
    assert client.get(_url(committee, "meeting", meeting_id=meeting.pk)).status_code == 200


def test_follow_up_lifecycle_from_assignment_to_done(
    client, standing_office, secretary, other_secretary, committee, meeting, units
):
    client.force_login(standing_office)
    client.post(_url(committee, "meeting_agenda_add", meeting_id=meeting.pk), {"title": "Báo cáo kết quả năm"})
    client.post(
        _url(committee, "meeting_follow_up_add", meeting_id=meeting.pk),
        {
            "description": "Bàn giao 02 nhà đồng đội còn lại",
            "assigned_unit": units["commune"].pk,
            "deadline": "30/04/2024",
        },
    )
    follow_up = FollowUp.objects.get()
    assert follow_up.status == "open" and meeting.agenda_items.get().order == 1
    # The assigned unit's secretary (the district's, above the commune) sees it and moves it along.
    client.force_login(secretary)
    home = client.get(reverse("committee_home", kwargs={"committee": committee.slug})).content.decode()
    assert "Bàn giao 02 nhà đồng đội còn lại" in home
    client.post(_url(committee, "follow_up_status", follow_up_id=follow_up.pk), {"status": "done"})
    follow_up.refresh_from_db()
    assert follow_up.status == "done" and follow_up.completed_at is not None
    # Another unit's secretary may not.
    client.force_login(other_secretary)
    response = client.post(_url(committee, "follow_up_status", follow_up_id=follow_up.pk), {"status": "open"})
    assert response.status_code == 403
    follow_up.refresh_from_db()
    assert follow_up.status == "done"


def test_overdue_follow_ups_are_highlighted_for_the_standing_office(client, standing_office, committee, meeting, units):
    FollowUp.objects.create(
        meeting=meeting, description="Việc quá hạn", assigned_unit=units["union"], deadline=dt.date(2020, 1, 1)
    )
    client.force_login(standing_office)
    html = client.get(reverse("committee_home", kwargs={"committee": committee.slug})).content.decode()
    assert "Việc quá hạn" in html and "quá hạn</strong>" in html


def test_a_follow_up_for_another_committees_unit_is_refused(
    client, standing_office, committee, meeting, other_committee
):
    from devtools.factories import UnitFactory

    foreign = UnitFactory(committee=other_committee)
    client.force_login(standing_office)
    client.post(
        _url(committee, "meeting_follow_up_add", meeting_id=meeting.pk),
        {"description": "x", "assigned_unit": foreign.pk},
    )
    assert not FollowUp.objects.exists()


def test_invitation_and_minutes_are_printed_through_the_report_pipeline(
    client, standing_office, secretary, committee, meeting, units, settings, tmp_path
):
    import io
    from unittest import mock

    from pypdf import PdfReader

    from reports.models import ReportRun
    from reports.services import rendering

    settings.MEDIA_ROOT = tmp_path
    FollowUp.objects.create(
        meeting=meeting,
        description="Tổng hợp mô hình Dân vận khéo",
        assigned_unit=units["union"],
        deadline=dt.date(2024, 6, 30),
    )
    client.force_login(secretary)
    assert client.post(_url(committee, "meeting_print", meeting_id=meeting.pk), {"kind": "minutes"}).status_code == 403
    client.force_login(standing_office)
    texts = {}
    for kind in ("invitation", "minutes"):
        with mock.patch("config.celery.app.send_task"):
            response = client.post(_url(committee, "meeting_print", meeting_id=meeting.pk), {"kind": kind})
        run = ReportRun.objects.get(kind=kind)
        assert response["Location"] == reverse("reports:run", kwargs={"committee": committee.slug, "run_id": run.pk})
        done = rendering.report_render(run_id=run.pk)
        texts[kind] = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(done.pdf.read())).pages)
    assert "GIẤY MỜI" in texts["invitation"] and "08 giờ 00, ngày 20/01/2024" in texts["invitation"]
    assert "-GM/" in texts["invitation"] and "ĐẢNG CỘNG SẢN VIỆT NAM" in texts["invitation"]
    assert "BIÊN BẢN" in texts["minutes"] and "Tổng hợp mô hình Dân vận khéo" in texts["minutes"]
    assert "Có mặt 1 đồng chí: Hoàng Thị Minh Nguyệt" in texts["minutes"]


def test_an_agenda_item_links_a_printed_document_of_the_committee(
    client, standing_office, committee, meeting, programme, other_committee
):
    from programmes.models import Programme
    from reports.models import ReportRun

    printed = ReportRun.objects.create(
        programme=programme, kind="yearly_review", status="done", sha256="a" * 64, page_count=18
    )
    foreign_programme = Programme.objects.create(committee=other_committee, year=2023, title="x")
    foreign = ReportRun.objects.create(
        programme=foreign_programme, kind="yearly_review", status="done", sha256="b" * 64, page_count=1
    )
    client.force_login(standing_office)
    url = _url(committee, "meeting_agenda_add", meeting_id=meeting.pk)
    client.post(url, {"title": "Báo cáo tổng kết", "document": printed.pk})
    client.post(url, {"title": "Tài liệu khác", "document": foreign.pk})
    items = {i.title: i.report_run for i in meeting.agenda_items.all()}
    assert items == {"Báo cáo tổng kết": printed, "Tài liệu khác": None}
    html = client.get(_url(committee, "meeting", meeting_id=meeting.pk)).content.decode()
    assert reverse("reports:run", kwargs={"committee": committee.slug, "run_id": printed.pk}) in html


def test_printing_an_unknown_meeting_document_is_refused_with_a_message(client, staff, committee, meeting):
    from reports.models import ReportRun

    client.force_login(staff)
    response = client.post(_url(committee, "meeting_print", meeting_id=meeting.pk), {"kind": "agenda"}, follow=True)
    assert "chọn in giấy mời, biên bản hay thông báo kết luận" in response.content.decode()
    assert not ReportRun.objects.exists()


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "2023-13", "abc"])
def test_the_calendar_clamps_a_month_out_of_range(client, standing_office, committee, month):
    client.force_login(standing_office)
    response = client.get(_url(committee, "meetings"), {"month": month})
    assert response.status_code == 200
    assert 1900 <= response.context["month"].year <= 2100


def test_assigning_without_a_unit_says_so_on_the_field_and_keeps_what_was_typed(
    client, standing_office, committee, meeting
):
    client.force_login(standing_office)
    response = client.post(
        _url(committee, "meeting_follow_up_add", meeting_id=meeting.pk),
        {"description": "Rà soát hộ nghèo xã B", "deadline": "30/02/2026"},
    )
    assert response.status_code == 200  # the page again, not a redirect that loses the text
    form = response.context["follow_up_form"]
    assert set(form.errors) == {"assigned_unit", "deadline"}
    assert "dd/mm/yyyy" in form.errors["deadline"][0]
    page = response.content.decode()
    assert "Chưa lưu gì" in page and "Rà soát hộ nghèo xã B" in page
    assert not FollowUp.objects.exists()


def test_the_meeting_form_opens_with_a_time_not_a_hint(client, standing_office, committee):
    client.force_login(standing_office)
    page = client.get(_url(committee, "meeting_new")).content.decode()
    assert 'name="time" value="08:00"' in page


def test_agenda_items_are_edited_reordered_and_removed_keeping_their_numbers(
    client, standing_office, committee, meeting, head
):
    client.force_login(standing_office)
    for title in ("Khai mạc", "Báo cáo tổng kết", "Bế mạc"):
        client.post(_url(committee, "meeting_agenda_add", meeting_id=meeting.pk), {"title": title})

    def agenda():
        return list(meeting.agenda_items.order_by("order").values_list("order", "title"))

    first, report, closing = meeting.agenda_items.order_by("order")
    client.post(
        _url(committee, "agenda_item_edit", item_id=report.pk),
        {"title": "Báo cáo tổng kết năm 2023", "presenter": head.pk},
    )
    report.refresh_from_db()
    assert report.title == "Báo cáo tổng kết năm 2023" and report.presenter == head
    client.post(_url(committee, "agenda_item_move", item_id=closing.pk), {"direction": "up"})
    assert agenda() == [(1, "Khai mạc"), (2, "Bế mạc"), (3, "Báo cáo tổng kết năm 2023")]
    client.post(_url(committee, "agenda_item_move", item_id=first.pk), {"direction": "up"})  # already first
    assert agenda()[0] == (1, "Khai mạc")
    client.post(_url(committee, "agenda_item_remove", item_id=first.pk))
    assert agenda() == [(1, "Bế mạc"), (2, "Báo cáo tổng kết năm 2023")]
    # An empty title is refused with a message and changes nothing.
    response = client.post(_url(committee, "agenda_item_edit", item_id=closing.pk), {"title": " "}, follow=True)
    assert agenda()[0] == (1, "Bế mạc")
    assert [str(m) for m in response.context["messages"]][-1] == "Đồng chí cần nhập tên mục trong chương trình."
