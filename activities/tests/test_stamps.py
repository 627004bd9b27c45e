"""The figures stamps: every kind of write to what a programme's figures are
made of renews the stamp that covers it, in the same transaction, and only
that one; the summary a web process keeps under them is the page it would
build from the rows."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.db.models import Value
from django.db.models.functions import Concat
from django.urls import reverse

from activities import stamps
from activities.models import Activity
from coordination.models import Unit
from devtools.factories import ActivityFactory
from programmes.models import ActivityCategory, Programme, Target
from reports.views import summary as summary_view

pytestmark = pytest.mark.django_db(transaction=False)

OTHER = stamps.OTHER


def read(programme) -> dict[str, int]:
    return {status: stamp for (_p, status), stamp in stamps.read([programme.pk]).items()}


def changed(before: dict, after: dict) -> set[str]:
    return {status for status in before.keys() | after.keys() if before.get(status) != after.get(status)}


@pytest.fixture
def rows(programme, units):
    draft = ActivityFactory(programme=programme, lead_unit=units["commune"], status="draft")
    confirmed = ActivityFactory(programme=programme, lead_unit=units["commune"], status="confirmed")
    return draft, confirmed


def test_a_new_programme_has_its_stamp(committee):
    programme = Programme.objects.create(committee=committee, year=2031, title="CT 2031")
    assert set(read(programme)) == {OTHER}


def test_each_write_to_an_activity_renews_the_stamps_of_its_statuses_only(programme, rows, units):
    draft, confirmed = rows
    writes = [
        # (what, the statuses whose stamps must change)
        (lambda: ActivityFactory(programme=programme, lead_unit=units["commune"], status="confirmed"), {"confirmed"}),
        (lambda: Activity.objects.filter(pk=draft.pk).update(beneficiaries=77), {"draft"}),
        (lambda: Activity.objects.filter(pk=draft.pk).update(status="submitted"), {"draft", "submitted"}),
        (lambda: Activity.objects.filter(pk=draft.pk).update(title="Chỉ đổi tên"), {"submitted"}),
        (lambda: _raw(f"UPDATE activities_activity SET funding_state = 5 WHERE id = {confirmed.pk}"), {"confirmed"}),
        (lambda: Activity.objects.filter(pk=confirmed.pk).delete(), {"confirmed"}),
        (
            lambda: Activity.objects.bulk_create(
                [ActivityFactory.build(programme=programme, lead_unit=units["commune"], status="confirmed")]
            ),
            {"confirmed"},
        ),
        (lambda: _save_lead_unit(draft, units["district"]), {"submitted"}),
    ]
    for write, expected in writes:
        before = read(programme)
        write()
        assert changed(before, read(programme)) == expected, expected


def _raw(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


def _save_lead_unit(activity, unit) -> None:
    activity.refresh_from_db()
    activity.lead_unit = unit
    activity.save()


def test_a_row_moved_to_another_programme_renews_both(programme, committee, rows):
    draft, _confirmed = rows
    other = Programme.objects.create(committee=committee, year=2024, title="CT 2024")
    before, before_other = read(programme), read(other)
    Activity.objects.filter(pk=draft.pk).update(programme=other)
    assert changed(before, read(programme)) == {"draft"}
    assert changed(before_other, read(other)) == {"draft"}


def test_targets_the_programme_and_the_categories_renew_the_other_stamp(programme, committee, rows):
    other_programme = Programme.objects.create(committee=committee, year=2024, title="CT 2024")
    category = ActivityCategory.objects.first()
    target = None

    def add_target():
        nonlocal target
        target = Target.objects.create(programme=programme, category=category, measure="gifts", target_value=5)

    writes = [
        (add_target, {programme.pk}),
        (lambda: Target.objects.filter(pk=target.pk).update(target_value=9), {programme.pk}),
        (
            lambda: Target.objects.filter(pk=target.pk).update(programme=other_programme),
            {programme.pk, other_programme.pk},
        ),
        (lambda: Target.objects.filter(pk=target.pk).delete(), {other_programme.pk}),
        (lambda: Programme.objects.filter(pk=programme.pk).update(title="Chương trình mới"), {programme.pk}),
        (
            lambda: ActivityCategory.objects.filter(pk=category.pk).update(name="Tên mới"),
            {programme.pk, other_programme.pk},
        ),
    ]
    for write, expected in writes:
        before = {p.pk: read(p) for p in (programme, other_programme)}
        write()
        after = {p.pk: read(p) for p in (programme, other_programme)}
        assert {pk for pk in before if changed(before[pk], after[pk])} == expected
        # and only the stamp of what is not an activity
        assert all(changed(before[pk], after[pk]) <= {OTHER} for pk in before)


def test_a_write_rolled_back_leaves_the_stamps(programme, rows):
    before = read(programme)
    with pytest.raises(RuntimeError), transaction.atomic():
        Activity.objects.filter(programme=programme).update(funding_state=1)
        assert read(programme) != before  # seen inside the transaction
        raise RuntimeError
    assert read(programme) == before


# -- the summary kept under the stamps ------------------------------------------------
@pytest.fixture
def summary_url(committee):
    return reverse("reports:summary", kwargs={"committee": committee.slug})


@pytest.fixture
def page(client, page_text):
    def get(url, **query) -> str:
        response = client.get(url, {"year": 2023, **query})
        assert response.status_code == 200
        return page_text(response)

    return get


def test_the_kept_summary_follows_every_write(client, page, chair, summary_url, programme, rows, units):
    draft, confirmed = rows
    client.force_login(chair)

    Activity.objects.filter(pk=confirmed.pk).update(funding_state=1_234_567)
    first = page(summary_url)
    assert "1.234.567" in first
    writes = [
        lambda: Activity.objects.filter(pk=confirmed.pk).update(funding_state=7_654_321),  # a figure
        lambda: _raw(f"UPDATE activities_activity SET status = 'confirmed' WHERE id = {draft.pk}"),  # a count
        lambda: Unit.objects.filter(committee=programme.committee).update(name=Concat("name", Value(" Đổi Tên"))),
        lambda: Target.objects.create(
            programme=programme, category=confirmed.category, measure="gifts", target_value=3
        ),  # a target
        lambda: ActivityCategory.objects.filter(pk=confirmed.category_id).update(name="Nhóm đổi tên"),  # a category
    ]
    for number, write in enumerate(writes):
        before = page(summary_url)
        write()
        kept = page(summary_url)
        assert kept != before, number
        summary_view._KEPT.clear()
        assert kept == page(summary_url)  # as built afresh from the rows
    assert "7.654.321" in kept and "Đổi Tên" in kept and "Nhóm đổi tên" in kept


def test_a_draft_saved_leaves_the_confirmed_summary_kept(
    client, page, chair, summary_url, programme, rows, django_assert_num_queries
):
    draft, _confirmed = rows
    client.force_login(chair)
    first = page(summary_url)
    Activity.objects.filter(pk=draft.pk).update(
        beneficiaries=400, start_date=dt.date(2023, 7, 1), end_date=dt.date(2023, 7, 2)
    )
    with django_assert_num_queries(7):  # no GROUP BY: the figures are those kept
        assert page(summary_url) == first
    # The figures counting submitted rows too are kept apart, and a submitted draft changes them.
    reported = page(summary_url, count="reported")
    Activity.objects.filter(pk=draft.pk).update(status="submitted")
    assert page(summary_url, count="reported") != reported
