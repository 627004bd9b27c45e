import re

import pytest

from activities.models import Activity
from devtools.factories import ActivityFactory


@pytest.fixture
def submitted(programme, units, gifts_category):
    return ActivityFactory(
        programme=programme, lead_unit=units["district"], category=gifts_category, status="submitted"
    )


def test_standing_office_returns_with_a_reason_shown_on_the_activity(client, standing_office, url, submitted):
    client.force_login(standing_office)
    response = client.post(
        url("return", pk=submitted.pk), {"reason": "Thiếu ảnh minh chứng", "version": submitted.version}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "returned" and submitted.reviewed_by == standing_office
    html = client.get(url("detail", pk=submitted.pk)).content.decode()
    assert "Thiếu ảnh minh chứng" in html and "Bị trả lại" in html


def test_return_without_reason_changes_nothing(client, standing_office, url, submitted):
    client.force_login(standing_office)
    response = client.post(url("return", pk=submitted.pk), {"reason": "   ", "version": submitted.version}, follow=True)
    assert "lý do" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_full_loop_submit_return_fix_resubmit_confirm(
    client, secretary, standing_office, url, programme, units, gifts_category
):
    activity = ActivityFactory(
        programme=programme, lead_unit=units["district"], category=gifts_category, status="draft"
    )
    client.force_login(secretary)
    client.post(url("submit", pk=activity.pk))
    client.force_login(standing_office)
    activity.refresh_from_db()
    client.post(url("return", pk=activity.pk), {"reason": "Sai số liệu", "version": activity.version})
    client.force_login(secretary)
    client.post(url("submit", pk=activity.pk))
    client.force_login(standing_office)
    activity.refresh_from_db()
    client.post(url("confirm", pk=activity.pk), {"version": activity.version})
    activity.refresh_from_db()
    assert activity.status == "confirmed"
    statuses = [h.status for h in activity.history.order_by("history_date")]
    assert statuses == ["draft", "submitted", "returned", "submitted", "confirmed"]


def test_secretary_cannot_confirm_or_return(client, secretary, url, submitted):
    client.force_login(secretary)
    assert client.post(url("confirm", pk=submitted.pk)).status_code == 403
    assert client.post(url("return", pk=submitted.pk), {"reason": "x"}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


@pytest.mark.parametrize("role", ["chair", "staff"])
def test_readers_cannot_change_status(role, request, client, url, submitted):
    client.force_login(request.getfixturevalue(role))
    assert client.post(url("confirm", pk=submitted.pk)).status_code == 403
    assert client.post(url("submit", pk=submitted.pk)).status_code == 403


def test_outsider_gets_404_on_workflow_urls(client, outsider, url, submitted):
    client.force_login(outsider)
    for name in ("confirm", "return", "submit", "delete"):
        assert client.post(url(name, pk=submitted.pk)).status_code == 404


def test_workflow_urls_refuse_get(client, standing_office, url, submitted):
    client.force_login(standing_office)
    for name in ("confirm", "return", "submit", "delete"):
        assert client.get(url(name, pk=submitted.pk)).status_code == 405


def test_confirmed_activity_cannot_be_confirmed_twice(client, standing_office, url, submitted):
    client.force_login(standing_office)
    client.post(url("confirm", pk=submitted.pk), {"version": submitted.version})
    submitted.refresh_from_db()
    response = client.post(url("confirm", pk=submitted.pk), {"version": submitted.version}, follow=True)
    assert "không thể thực hiện" in response.content.decode()


def test_review_queue_lists_submitted_and_bulk_confirms(client, standing_office, url, programme, units, gifts_category):
    subs = [
        ActivityFactory(programme=programme, lead_unit=units["union"], category=gifts_category, status="submitted")
        for _ in range(3)
    ]
    draft = ActivityFactory(programme=programme, lead_unit=units["union"], status="draft")
    client.force_login(standing_office)
    html = client.get(url("review_queue")).content.decode()
    assert all(a.title in html for a in subs) and draft.title not in html
    client.post(url("review_bulk_confirm"), {"ids": [f"{a.pk}:{a.version}" for a in (subs[0], subs[1], draft)]})
    assert set(Activity.objects.filter(status="confirmed").values_list("pk", flat=True)) == {subs[0].pk, subs[1].pk}


def test_review_queue_is_403_for_secretaries(client, secretary, url):
    client.force_login(secretary)
    assert client.get(url("review_queue")).status_code == 403
    assert client.post(url("review_bulk_confirm"), {"ids": [1]}).status_code == 403


def test_secretary_deletes_a_draft_but_not_a_submitted_activity(client, secretary, url, programme, units, submitted):
    draft = ActivityFactory(programme=programme, lead_unit=units["district"], status="draft")
    client.force_login(secretary)
    assert client.post(url("delete", pk=draft.pk)).status_code == 302
    assert not Activity.objects.filter(pk=draft.pk).exists()
    assert client.post(url("delete", pk=submitted.pk)).status_code == 403
    assert Activity.objects.filter(pk=submitted.pk).exists()


def test_standing_office_closes_and_reopens_the_year_recorded_in_history(
    client, standing_office, secretary, committee, programme
):
    from django.urls import reverse

    status_url = reverse("programmes:status", kwargs={"committee": committee.slug, "year": programme.year})
    client.force_login(secretary)
    assert client.post(status_url, {"action": "close"}).status_code == 403
    client.force_login(standing_office)
    client.post(status_url, {"action": "close"})
    programme.refresh_from_db()
    assert programme.is_closed
    client.post(status_url, {"action": "reopen"})
    programme.refresh_from_db()
    assert programme.status == "active"
    history = [(h.status, h.history_user) for h in programme.history.order_by("history_date")]
    assert history[-2:] == [("closed", standing_office), ("active", standing_office)]
    page = client.get(reverse("programmes:detail_year", kwargs={"committee": committee.slug, "year": programme.year}))
    assert "Mở lại năm" not in page.content.decode()  # active again: only "close" is offered


def _secretary_raises_the_amount(secretary, committee, activity, amount):
    from activities import services
    from coordination.permissions import get_access

    services.activity_update(
        access=get_access(secretary, committee.slug),
        user=secretary,
        activity_id=activity.pk,
        expected_version=activity.version,
        fields={"funding_state": amount},
        participating_units=[],
    )


def test_a_confirmation_is_bound_to_the_version_the_office_saw(
    client, standing_office, secretary, committee, url, submitted
):
    submitted.funding_state = 2_700_000
    submitted.save()
    client.force_login(standing_office)
    page = client.get(url("detail", pk=submitted.pk)).content.decode()
    seen = submitted.version
    assert f'name="version" value="{seen}"' in page
    _secretary_raises_the_amount(secretary, committee, submitted, 9_000_000_000)
    response = client.post(url("confirm", pk=submitted.pk), {"version": seen}, follow=True)
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and submitted.reviewed_by is None
    message = response.content.decode()
    assert "chưa thực hiện thao tác nào" in message
    assert "2.700.000 → 9.000.000.000" in message


def test_a_return_is_bound_to_the_version_the_office_saw(client, standing_office, secretary, committee, url, submitted):
    client.force_login(standing_office)
    seen = submitted.version
    _secretary_raises_the_amount(secretary, committee, submitted, 5_000_000)
    client.post(url("return", pk=submitted.pk), {"reason": "Thiếu ảnh", "version": seen})
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and submitted.return_reason == ""


def test_a_confirmation_without_the_version_seen_is_refused(client, standing_office, url, submitted):
    client.force_login(standing_office)
    response = client.post(url("confirm", pk=submitted.pk), follow=True)
    assert "Trang này đã cũ" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_bulk_confirm_confirms_nothing_when_one_ticked_activity_changed(
    client, standing_office, secretary, committee, url, programme, units, gifts_category
):
    subs = [
        ActivityFactory(programme=programme, lead_unit=units["district"], category=gifts_category, status="submitted")
        for _ in range(3)
    ]
    seen = {a.pk: a.version for a in subs}
    _secretary_raises_the_amount(secretary, committee, subs[1], 9_000_000_000)
    client.force_login(standing_office)
    response = client.post(url("review_bulk_confirm"), {"ids": [f"{pk}:{v}" for pk, v in seen.items()]}, follow=True)
    assert not Activity.objects.filter(status="confirmed").exists()
    assert "chưa xác nhận hoạt động nào" in response.content.decode()


def test_an_edit_after_sending_shows_the_office_what_changed(
    client, standing_office, secretary, committee, url, programme, units, gifts_category
):
    """The unit sent 2.700.000 đồng, then raised it to 9 billion while the
    activity waited for review: it stays in the queue, marked, and the
    office's page lists the change against what was sent."""
    activity = ActivityFactory(
        programme=programme,
        lead_unit=units["district"],
        category=gifts_category,
        status="draft",
        funding_state=2_700_000,
    )
    client.force_login(secretary)
    client.post(url("submit", pk=activity.pk))
    activity.refresh_from_db()
    assert activity.status == "submitted" and activity.submitted_version == activity.version
    assert not activity.changed_since_submission
    _secretary_raises_the_amount(secretary, committee, activity, 9_000_000_000)
    activity.refresh_from_db()
    assert activity.status == "submitted" and activity.changed_since_submission

    client.force_login(standing_office)
    page = client.get(url("detail", pk=activity.pk)).content.decode()
    assert "Đã sửa sau khi gửi duyệt" in page
    assert re.search(r"2\.700\.000 → <strong>9\.000\.000\.000</strong>", page)
    queue = client.get(url("review_queue")).content.decode()
    assert "đã sửa sau khi gửi" in queue
    client.post(url("confirm", pk=activity.pk), {"version": activity.version})
    activity.refresh_from_db()
    assert activity.status == "confirmed" and activity.funding_state == 9_000_000_000
    assert "Đã sửa sau khi gửi duyệt" not in client.get(url("detail", pk=activity.pk)).content.decode()


def test_the_unit_takes_a_sent_activity_back_to_draft(
    client, secretary, standing_office, url, programme, units, gifts_category
):
    activity = ActivityFactory(
        programme=programme, lead_unit=units["district"], category=gifts_category, status="draft"
    )
    client.force_login(secretary)
    client.post(url("submit", pk=activity.pk))
    activity.refresh_from_db()
    page = client.get(url("detail", pk=activity.pk)).content.decode()
    assert "Rút về bản nháp" in page
    stale = client.post(url("withdraw", pk=activity.pk), {"version": activity.version - 1}, follow=True)
    assert "Hoạt động đã được sửa sau khi trang này hiện ra" in stale.content.decode()
    activity.refresh_from_db()
    assert activity.status == "submitted"
    response = client.post(url("withdraw", pk=activity.pk), {"version": activity.version}, follow=True)
    assert "Đã rút hoạt động về bản nháp" in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == "draft" and activity.submitted_version is None
    assert [h.status for h in activity.history.order_by("history_date")][-2:] == ["submitted", "draft"]
    client.force_login(standing_office)
    assert activity.title not in client.get(url("review_queue")).content.decode()


def _queued(programme, units, category, n, after=0, **kwargs):
    """n activities sent an hour apart, `after` hours into the sending."""
    import datetime as dt

    from django.utils import timezone

    base = timezone.now() - dt.timedelta(days=10) + dt.timedelta(hours=after)
    return [
        ActivityFactory(
            programme=programme,
            category=category,
            status="submitted",
            submitted_at=base + dt.timedelta(hours=i),
            **{"lead_unit": units["union"], **kwargs},
        )
        for i in range(n)
    ]


def test_the_queue_narrows_to_a_unit_or_category_and_sorts(
    client, standing_office, url, programme, units, gifts_category, houses_category
):
    gifts = _queued(programme, units, gifts_category, 2, funding_state=5_000_000)
    houses = _queued(
        programme, units, houses_category, 1, after=5, lead_unit=units["district"], funding_state=90_000_000
    )
    client.force_login(standing_office)
    response = client.get(url("review_queue"))
    assert [a.pk for a in response.context["rows"]] == [gifts[0].pk, gifts[1].pk, houses[0].pk]  # oldest sent first
    assert response.context["waiting"] == 3
    assert {name for _pk, name in response.context["units"]} == {"Hội Nông dân tỉnh", "Ban CHQS huyện A"}
    by_unit = client.get(url("review_queue"), {"unit": units["district"].pk}).context["rows"]
    assert [a.pk for a in by_unit] == [houses[0].pk]
    by_category = client.get(url("review_queue"), {"category": gifts_category.pk}).context["rows"]
    assert [a.pk for a in by_category] == [gifts[0].pk, gifts[1].pk]
    largest = client.get(url("review_queue"), {"sort": "value"}).context["rows"]
    assert largest[0].pk == houses[0].pk
    newest = client.get(url("review_queue"), {"sort": "newest", "unit": "x"}).context["rows"]  # a bad id: no filter
    assert [a.pk for a in newest] == [houses[0].pk, gifts[1].pk, gifts[0].pk]


def test_returning_from_the_queue_row_goes_back_to_the_queue_as_it_was(
    client, standing_office, url, programme, units, gifts_category
):
    first, second = _queued(programme, units, gifts_category, 2)
    client.force_login(standing_office)
    back = f"{url('review_queue')}?sort=newest"
    page = client.get(back).content.decode()
    assert f'id="return-{first.pk}"' in page and 'name="back"' in page
    response = client.post(url("return", pk=first.pk), {"reason": "Thiếu ảnh", "version": first.version, "back": back})
    assert response["Location"] == back
    first.refresh_from_db()
    assert first.status == "returned" and first.return_reason == "Thiếu ảnh"
    # Only the queue: a `back` that leads elsewhere goes to the plain queue.
    response = client.post(
        url("return", pk=second.pk),
        {"reason": "Thiếu số liệu", "version": second.version, "back": "https://x.example/"},
    )
    assert response["Location"] == url("review_queue")


def test_confirm_and_open_the_next_walks_the_queue_in_its_order(
    client, standing_office, url, programme, units, gifts_category
):
    first, second = _queued(programme, units, gifts_category, 2)
    client.force_login(standing_office)
    page = client.get(url("detail", pk=first.pk)).content.decode()
    assert url("detail", pk=second.pk) in page  # "next waiting"
    response = client.post(url("confirm", pk=first.pk), {"version": first.version, "then": "next"})
    assert response["Location"] == url("detail", pk=second.pk)
    response = client.post(url("confirm", pk=second.pk), {"version": second.version, "then": "next"})
    assert response["Location"] == url("review_queue")  # nothing else waits
    assert Activity.objects.filter(status="confirmed").count() == 2


def test_bulk_confirm_asks_first_with_the_number_ticked(client, standing_office, url, programme, units, gifts_category):
    _queued(programme, units, gifts_category, 1)
    client.force_login(standing_office)
    page = client.get(url("review_queue")).content.decode()
    assert 'data-confirm="Duyệt %(n)s hoạt động đã đánh dấu?' in page and 'data-confirm-count="ids"' in page


def test_a_secretary_sends_several_drafts_at_once_or_none(client, secretary, url, programme, units, gifts_category):
    ready = [
        ActivityFactory(programme=programme, lead_unit=units["district"], category=gifts_category, status="draft")
        for _ in range(2)
    ]
    unfinished = ActivityFactory(
        programme=programme, lead_unit=units["district"], category=None, status="draft", title="Chưa đủ thông tin"
    )
    client.force_login(secretary)
    back = f"{url('list')}?year=2023&status=draft"
    page = client.get(back).content.decode()
    assert page.count('form="submit-selected"') == 5  # a box per draft, one for them all and the button
    response = client.post(url("submit_selected"), {"ids": [a.pk for a in (*ready, unfinished)], "back": back})
    assert response["Location"] == back
    assert not Activity.objects.filter(status="submitted").exists()  # one lacks its category: none is sent
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Chưa đủ thông tin" in m and "Loại hoạt động" in m for m in messages)
    client.post(url("submit_selected"), {"ids": [a.pk for a in ready], "back": "https://x.example/"})
    assert set(Activity.objects.filter(status="submitted").values_list("pk", flat=True)) == {a.pk for a in ready}
