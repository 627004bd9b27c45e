import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from activities.models import Activity
from coordination.models import Unit
from devtools.factories import ActivityFactory, ProgrammeFactory, UnitFactory
from programmes.models import PolicyDocument, Programme


def _violates(fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


def test_negative_money_is_refused_by_the_database(programme, units):
    activity = ActivityFactory(programme=programme, lead_unit=units["district"])
    _violates(lambda: Activity.objects.filter(pk=activity.pk).update(funding_state=-1))


def test_end_before_start_is_refused_by_the_database(programme, units):
    activity = ActivityFactory(programme=programme, lead_unit=units["district"])
    _violates(lambda: Activity.objects.filter(pk=activity.pk).update(end_date=dt.date(2023, 3, 1)))


def test_returned_without_reason_is_refused_by_the_database(programme, units):
    activity = ActivityFactory(programme=programme, lead_unit=units["district"])
    _violates(lambda: Activity.objects.filter(pk=activity.pk).update(status="returned", return_reason=""))


def test_one_programme_per_committee_and_year(programme):
    _violates(lambda: ProgrammeFactory(committee=programme.committee, year=programme.year))


def test_external_reference_is_unique_within_a_programme(programme, units):
    ActivityFactory(programme=programme, lead_unit=units["district"], external_ref="X-1")
    _violates(lambda: ActivityFactory(programme=programme, lead_unit=units["district"], external_ref="X-1"))
    # Empty references do not collide.
    ActivityFactory(programme=programme, lead_unit=units["district"])
    ActivityFactory(programme=programme, lead_unit=units["district"])


def test_policy_period_must_be_ordered(committee):
    _violates(
        lambda: PolicyDocument.objects.create(
            committee=committee,
            kind="project",
            number_symbol="1-ĐA/TU",
            title="x",
            issuer="y",
            issued_on=dt.date(2021, 1, 1),
            period_start=2025,
            period_end=2021,
        )
    )


def test_activity_clean_reports_dates_outside_the_programme_year_in_vietnamese(programme, units):
    activity = ActivityFactory.build(
        programme=programme, lead_unit=units["district"], start_date=dt.date(2022, 12, 30), end_date=dt.date(2023, 1, 2)
    )
    activity.category_id = 1
    with pytest.raises(ValidationError) as err:
        activity.full_clean()
    assert "ngoài năm số liệu của chương trình" in str(err.value.message_dict["start_date"])


def test_activity_clean_refuses_a_unit_of_another_committee(programme, other_committee):
    foreign = UnitFactory(committee=other_committee)
    activity = ActivityFactory.build(programme=programme, lead_unit=foreign)
    activity.category_id = 1
    with pytest.raises(ValidationError) as err:
        activity.full_clean()
    assert "lead_unit" in err.value.message_dict


def test_unit_path_follows_a_move(units):
    commune = units["commune"]
    assert commune.path.startswith(units["district"].path)
    district = units["district"]
    district.parent = units["union"]
    district.save()
    commune.refresh_from_db()
    assert commune.path.startswith(units["union"].path)
    assert Unit.objects.filter(path__startswith=units["union"].path).count() == 3


def test_unit_cannot_be_placed_under_its_own_descendant(units):
    district = units["district"]
    district.parent = units["commune"]
    with pytest.raises(ValidationError):
        district.full_clean()


def test_history_records_activity_changes(programme, units):
    activity = ActivityFactory(programme=programme, lead_unit=units["district"], funding_state=1000)
    activity.funding_state = 2000
    activity.save()
    states = [h.funding_state for h in activity.history.order_by("history_date")]
    assert states == [1000, 2000]


def test_programme_status_defaults_to_planning(committee):
    assert Programme.objects.create(committee=committee, year=2030, title="x").status == "planning"
