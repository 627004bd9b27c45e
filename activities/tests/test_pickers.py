"""The unit and locality pickers (issue 17): every option on the page, so
they work without JavaScript; only the units and communes of the record's
date; the best matches first with the usual abbreviations understood; and
in the browser a combobox where Enter chooses and never sends the form."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from coordination.models import Locality
from devtools.factories import UnitFactory


@pytest.fixture
def dissolved(committee, units):
    """A commune command dissolved in the 2025 reform, and the commune it was in."""
    units["commune"].valid_to = dt.date(2025, 6, 30)
    units["commune"].save()
    old = Locality.objects.create(name="Xã Nà Mây", level=Locality.Level.COMMUNE, valid_to=dt.date(2025, 6, 30))
    new = Locality.objects.create(name="Xã Pắc Nậm", level=Locality.Level.COMMUNE, valid_from=dt.date(2025, 7, 1))
    return {"unit": units["commune"], "old": old, "new": new}


def texts(response):
    return [r["text"] for r in response.json()["results"]]


def test_a_search_on_a_date_offers_only_what_existed_that_day(client, url, secretary, dissolved):
    client.force_login(secretary)
    assert texts(client.get(url("unit_search"), {"q": "xã b", "on": "10/03/2025"})) == [
        "Ban CHQS xã B (đến 30/06/2025)"
    ]
    assert texts(client.get(url("unit_search"), {"q": "xã b", "on": "2026-03-10"})) == []
    assert texts(client.get(url("locality_search"), {"q": "xa", "on": "30/06/2025"})) == ["Xã Nà Mây"]
    assert texts(client.get(url("locality_search"), {"q": "xa", "on": "01/07/2025"})) == ["Xã Pắc Nậm"]
    # A date that is not one is no filter at all, never an error.
    assert len(texts(client.get(url("locality_search"), {"q": "xa", "on": "31/02/2025"}))) == 2


def test_na_may_ranks_na_may_first_and_abbreviations_find_their_words(client, url, secretary, units, dissolved):
    client.force_login(secretary)
    assert texts(client.get(url("locality_search"), {"q": "na may"}))[0] == "Xã Nà Mây"
    UnitFactory(committee=units["union"].committee, name="Ban Chỉ huy Quân sự xã Nà Mây", parent=units["district"])
    found = texts(client.get(url("unit_search"), {"q": "CHQS na may"}))
    assert found == ["Ban Chỉ huy Quân sự xã Nà Mây"]


def test_participants_may_be_any_unit_of_the_committee_the_lead_only_ones_own(client, url, secretary, units):
    client.force_login(secretary)
    assert texts(client.get(url("unit_search"), {"q": "hội"})) == []
    assert texts(client.get(url("unit_search"), {"q": "hội", "all": "1"})) == ["Hội Nông dân tỉnh"]


def test_the_page_carries_the_options_of_the_records_date(client, url, secretary, dissolved, form_data):
    client.force_login(secretary)
    page = client.get(url("create")).content.decode()  # a new record: today's units
    lead = page[page.index('name="lead_unit"') : page.index("</select>", page.index('name="lead_unit"'))]
    assert "Ban CHQS huyện A" in lead and "Ban CHQS xã B" not in lead
    assert 'data-date-field="start_date"' in lead
    # Typed back with a 2025 date (an error elsewhere), the 2025 units are offered.
    data = form_data(start_date="10/03/2025", title="")
    page = client.post(url("create"), data).content.decode()
    lead = page[page.index('name="lead_unit"') : page.index("</select>", page.index('name="lead_unit"'))]
    assert "Ban CHQS xã B (đến 30/06/2025)" in lead
    locality = page[page.index('name="locality"') : page.index("</select>", page.index('name="locality"'))]
    assert "Xã Nà Mây" in locality and "Xã Pắc Nậm" not in locality


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_pickers_work_with_the_keyboard_and_without_javascript(
    live_server, secretary, units, dissolved, chromium, artifacts
):
    context = chromium.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "secretary")
    page.fill("#id_password", "pw-for-tests-2026")
    page.click("button[type=submit]")
    page.wait_for_selector("h1")
    create = f"{live_server.url}/c/thu-nghiem/activities/new/"
    page.goto(create)
    page.fill("#id_start_date", "10/03/2025")
    control = page.locator("#id_locality-ts-control")
    assert control.get_attribute("role") == "combobox"
    # Typed and Enter at once, before the matches arrive: the first match is
    # chosen when they do, and the form is not sent.
    control.click()
    control.type("na may")
    page.keyboard.press("Enter")
    page.wait_for_selector(".ts-control:has(#id_locality-ts-control) .item >> text=Xã Nà Mây")
    assert page.url == create
    assert page.eval_on_selector("#id_locality", "e => e.selectedOptions[0].textContent") == "Xã Nà Mây"
    # Arrows move through the matches, Enter takes the one reached, Escape closes the list.
    participants = page.locator("#id_participating_units-ts-control")
    participants.click()
    participants.type("chqs")
    matches = page.locator("#id_participating_units-ts-dropdown [data-selectable]")
    expect(matches).to_have_count(3)  # the matches of "chqs", not the list opened on focus
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    chosen = page.eval_on_selector("#id_participating_units", "e => [...e.selectedOptions].map(o => o.textContent)")
    assert chosen == ["Ban CHQS huyện A"]  # the second match: the province's command is first
    participants.type("xyz")
    page.keyboard.press("Escape")
    assert participants.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert page.url == create
    page.screenshot(path=str(artifacts / "pickers-keyboard.png"))
    assert errors == []
    context.close()

    # Without JavaScript the selects hold the options of today.
    context = chromium.new_context(locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "secretary")
    page.fill("#id_password", "pw-for-tests-2026")
    page.click("button[type=submit]")
    page.goto(create)
    options = page.eval_on_selector("#id_lead_unit", "e => [...e.options].map(o => o.textContent)")
    assert options == ["— chọn —", "Ban CHQS huyện A"]
    assert page.is_visible("#id_lead_unit")
    context.close()


def test_beyond_the_limit_the_page_carries_only_the_chosen_options(client, url, secretary, units, monkeypatch):
    from coordination import pickers

    monkeypatch.setattr(pickers, "INLINE_LIMIT", 1)  # the secretary's scope holds two units
    client.force_login(secretary)
    page = client.get(url("create")).content.decode()
    lead = page[page.index('name="lead_unit"') : page.index("</select>", page.index('name="lead_unit"'))]
    assert "Ban CHQS xã B" not in lead and "data-search-url" in lead
