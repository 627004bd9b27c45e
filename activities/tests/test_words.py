"""The words on the screens and in print, as a Vietnamese office writes them
(issue 17, "Words")."""

from django.urls import reverse

from devtools.factories import ActivityFactory
from programmes.measures import with_unit
from programmes.models import ActivityCategory, Programme


def test_a_unit_that_is_the_label_is_not_repeated():
    assert with_unit("Buổi", "buổi") == "Buổi"
    assert with_unit("Ngày công", "ngày công") == "Ngày công"
    assert with_unit("Suất quà", "suất") == "Suất quà (suất)"


def test_the_summary_says_buoi_once_and_unchanged_for_no_change(client, chair, committee, programme, units):
    previous = Programme.objects.create(committee=committee, year=2022, title="CT 2022")
    for p in (previous, programme):
        ActivityFactory(programme=p, lead_unit=units["union"], status="confirmed", funding_state=5_000_000, sessions=3)
    client.force_login(chair)
    html = client.get(reverse("reports:summary", kwargs={"committee": committee.slug}), {"year": 2023}).content.decode()
    assert "Buổi (buổi)" not in html and "Ngày công (ngày công)" not in html
    assert "Suất quà (suất)" in html
    assert "không đổi so với năm 2022" in html and "tăng 0,0%" not in html


def test_review_steps_are_named_in_the_history(client, secretary, standing_office, committee, programme, units):
    activity = ActivityFactory(
        programme=programme,
        lead_unit=units["district"],
        status="draft",
        category=ActivityCategory.objects.get(code="qua-chinh-sach"),
    )
    url = lambda name: reverse(f"activities:{name}", kwargs={"committee": committee.slug, "pk": activity.pk})  # noqa: E731
    client.force_login(secretary)
    client.post(url("submit"))
    activity.refresh_from_db()
    client.force_login(standing_office)
    client.post(url("confirm"), {"version": activity.version})
    page = client.get(url("detail")).content.decode()
    history = " ".join(page[page.index('class="list-group history"') :].split())
    assert "· gửi duyệt</div>" in history and "· duyệt</div>" in history and "· sửa</div>" not in history


def test_an_automatic_reference_is_not_shown_but_a_typed_one_is(client, secretary, committee, programme, units):
    auto = ActivityFactory(programme=programme, lead_unit=units["district"], external_ref="AUTO-B6A70BF7A230")
    typed = ActivityFactory(programme=programme, lead_unit=units["district"], external_ref="BC-15/2023")
    client.force_login(secretary)
    detail = lambda a: client.get(  # noqa: E731
        reverse("activities:detail", kwargs={"committee": committee.slug, "pk": a.pk})
    ).content.decode()
    assert "AUTO-B6A70BF7A230" not in detail(auto)
    assert "BC-15/2023" in detail(typed)


def test_empty_choices_read_chon_not_dashes(client, secretary, committee, programme):
    client.force_login(secretary)
    html = client.get(reverse("activities:create", kwargs={"committee": committee.slug})).content.decode()
    assert "— chọn —" in html and "---------" not in html
