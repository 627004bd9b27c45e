"""figures.py against a brute-force recomputation in Python, on random data."""

import datetime as dt
from collections import defaultdict

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activities.models import Activity
from coordination.models import Locality, Unit
from programmes.measures import FUNDING_FIELDS, QUANTITY_FIELDS
from programmes.models import ActivityCategory, Programme, Target
from reports import figures

STATUSES = ["draft", "submitted", "returned", "confirmed"]

activity_strategy = st.fixed_dictionaries(
    {
        "category": st.integers(0, 11),
        "unit": st.integers(0, 3),
        "locality": st.one_of(st.none(), st.integers(0, 2)),
        "status": st.sampled_from(STATUSES),
        "year": st.sampled_from([2022, 2023]),
        "day": st.integers(0, 364),
        "funding_state": st.integers(0, 10**11),
        "funding_social": st.integers(0, 10**9),
        "funding_units": st.integers(0, 10**6),
        "gifts": st.integers(0, 500),
        "man_days": st.integers(0, 5000),
        "houses_built": st.integers(0, 3),
        "partners": st.lists(st.integers(0, 3), max_size=3, unique=True),
    }
)


@pytest.fixture
def world(committee, units):
    programmes = {y: Programme.objects.create(committee=committee, year=y, title=f"CT {y}") for y in (2022, 2023)}
    district = Locality.objects.create(name="Huyện Thử", level="district")
    localities = [Locality.objects.create(name=f"Xã Thử {i}", level="commune", parent=district) for i in range(2)]
    localities.append(Locality.objects.create(name="Phường Riêng", level="commune"))
    unit_list = [units["province"], units["district"], units["commune"], units["union"]]
    categories = list(ActivityCategory.objects.order_by("order"))
    return programmes, unit_list, localities, categories


def _create(world, specs):
    programmes, unit_list, localities, categories = world
    made = []
    for s in specs:
        start = dt.date(s["year"], 1, 1) + dt.timedelta(days=s["day"])
        a = Activity.objects.create(
            programme=programmes[s["year"]],
            category=categories[s["category"]],
            title="x",
            start_date=start,
            end_date=start,
            lead_unit=unit_list[s["unit"]],
            locality=localities[s["locality"]] if s["locality"] is not None else None,
            status=s["status"],
            return_reason="r" if s["status"] == "returned" else "",
            **{
                k: s[k]
                for k in ("funding_state", "funding_social", "funding_units", "gifts", "man_days", "houses_built")
            },
        )
        a.participating_units.set([unit_list[i] for i in s["partners"]])
        made.append(a)
    return made


def _brute(activities, key):
    table = defaultdict(lambda: defaultdict(int))
    for a in activities:
        k = key(a)
        table[k]["count"] += 1
        for f in (*QUANTITY_FIELDS, *FUNDING_FIELDS):
            table[k][f] += getattr(a, f)
        table[k]["amount_total"] += a.funding_state + a.funding_social + a.funding_units
    return table


