from django.apps import apps
from django.core.management import call_command
from django.db.models import F, Sum

from activities.models import Activity
from coordination.models import Locality, Unit
from devtools.demo import DEMO_PASSWORD, USERS
from programmes.models import ActivityCategory, Programme


def _row_counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def test_seed_demo_twice_changes_nothing(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    first = _row_counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert _row_counts() == first


def test_demo_province_matches_the_reference_case(db, client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert 35 <= Unit.objects.count() <= 50
    assert set(Programme.objects.values_list("year", flat=True)) == {2021, 2022, 2023, 2024, 2025}
    activities = Activity.objects.all()
    assert activities.count() >= 300
    # Every category appears, and every status appears.
    assert set(activities.values_list("category__code", flat=True)) == set(
        ActivityCategory.objects.values_list("code", flat=True)
    )
    assert set(activities.values_list("status", flat=True)) == set(Activity.Status.values)
    # Confirmed 2022 gifts to policy beneficiaries and the poor exceed 2 billion đồng.
    gifts = Activity.objects.filter(
        programme__year=2022, status="confirmed", category__code__in=["qua-chinh-sach", "tet-vi-nguoi-ngheo"]
    ).aggregate(total=Sum(F("funding_state") + F("funding_social") + F("funding_units")))["total"]
    assert gifts > 2_000_000_000
    # Across the 2025 reform: old communes point to their successors.
    assert Locality.objects.filter(valid_to__isnull=False, level="commune", successor__isnull=False).count() == 15
    assert Unit.objects.filter(successor__isnull=False).exists()
    # Every demo login works.
    for username, *_rest in [("admin",), *USERS]:
        assert client.login(username=username, password=DEMO_PASSWORD), username
        client.logout()
