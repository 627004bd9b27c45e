"""The activity list and the review queue on a phone (issue 17): rows are
cards whose title reads across the card, the filters and totals are folded
so the first activity is on the first screen; from 576 px the table is back."""

import pytest

from devtools.factories import ActivityFactory


@pytest.fixture
def long_titles(programme, units):
    """Written before the browser starts (see the chromium fixture)."""
    title = "Thăm, tặng quà gia đình chính sách, Bà mẹ Việt Nam anh hùng tại xã Vân Khê"
    return [
        ActivityFactory(programme=programme, lead_unit=units["district"], title=f"{title} {i}", status="submitted")
        for i in range(3)
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_lists_are_cards_on_a_phone_with_the_filters_folded(
    live_server, long_titles, standing_office, chromium, artifacts
):
    page = chromium.new_page(locale="vi-VN", viewport={"width": 375, "height": 800})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", "pw-for-tests-2026")
    page.click("button[type=submit]")
    page.wait_for_selector("h1")
    for path in ("/c/thu-nghiem/activities/?year=2023", "/c/thu-nghiem/activities/review/"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
        assert not page.is_visible("table.table-cards thead")
        link = page.locator("table.table-cards tbody tr").first.locator("td.card-title-cell a")
        box = link.bounding_box()
        assert box["width"] > 250, box  # the title across the card, not a word per line
        assert box["y"] + box["height"] < 800, box  # on the first screen
        page.screenshot(path=str(artifacts / f"phone{path.replace('/', '-').split('?')[0]}.png"))
    page.goto(f"{live_server.url}/c/thu-nghiem/activities/?year=2023")
    assert (
        page.evaluate("() => [...document.querySelectorAll('details[data-fold-on-phone]')].some(d => d.open)") is False
    )
    page.click("summary >> text=Bộ lọc")
    assert page.is_visible("#id_q")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/c/thu-nghiem/activities/?year=2023")
    assert page.is_visible("table.table-cards thead")
    assert page.is_visible("#id_q")  # open from 576 px
    page.close()
