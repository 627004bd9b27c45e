import pytest
from django.http import Http404

from activities.selectors import editable_activities, scope_activities
from coordination.permissions import get_access, scope_units
from devtools.factories import ActivityFactory


@pytest.fixture
def activities(programme, units):
    return {
        "district": ActivityFactory(programme=programme, lead_unit=units["district"]),
        "commune": ActivityFactory(programme=programme, lead_unit=units["commune"]),
        "union": ActivityFactory(programme=programme, lead_unit=units["union"]),
        "province": ActivityFactory(programme=programme, lead_unit=units["province"]),
    }


def _visible(user, committee):
    return set(scope_activities(get_access(user, committee.slug)).values_list("title", flat=True))


def test_secretary_sees_own_unit_and_sub_units_only(secretary, committee, activities):
    assert _visible(secretary, committee) == {activities["district"].title, activities["commune"].title}


def test_secretary_also_sees_activities_their_unit_took_part_in(secretary, committee, activities, units):
    activities["union"].participating_units.add(units["commune"])
    assert activities["union"].title in _visible(secretary, committee)
    access = get_access(secretary, committee.slug)
    assert not editable_activities(access).filter(pk=activities["union"].pk).exists()


def test_other_units_secretary_does_not_see_the_district(other_secretary, committee, activities):
    assert _visible(other_secretary, committee) == {activities["union"].title}


@pytest.mark.parametrize("role", ["standing_office", "chair", "staff", "administrator"])
def test_committee_wide_roles_see_everything(role, request, committee, activities):
    user = request.getfixturevalue(role)
    assert _visible(user, committee) == {a.title for a in activities.values()}


def test_outsider_of_the_committee_gets_404(outsider, committee):
    with pytest.raises(Http404):
        get_access(outsider, committee.slug)


def test_secretary_cannot_edit_confirmed_activity(secretary, committee, activities):
    a = activities["district"]
    a.status = "confirmed"
    a.save()
    access = get_access(secretary, committee.slug)
    assert not editable_activities(access).filter(pk=a.pk).exists()
    assert editable_activities(access).filter(pk=activities["commune"].pk).exists()


def test_chair_and_staff_edit_nothing(chair, staff, committee, activities):
    for user in (chair, staff):
        assert not editable_activities(get_access(user, committee.slug)).exists()


def test_secretary_unit_picker_is_limited_to_their_subtree(secretary, committee, units):
    names = set(scope_units(get_access(secretary, committee.slug)).values_list("name", flat=True))
    assert names == {units["district"].name, units["commune"].name}


def test_rights_per_role(secretary, standing_office, chair, staff, committee):
    def can(user, right):
        return get_access(user, committee.slug).can(right)

    assert can(standing_office, "review_activities") and not can(secretary, "review_activities")
    assert can(chair, "approve_review") and not can(standing_office, "approve_review")
    assert can(staff, "order_reports") and not can(chair, "order_reports")
    assert not can(secretary, "download_reports")


@pytest.mark.parametrize("role", ["chair", "secretary"])
def test_rows_asked_by_programme_stay_those_of_the_users_committee_and_scope(
    request, role, committee, other_committee, programme, activities
):
    """The period review asks by programme (no committee condition): another
    committee's programme in the subquery adds none of its rows."""
    from programmes.models import Programme

    foreign = ActivityFactory(programme__committee=other_committee, programme__year=programme.year)
    access = get_access(request.getfixturevalue(role), committee.slug)
    every_programme = Programme.objects.values("pk")
    by_programme = set(scope_activities(access, programmes=every_programme).values_list("title", flat=True))
    assert foreign.title not in by_programme
    assert by_programme == set(scope_activities(access).values_list("title", flat=True))
    assert by_programme  # the chair sees all four, the secretary the district's and the commune's
