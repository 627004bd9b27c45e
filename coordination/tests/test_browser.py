"""A real headless Chromium logs in as a unit secretary and sees the home
page. Screenshots go to test-artifacts/ for a person to look at."""

import shutil
from pathlib import Path

import pytest

from activities.tests.factories import ActivityFactory

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def page(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM
    # calls from the test body are still plain synchronous calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        pg = context.new_page()
        yield pg
        browser.close()


@pytest.fixture
def returned_activity(programme, units):
    return ActivityFactory(
        programme=programme,
        lead_unit=units["district"],
        status="returned",
        return_reason="Đề nghị bổ sung ảnh hoạt động",
    )


# Data fixtures come before `page`: once Playwright's loop runs, ORM calls
# would open connections in another context that nothing closes.
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_secretary_logs_in_and_sees_home_page(live_server, secretary, returned_activity, page):
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
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home-secretary.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=str(ARTIFACTS / "home-secretary-phone.png"), full_page=True)