def _same(sums: figures.Sums, expected: dict) -> bool:
    return (
        sums.count == expected["count"]
        and sums.amount_total == expected["amount_total"]
        and all(sums[f] == expected[f] for f in (*QUANTITY_FIELDS, *FUNDING_FIELDS))
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(activity_strategy, max_size=25), scope=st.sampled_from(["confirmed", "reported"]))
def test_year_figures_equal_a_brute_force_recomputation(world, specs, scope):
    with transaction.atomic():
        made = _create(world, specs)
        programmes, unit_list, localities, categories = world
        target = Target.objects.create(
            programme=programmes[2023], category=categories[6], measure="gifts", target_value=1000
        )
        unit_target = Target.objects.create(
            programme=programmes[2023],
            category=categories[6],
            measure="amount_total",
            target_value=5,
            unit=unit_list[1],
        )
        f = figures.year_figures(
            Activity.objects.all(), programme=programmes[2023], previous_programme=programmes[2022], counting=scope
        )
        # The previous year read from the roll-up gives the very same figures.
        assert Activity.objects.exclude(committee=programmes[2023].committee).count() == 0
        assert f == figures.year_figures(
            Activity.objects.all(),
            programme=programmes[2023],
            previous_programme=programmes[2022],
            counting=scope,
            whole_committee=True,
        )
        statuses = {"confirmed": {"confirmed"}, "reported": {"submitted", "confirmed"}}[scope]
        this = [a for a in made if a.programme.year == 2023 and a.status in statuses]
        prev = [a for a in made if a.programme.year == 2022 and a.status in statuses]

        assert _same(f.total, _brute(this, lambda a: 0)[0])
        assert _same(f.previous_total, _brute(prev, lambda a: 0)[0])
        by_cat = _brute(this, lambda a: a.category_id)
        assert {r.key for r in f.categories if r.sums.count} == set(by_cat)
        for r in f.categories:
            if r.sums.count:
                assert _same(r.sums, by_cat[r.key])
        prev_cat = _brute(prev, lambda a: a.category_id)
        for r in f.categories:
            if r.previous and r.previous.count:
                assert _same(r.previous, prev_cat[r.key])
        # Units roll up through the tree; each activity once, for its lead unit only.
        for r in f.units:
            unit = Unit.objects.get(pk=r.key)
            below = [a for a in this if a.lead_unit.path.startswith(unit.path)]
            assert _same(r.sums, _brute(below, lambda a: 0)[0])
        by_loc = _brute(this, lambda a: a.locality_id)
        for r in f.localities:
            if r.depth == 1 or r.key is None or r.key == localities[2].pk:
                assert _same(r.sums, by_loc[r.key])
            else:  # the district: its communes together
                inside = [a for a in this if a.locality_id and a.locality.parent_id == r.key]
                assert _same(r.sums, _brute(inside, lambda a: 0)[0])
        by_month = _brute(this, lambda a: a.start_date.year * 100 + a.start_date.month)
        for r in f.months:
            assert r.sums.count == by_month[r.key]["count"]
            assert r.sums.amount_total == by_month[r.key]["amount_total"]
        progress = {t.target_id: t for t in f.targets}
        gifts = sum(a.gifts for a in this if a.category_id == categories[6].pk)
        assert progress[target.pk].actual == gifts
        led = [a for a in this if a.category_id == categories[6].pk and a.lead_unit.path.startswith(unit_list[1].path)]
        assert progress[unit_target.pk].actual == sum(a.amount_total for a in led)
        transaction.set_rollback(True)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(activity_strategy, max_size=20))
def test_period_figures_equal_a_brute_force_recomputation(world, specs):
    with transaction.atomic():
        made = _create(world, specs)
        committee_id = world[0][2022].committee_id
        f = figures.period_figures(
            Activity.objects.filter(programme__in=figures.period_programmes(committee_id, 2021, 2023)),
            committee_id=committee_id,
            start=2021,
            end=2023,
        )
        counted = [a for a in made if a.status == "confirmed"]
        assert _same(f.total, _brute(counted, lambda a: 0)[0])
        by_year = _brute(counted, lambda a: a.programme.year)
        for r in f.years:
            assert r.sums.count == by_year[r.key]["count"]
            assert r.sums.amount_total == by_year[r.key]["amount_total"]
        transaction.set_rollback(True)


def test_grouped_many_sends_one_query_and_matches_grouped(world, django_assert_num_queries):
    _create(
        world,
        [
            {
                "category": 1,
                "unit": 2,
                "locality": 0,
                "status": "confirmed",
                "year": 2023,
                "day": 40,
                "funding_state": 5,
                "funding_social": 0,
                "funding_units": 0,
                "gifts": 1,
                "man_days": 0,
                "houses_built": 0,
                "partners": [1, 3],
            }
        ],
    )
    qs = Activity.objects.all()
    with django_assert_num_queries(1):
        many = figures.grouped_many([(qs, d, d) for d in ("category", "unit", "locality", "month")])
    for d in ("category", "unit", "locality", "month"):
        single = figures.grouped(qs, d)
        assert {k: (g.sums.count, g.sums.amount_total) for k, g in single.items()} == {
            k: (g.sums.count, g.sums.amount_total) for k, g in many[d].items()
        }
