"""The standing office schedules a meeting, records its conclusions with a
follow-up action, and the assigned unit's secretary finds it on the home page."""

import pytest

from devtools.factories import MemberFactory


@pytest.fixture
def head(committee):
    return MemberFactory(committee=committee, full_name="Hoàng Thị Minh Nguyệt", role="head")


def login(browser, live_server, username):
    page = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests-2026")
    page.click("main button[type=submit]")
    page.wait_for_selector("h1")
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_schedule_meet_conclude_follow_up(
    live_server, standing_office, secretary, programme, units, head, chromium, artifacts
):
    office = login(chromium, live_server, "office")
    office.goto(f"{live_server.url}/c/thu-nghiem/committee/meetings/")
    office.click("text=Lên lịch cuộc họp")
    office.select_option("#id_kind", "preliminary")
    office.fill("#id_title", "Hội nghị sơ kết 6 tháng đầu năm 2023")
    office.fill("#id_day", "14/07/2023")
    office.fill("#id_time", "08:00")
    office.fill("#id_place", "Hội trường Ban Dân vận")
    office.check(f"input[name=co_chairs][value='{head.pk}']")
    office.fill("#id_conclusions", "Các đơn vị tập trung hoàn thành chỉ tiêu xây nhà trong quý III.")
    office.click("main form.card button[type=submit]")
    office.wait_for_selector("text=Hội nghị sơ kết 6 tháng đầu năm 2023")
    # A follow-up for the commune command, picked with the server-side unit search.
    office.fill("#id_description", "Bàn giao 02 nhà đồng đội trước 30/9")
    office.fill("#id_assigned_unit-ts-control", "xã b")
    office.click("#id_assigned_unit-ts-dropdown >> text=Ban CHQS xã B")
    office.fill("#id_deadline", "30/09/2023")
    office.click(".follow-up-form button[type=submit]")
    office.wait_for_selector(".follow-ups >> text=Bàn giao 02 nhà đồng đội trước 30/9")
    office.screenshot(path=str(artifacts / "meeting-office.png"), full_page=True)

    sec = login(chromium, live_server, "secretary")
    assert "Bàn giao 02 nhà đồng đội trước 30/9" in sec.inner_text("body")
    sec.screenshot(path=str(artifacts / "meeting-follow-up-on-home.png"), full_page=True)
