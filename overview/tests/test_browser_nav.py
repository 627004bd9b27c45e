"""The navigation bar stays one row from 1200 px up, and no page scrolls
sideways, at the widths people use (issue 17: at 1366 px the chair's bar was
170 px tall, at 1280 px "Đăng xuất" was pushed off screen)."""

import pytest
from django.urls import reverse

from devtools.factories import ActivityFactory

WIDTHS = (375, 1280, 1366, 1920)


@pytest.fixture
def long_name(committee, programme, units):
    """Written before the browser starts (see the chromium fixture)."""
    committee.short_name = "BCĐ Chương trình phối hợp công tác dân vận tỉnh Thử Nghiệm"
    committee.save()
    ActivityFactory(programme=programme, lead_unit=units["district"], status="confirmed", funding_state=1_000_000)
    return committee


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_navigation_bar_is_one_row_and_nothing_scrolls_sideways(
    live_server, committee, long_name, chair, standing_office, secretary, chromium, artifacts
):
    pages = [
        reverse("committee_home", kwargs={"committee": committee.slug}),
        reverse("reports:summary", kwargs={"committee": committee.slug}),
        reverse("activities:list", kwargs={"committee": committee.slug}),
    ]
    for user in (chair, standing_office, secretary):
        page = chromium.new_page(locale="vi-VN", viewport={"width": 1366, "height": 900})
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", "pw-for-tests-2026")
        page.click("button[type=submit]")
        page.wait_for_selector("h1")
        for path in pages:
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(f"{live_server.url}{path}")
                height = page.evaluate("document.querySelector('.app-navbar').getBoundingClientRect().height")
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if width >= 1280:
                    assert height <= 64, (user.username, path, width, height)
                    assert page.is_visible("text=Đăng xuất"), (user.username, path, width)
                else:
                    assert height <= 72, (user.username, path, width, height)  # brand and menu button, one row
                assert scroll <= width, (user.username, path, width, scroll)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{live_server.url}{pages[1]}")
        page.click(".user-name")
        assert page.is_visible("text=Đổi mật khẩu")
        page.screenshot(path=str(artifacts / f"nav-{user.username}-1280.png"))
        page.close()
