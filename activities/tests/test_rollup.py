"""The roll-up the triggers keep equals the live figures after any sequence of
writes, whichever way they reach the table, and the list's totals row reads
the same figures from it as from the rows."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count, F, Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activities import rollup
from activities.models import Activity, ActivityTotal
from activities.selectors import activity_totals
from devtools.factories import ProgrammeFactory
from programmes.measures import FUNDING_FIELDS, QUANTITY_FIELDS
from programmes.models import ActivityCategory

SUMMED = (*QUANTITY_FIELDS, *FUNDING_FIELDS)
STATUSES = [s for s, _ in Activity.Status.choices]


def live() -> dict:
    """The figures straight from the activities, per roll-up key, non-empty only."""
    rows = Activity.objects.values("programme_id", "status", "category_id").annotate(
        n=Count("id"), **{f"s_{f}": Sum(f) for f in SUMMED}
    )
    return {
        (r["programme_id"], r["status"], r["category_id"] or 0): (r["n"], *(r[f"s_{f}"] for f in SUMMED)) for r in rows
    }


def kept() -> dict:
    return {
        (t.programme_id, t.status, t.category_key): (t.count, *(getattr(t, f) for f in SUMMED))
        for t in ActivityTotal.objects.all()
        if t.count or any(getattr(t, f) for f in SUMMED)
    }


def test_every_measure_column_is_rolled_up():
    columns = {f.name for f in ActivityTotal._meta.get_fields()}
    assert set(SUMMED) <= columns


# One write, as the application or a maintenance script could make it.
write = st.one_of(
    st.tuples(st.just("create"), st.integers(0, 1), st.sampled_from(STATUSES), st.integers(0, 3), st.integers(0, 9)),
    st.tuples(st.just("status"), st.integers(0, 50), st.sampled_from(STATUSES)),
    st.tuples(st.just("money"), st.integers(0, 50), st.integers(0, 10**9)),
    st.tuples(st.just("category"), st.integers(0, 50), st.integers(0, 3)),
    st.tuples(st.just("move"), st.integers(0, 50), st.integers(0, 1)),
    st.tuples(st.just("title"), st.integers(0, 50)),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("bulk"), st.integers(1, 4), st.integers(0, 1)),
    st.tuples(st.just("update_all"), st.sampled_from(STATUSES), st.integers(0, 1)),
    st.tuples(st.just("raw"), st.integers(0, 50), st.integers(0, 500)),
)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(writes=st.lists(write, min_size=1, max_size=25))
def test_roll_up_equals_live_figures_after_any_writes(writes, units):
    programmes = [ProgrammeFactory(committee=units["district"].committee, year=y) for y in (2022, 2023)]
    categories = [None, *ActivityCategory.objects.order_by("order")[:3]]
    try:
        for step in writes:
            apply(step, programmes, categories, units["district"])
            assert kept() == live(), step
        # and every activity carries its programme's committee
        assert not Activity.objects.exclude(committee=F("programme__committee")).exists()
    finally:
        Activity.objects.filter(programme__in=programmes).delete()
        ActivityTotal.objects.filter(programme__in=programmes).delete()
        for p in programmes:
            p.delete()


def _pick(index):
    ids = list(Activity.objects.order_by("pk").values_list("pk", flat=True))
    return Activity.objects.get(pk=ids[index % len(ids)]) if ids else None


def apply(step, programmes, categories, unit):
    kind = step[0]
    if kind in ("create", "bulk"):
        rows = []
        count, programme_index = (1, step[1]) if kind == "create" else (step[1], step[2])
        for i in range(count):
            status = step[2] if kind == "create" else "confirmed"
            category = categories[step[3]] if kind == "create" else categories[1 + i % 3]
            if category is None:
                status = "draft"  # only a draft may lack its category
            rows.append(
                Activity(
                    programme=programmes[programme_index],
                    committee=programmes[programme_index].committee,
                    category=category,
                    title=f"Hoạt động {i}",
                    start_date=dt.date(2023, 1, 1),
                    end_date=dt.date(2023, 1, 2),
                    lead_unit=unit,
                    status=status,
                    return_reason="Bổ sung" if status == "returned" else "",
                    gifts=(step[4] if kind == "create" else i) * 7,
                    funding_state=(step[4] if kind == "create" else i) * 1_000_000,
                )
            )
        if kind == "create":
            rows[0].save()
        else:
            Activity.objects.bulk_create(rows)
        return
    if kind == "update_all":
        status = step[1]
        qs = Activity.objects.filter(programme=programmes[step[2]], category__isnull=False)
        qs.update(status=status, return_reason="Bổ sung" if status == "returned" else "")
        return
    activity = _pick(step[1])
    if activity is None:
        return
    if kind == "status":
        if activity.category_id is None and step[2] != "draft":
            return
        activity.status = step[2]
        activity.return_reason = "Bổ sung" if step[2] == "returned" else ""
        activity.save()
    elif kind == "money":
        activity.funding_social = step[2]
        activity.save()
    elif kind == "category":
        if categories[step[2]] is None and activity.status != "draft":
            return
        activity.category = categories[step[2]]
        activity.save()
    elif kind == "move":
        activity.programme = programmes[step[2]]
        activity.save()
    elif kind == "title":
        activity.title = activity.title + " (sửa)"
        activity.save()
    elif kind == "delete":
        activity.delete()
    elif kind == "raw":
        with connection.cursor() as cursor:
            cursor.execute("UPDATE activities_activity SET man_days = %s WHERE id = %s", [step[2], activity.pk])


@pytest.mark.django_db
def test_rebuild_restores_what_a_load_without_triggers_left(units):
    programme = ProgrammeFactory(committee=units["district"].committee, year=2023)
    category = ActivityCategory.objects.order_by("order").first()
    Activity.objects.bulk_create(
        Activity(
            programme=programme,
            committee=programme.committee,
            category=category,
            title=f"Hoạt động {i}",
            start_date=dt.date(2023, 1, 1),
            end_date=dt.date(2023, 1, 1),
            lead_unit=units["district"],
            status="confirmed",
            gifts=i,
        )
        for i in range(10)
    )
    ActivityTotal.objects.all().delete()  # as after a load with the triggers off
    assert kept() != live()
    rollup.rebuild(programme_ids=[programme.pk])
    assert kept() == live()
    assert kept()[(programme.pk, "confirmed", category.pk)][0] == 10


FILTERS = [
    {},
    {"year": 2023},
    {"year": 2022},
    {"year_from": 2022, "year_to": 2023},
    {"year": 2023, "status": "confirmed"},
    {"year": 2023, "status": "reported"},
    {"status": "draft"},
]


@pytest.mark.django_db
@pytest.mark.parametrize("query", FILTERS)
def test_list_totals_from_the_roll_up_equal_those_from_the_rows(
    query, client, url, standing_office, units, monkeypatch
):
    committee = units["district"].committee
    programmes = {y: ProgrammeFactory(committee=committee, year=y) for y in (2022, 2023)}
    categories = list(ActivityCategory.objects.order_by("order")[:3])
    for i in range(30):
        status = STATUSES[i % 4]
        Activity.objects.create(
            programme=programmes[2022 + i % 2],
            category=categories[i % 3],
            title=f"Hoạt động {i}",
            start_date=dt.date(2022 + i % 2, 2, 1),
            end_date=dt.date(2022 + i % 2, 2, 1),
            lead_unit=units["commune" if i % 3 else "district"],
            status=status,
            return_reason="Bổ sung" if status == "returned" else "",
            beneficiaries=i * 3,
            funding_state=i * 1_000_000,
            funding_units=i * 10_000,
        )
    read_from_roll_up = []
    original = rollup.totals
    monkeypatch.setattr(rollup, "totals", lambda *a: read_from_roll_up.append(a) or original(*a))
    client.force_login(standing_office)
    response = client.get(url("list"), {"year": "", **query})
    assert response.status_code == 200
    assert len(read_from_roll_up) == 1
    shown = response.context["totals"]
    # What the rows themselves add up to for the same filter.
    assert shown == activity_totals(response.context["page"].paginator.object_list)
    if not query:
        assert shown["count"] == 30
        assert shown["funding_state"] == sum(i * 1_000_000 for i in range(30))


@pytest.mark.django_db
def test_a_filter_on_rows_or_a_secretary_reads_the_rows(client, url, secretary, standing_office, units, monkeypatch):
    monkeypatch.setattr(rollup, "totals", lambda *a: pytest.fail("the roll-up cannot answer this"))
    client.force_login(standing_office)
    assert client.get(url("list"), {"year": "", "q": "nhà"}).status_code == 200
    assert client.get(url("list"), {"year": "", "unit": units["district"].pk}).status_code == 200
    client.force_login(secretary)
    assert client.get(url("list"), {"year": ""}).status_code == 200
