"""The directory stamp (issue 18): a committee's stamp changes in the same
transaction as every write to its units or to any locality, however the
write is made, so each web process may keep the pickers' rows under it; and
what a process keeps offers exactly what reading the rows would."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination import pickers
from coordination.models import DirectoryStamp, Locality, Unit
from coordination.permissions import get_access
from devtools.factories import CommitteeFactory, LocalityFactory, UnitFactory


def stamp(committee) -> int:
    return DirectoryStamp.objects.get(committee=committee).stamp


def test_every_committee_has_a_stamp_from_its_first_day(committee, other_committee):
    assert stamp(committee) != stamp(other_committee)
    assert get_access(_admin(), committee.slug).directory_stamp == stamp(committee)


def test_a_unit_written_any_way_changes_its_committees_stamp_and_no_other(committee, other_committee, units):
    other = stamp(other_committee)
    seen = {stamp(committee)}
    unit = UnitFactory(committee=committee, name="Đơn vị mới")
    seen.add(stamp(committee))
    Unit.objects.filter(pk=unit.pk).update(name="Đơn vị đổi tên")  # no signal, no save()
    seen.add(stamp(committee))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM coordination_unit WHERE id = %s", [unit.pk])
    seen.add(stamp(committee))
    assert len(seen) == 4
    assert stamp(other_committee) == other


def test_a_unit_moved_to_another_committee_changes_both(committee, other_committee, units):
    before = (stamp(committee), stamp(other_committee))
    Unit.objects.filter(pk=units["union"].pk).update(committee=other_committee)
    assert stamp(committee) != before[0] and stamp(other_committee) != before[1]


def test_localities_imported_in_bulk_change_every_committees_stamp(committee, other_committee):
    before = (stamp(committee), stamp(other_committee))
    Locality.objects.bulk_create([Locality(name=f"Xã Nhập {n}", level=Locality.Level.COMMUNE) for n in range(3)])
    after = (stamp(committee), stamp(other_committee))
    assert after[0] != before[0] and after[1] != before[1]


def test_a_rolled_back_write_leaves_the_stamp_as_it_was(committee, units):
    before = stamp(committee)
    with pytest.raises(RuntimeError), transaction.atomic():
        UnitFactory(committee=committee)
        raise RuntimeError
    assert stamp(committee) == before


def _admin():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get_or_create(username="quan-tri", is_superuser=True, is_staff=True)[0]


def _read(access):
    """The same offer read from the rows, as when no stamp is known."""
    access.directory_stamp = None
    return access


@pytest.mark.parametrize("role", ["secretary", "chair"])
def test_what_a_process_keeps_offers_what_the_rows_say(request, committee, units, role):
    user = request.getfixturevalue(role)
    province = LocalityFactory(name="Tỉnh Thử", level=Locality.Level.PROVINCE)
    committee.province = province
    committee.save()
    old = LocalityFactory(name="Xã Cũ", parent=province, valid_to=dt.date(2025, 6, 30))
    LocalityFactory(name="Xã Mới", parent=province, valid_from=dt.date(2025, 7, 1))
    LocalityFactory(name="Ấp Ngoài Tỉnh")
    units["commune"].valid_to = dt.date(2025, 6, 30)
    units["commune"].save()
    UnitFactory(committee=committee, name="Ban CHQS xã C", parent=units["district"], valid_from=dt.date(2025, 7, 1))
    days = [None, dt.date(2025, 6, 30), dt.date(2025, 7, 1)]
    for _ in range(2):  # the second round is served from what the process keeps
        access = get_access(user, committee.slug)
        assert access.directory_stamp is not None
        for on in days:
            for everyone in (False, True):
                kept = pickers.units(access, everyone=everyone, on=on)
                read = pickers.units(_read(get_access(user, committee.slug)), everyone=everyone, on=on)
                assert [(u.pk, u.label) for u in kept] == [(u.pk, u.label) for u in read]
            kept = pickers.localities(access, on=on)
            read = pickers.localities(_read(get_access(user, committee.slug)), on=on)
            assert [(loc.pk, loc.label) for loc in kept] == [(loc.pk, loc.label) for loc in read]
        for year in (2025, 2026):
            kept = pickers.localities(access, year=year)
            read = pickers.localities(_read(get_access(user, committee.slug)), year=year)
            assert [loc.label for loc in kept] == [loc.label for loc in read]
    labels = [loc.label for loc in pickers.localities(get_access(user, committee.slug), on=dt.date(2025, 6, 30))]
    assert labels == [province.name, f"{old.name}, {province.name}"]  # not the new commune, not another province


def test_the_list_page_reads_the_pickers_rows_once_and_sees_a_rename_made_behind_its_back(
    client, committee, units, standing_office
):
    client.force_login(standing_office)
    url = reverse("activities:list", kwargs={"committee": committee.slug})
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert "Ban CHQS huyện A" in page
    assert not [q["sql"] for q in queries if 'FROM "coordination_unit"' in q["sql"]]
    assert not [q["sql"] for q in queries if 'FROM "coordination_locality"' in q["sql"]]
    Unit.objects.filter(pk=units["district"].pk).update(name="Ban CHQS huyện An Phú")
    page = client.get(url).content.decode()
    assert "Ban CHQS huyện An Phú" in page and "Ban CHQS huyện A<" not in page


def test_a_new_committee_on_a_reused_id_is_not_shown_anothers_rows(client, db):
    """SQLite gives a rolled-back id again: the stamp, random, tells them apart."""
    first = CommitteeFactory(slug="mot")
    UnitFactory(committee=first, name="Đơn vị của ban thứ nhất")
    access = get_access(_admin(), "mot")
    assert [u.label for u in pickers.units(access)] == ["Đơn vị của ban thứ nhất"]
    DirectoryStamp.objects.filter(committee=first).delete()
    Unit.objects.filter(committee=first).delete()
    first.delete()
    second = CommitteeFactory(slug="hai")
    UnitFactory(committee=second, name="Đơn vị của ban thứ hai")
    assert [u.label for u in pickers.units(get_access(_admin(), "hai"))] == ["Đơn vị của ban thứ hai"]


def _role(user, committee):
    from coordination.models import CommitteeRole

    return CommitteeRole.objects.get(user=user, committee=committee)


def _scope(user, committee):
    access = get_access(user, committee.slug)
    return access.unit_ids, access.unit_paths


def test_the_units_given_to_a_role_change_its_committees_stamp_however_written(
    committee, other_committee, units, secretary
):
    role = _role(secretary, committee)
    other = stamp(other_committee)
    seen = {stamp(committee)}
    role.units.add(units["union"])
    seen.add(stamp(committee))
    role.units.remove(units["district"])
    seen.add(stamp(committee))
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO coordination_committeerole_units (committeerole_id, unit_id) VALUES (%s, %s)",
            [role.pk, units["province"].pk],
        )
        seen.add(stamp(committee))
        cursor.execute(
            "UPDATE coordination_committeerole_units SET unit_id = %s WHERE committeerole_id = %s AND unit_id = %s",
            [units["commune"].pk, role.pk, units["province"].pk],
        )
        seen.add(stamp(committee))
    role.units.clear()
    seen.add(stamp(committee))
    assert len(seen) == 6
    assert stamp(other_committee) == other


def test_a_role_moved_to_another_committee_changes_both(committee, other_committee, secretary):
    from coordination.models import CommitteeRole

    before = (stamp(committee), stamp(other_committee))
    CommitteeRole.objects.filter(pk=_role(secretary, committee).pk).update(committee=other_committee)
    assert stamp(committee) != before[0] and stamp(other_committee) != before[1]


def test_a_secretarys_scope_is_kept_until_the_directory_changes_and_never_stale(committee, units, secretary):
    from coordination import permissions

    permissions._SCOPES.clear()
    district, commune, union = units["district"], units["commune"], units["union"]
    first = _scope(secretary, committee)
    assert first == (frozenset({district.pk, commune.pk}), (district.path,))
    # The same stamp: the role's query only, the units are not read again.
    with CaptureQueriesContext(connection) as kept:
        assert _scope(secretary, committee) == first
    permissions._SCOPES.clear()
    with CaptureQueriesContext(connection) as read:
        assert _scope(secretary, committee) == first
    assert len(kept) == len(read) - 1
    # Every change is seen on the next request, however it was written.
    _role(secretary, committee).units.add(union)
    assert _scope(secretary, committee) == (frozenset({district.pk, commune.pk, union.pk}), (district.path, union.path))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM coordination_committeerole_units WHERE unit_id = %s", [district.pk])
    assert _scope(secretary, committee) == (frozenset({union.pk}), (union.path,))
    below = UnitFactory(committee=committee, name="Chi hội xã C", parent=union)
    assert _scope(secretary, committee)[0] == frozenset({union.pk, below.pk})
    Unit.objects.filter(pk=below.pk).update(committee=UnitFactory().committee)
    assert _scope(secretary, committee)[0] == frozenset({union.pk})
