"""The secretaries' loop in a real browser: enter an activity with a photo and
submit it; the standing office returns it with a reason; the secretary fixes
and resubmits; the office confirms; the confirmed totals change."""

import pytest

from activities.tests.conftest import png_bytes
from coordination.models import Locality


@pytest.fixture
def commune(programme):
    return Locality.objects.create(name="Xã Hòa Sơn", level=Locality.Level.COMMUNE)


def login(browser, live_server, username, width=1280):
    page = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 900}).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests-2026")
    page.click("button[type=submit]")
    page.wait_for_selector("h1")
    return page


def confirmed_total(page, live_server):
    page.goto(f"{live_server.url}/c/thu-nghiem/activities/?year=2023&status=confirmed")
    return page.inner_text('[data-total="amount_total"]')


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_enter_submit_return_fix_confirm(
    live_server, secretary, standing_office, gifts_category, commune, tmp_path, chromium, artifacts
):
    photo = tmp_path / "trao-qua.png"
    photo.write_bytes(png_bytes((800, 600)))

    office = login(chromium, live_server, "office")
    assert confirmed_total(office, live_server) == "0 đồng"

    # The secretary enters the activity on a phone-sized screen, with a photo.
    sec = login(chromium, live_server, "secretary", width=375)
    sec.goto(f"{live_server.url}/c/thu-nghiem/activities/new/")
    sec.select_option("#id_category", label=gifts_category.name)
    assert sec.is_hidden("[data-measure=houses_built]") and sec.is_visible("[data-measure=gifts]")
    sec.fill("#id_title", "Tặng quà gia đình chính sách xã Hòa Sơn")
    sec.fill("#id_start_date", "05/02/2023")
    sec.fill("#id_end_date", "05/02/2023")
    sec.fill("#id_gifts", "80")
    sec.fill("#id_funding_social", "2.000.000 đồng")
    # Locality picker: server-side search that ignores tone-mark placement.
    sec.fill("#id_locality-ts-control", "hoà sơn")
    sec.click("#id_locality-ts-dropdown >> text=Xã Hòa Sơn")
    sec.set_input_files("#id_photos", str(photo))
    sec.screenshot(path=str(artifacts / "activity-form-phone.png"), full_page=True)
    sec.click("button[value=submit]")
    sec.wait_for_selector(".status-submitted")
    assert sec.locator(".attachments img").count() == 1
    detail_url = sec.url

    # The standing office returns it with a reason.
    office.goto(f"{live_server.url}/c/thu-nghiem/activities/review/")
    office.click("text=Tặng quà gia đình chính sách xã Hòa Sơn")
    office.fill("#id_reason", "Đề nghị ghi rõ số suất quà theo danh sách")
    office.click(".return-form button[type=submit]")
    office.wait_for_selector(".status-returned")

    # The secretary sees it on the home page, fixes it and resubmits.
    sec.goto(f"{live_server.url}/")
    assert "Đề nghị ghi rõ số suất quà theo danh sách" in sec.inner_text("body")
    sec.goto(detail_url)
    sec.click(".actions >> text=Sửa")
    sec.fill("#id_funding_social", "3.000.000")
    sec.click("button[value=submit]")
    sec.wait_for_selector(".status-submitted")

    # The office confirms it; the confirmed totals row changes by its value.
    office.goto(detail_url)
    office.click(".actions >> text=Duyệt")
    office.wait_for_selector(".status-confirmed")
    office.screenshot(path=str(artifacts / "activity-detail-confirmed.png"), full_page=True)
    assert confirmed_total(office, live_server) == "3.000.000 đồng"
    office.screenshot(path=str(artifacts / "activity-list-confirmed.png"), full_page=True)
