import datetime as dt

import pytest
from django.urls import reverse

from coordination.models import Unit
from devtools.factories import ActivityFactory


def _url(committee, name, **kwargs):
    namespace = "coordination" if name == "units" else "overview"
    return reverse(f"{namespace}:{name}", kwargs={"committee": committee.slug, **kwargs})


def test_merging_a_unit_keeps_its_past_activities_and_moves_its_sub_units(
    client, standing_office, committee, programme, units
):
    old = ActivityFactory(programme=programme, lead_unit=units["district"], status="confirmed")
    regional = Unit.objects.create(
        committee=committee, name="Ban CHPTKV 1", kind="military_command", parent=units["province"]
    )
    client.force_login(standing_office)
    response = client.post(
        _url(committee, "unit", unit_id=units["district"].pk),
        {"action": "merge", "day": "01/07/2025", "into": regional.pk},
    )
    assert response.status_code == 302
    district = Unit.objects.get(pk=units["district"].pk)
    assert district.valid_to == dt.date(2025, 6, 30) and district.successor == regional
    old.refresh_from_db()
    assert old.lead_unit == district  # the 2023 activity stays with the unit as it was
    units["commune"].refresh_from_db()
    assert units["commune"].parent == regional and units["commune"].path.startswith(regional.path)
    assert district.history.first().history_user == standing_office
    page = client.get(_url(committee, "units")).content.decode()
    assert units["district"].name not in page  # ended units are hidden by default
    assert units["district"].name in client.get(_url(committee, "units"), {"ended": "1"}).content.decode()


def test_renaming_creates_the_successor_with_the_new_name(client, standing_office, committee, units):
    client.force_login(standing_office)
    client.post(
        _url(committee, "unit", unit_id=units["union"].pk),
        {"action": "rename", "day": "01/03/2025", "new_name": "Hội Nông dân tỉnh (mới)"},
    )
    renamed = Unit.objects.get(name="Hội Nông dân tỉnh (mới)")
    assert renamed.valid_from == dt.date(2025, 3, 1)
    assert Unit.objects.get(pk=units["union"].pk).successor == renamed


def test_a_change_without_what_it_needs_is_refused(client, standing_office, committee, units):
    client.force_login(standing_office)
    response = client.post(_url(committee, "unit", unit_id=units["union"].pk), {"action": "merge", "day": "01/07/2025"})
    assert response.status_code == 200 and "into" in response.context["form"].errors
    assert Unit.objects.get(pk=units["union"].pk).valid_to is None


@pytest.mark.parametrize(("role", "status"), [("secretary", 403), ("chair", 403), ("standing_office", 200)])
def test_only_the_standing_office_records_unit_changes(role, status, request, client, committee, units):
    client.force_login(request.getfixturevalue(role))
    response = client.post(
        _url(committee, "unit", unit_id=units["union"].pk), {"action": "dissolve", "day": "01/07/2025"}
    )
    assert response.status_code == (302 if status == 200 else 403)
    assert client.get(_url(committee, "unit", unit_id=units["union"].pk)).status_code == 200


def test_another_committees_unit_is_404(client, standing_office, committee, other_committee):
    from devtools.factories import UnitFactory

    foreign = UnitFactory(committee=other_committee)
    client.force_login(standing_office)
    assert client.get(_url(committee, "unit", unit_id=foreign.pk)).status_code == 404
