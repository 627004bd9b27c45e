"""A real headless Chromium logs in as a unit secretary and sees the home
page. Screenshots go to test-artifacts/ for a person to look at."""

import pytest

from devtools.factories import ActivityFactory


@pytest.fixture
def returned_activity(programme, units):
    return ActivityFactory(
        programme=programme,
        lead_unit=units["district"],
        status="returned",
        return_reason="Đề nghị bổ sung ảnh hoạt động",
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_secretary_logs_in_and_sees_home_page(live_server, secretary, returned_activity, chromium, artifacts):
    page = chromium.new_page(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/")
    assert "Đăng nhập" in page.title()
    page.fill("#id_username", "secretary")
    page.fill("#id_password", "pw-for-tests-2026")
    page.click("button[type=submit]")
    page.wait_for_selector("h1")
    assert "Xin chào" in page.inner_text("h1")
    body = page.inner_text("body")
    assert "Ban CHQS huyện A" in body
    assert "Đề nghị bổ sung ảnh hoạt động" in body
    # Bootstrap is served locally and applied (the navbar is laid out as flex).
    assert page.evaluate("getComputedStyle(document.querySelector('.navbar')).display") == "flex"
    page.screenshot(path=str(artifacts / "home-secretary.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=str(artifacts / "home-secretary-phone.png"), full_page=True)
