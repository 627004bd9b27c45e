"""The national data set and the benchmark's pages: deterministic for a seed,
and no page asks more queries when the installation grows."""

import pytest
from django.db import transaction
from django.db.models import F, Sum

from activities import rollup
from activities.models import Activity, ActivityTotal
from coordination.models import SteeringCommittee
from devtools import bench
from devtools.scale import seed_scale

pytestmark = pytest.mark.django_db

# Queries per page, whatever the size of the installation. On this small data
# set the searches find nothing and the completeness board and the admin's
# list have less to show (one query fewer each than on the bench's data).
PAGE_QUERIES = {
    "home (standing office)": 13,
    "yearly summary (chair)": 7,  # its figures kept under their stamps
    "yearly summary, figures rebuilt (chair)": 11,
    "first-half summary to 15/06 (chair)": 8,  # the same period of the year before: one query
    "five-year period review (chair)": 8,
    "activity list, current year (standing office)": 7,
    "activity list, all years (standing office)": 7,
    "activity list, filtered and searched (standing office)": 6,
    "activity list, searched all years (standing office)": 6,
    "activity list, current year (unit secretary)": 7,
    "activity page (standing office)": 8,
    "archive (standing office)": 8,
    "unit page (chair)": 12,
    "completeness board (standing office)": 9,
    "admin changelist, current year (superuser)": 9,
}

SMALL = {"units": 21, "years": 3, "first_year": 2024, "log": lambda *_: None}


def _fingerprint(slug: str) -> list[tuple]:
    return list(
        Activity.objects.filter(programme__committee__slug=slug)
        .order_by("start_date", "title", "funding_state")
        .values_list("title", "start_date", "status", "funding_state", "lead_unit__name")
    )


def test_several_committees_share_the_total_and_the_same_seed_gives_the_same_rows():
    with transaction.atomic():
        measured = seed_scale(slug="tinh", committees=3, activities=150, total=400, **SMALL)
        first = _fingerprint("tinh")
        transaction.set_rollback(True)
    assert first and not SteeringCommittee.objects.filter(slug__startswith="tinh").exists()
    measured = seed_scale(slug="tinh", committees=3, activities=150, total=400, **SMALL)
    assert _fingerprint("tinh") == first
    slugs = sorted(SteeringCommittee.objects.values_list("slug", flat=True))
    assert slugs == ["tinh", "tinh-02", "tinh-03"]
    assert Activity.objects.count() == 400
    assert Activity.objects.filter(programme__committee=measured).count() == 150
    # Every row carries its programme's committee, and the roll-up is the rows' sum.
    assert not Activity.objects.exclude(committee=F("programme__committee")).exists()
    kept = ActivityTotal.objects.aggregate(n=Sum("count"), money=Sum("funding_state"))
    live = Activity.objects.aggregate(money=Sum("funding_state"))
    assert kept == {"n": 400, "money": live["money"]}


def test_no_page_asks_more_queries_in_a_larger_installation():
    measured = seed_scale(slug="do", activities=200, **SMALL)
    small = {r["page"]: r["queries"] for r in bench.measure(bench.pages(measured), repeat=1, log=lambda *_: None)}
    seed_scale(slug="khac", committees=4, activities=300, total=1200, seed=7, **SMALL)
    rollup.rebuild()
    large = {r["page"]: r["queries"] for r in bench.measure(bench.pages(measured), repeat=1, log=lambda *_: None)}
    assert small == large == PAGE_QUERIES
