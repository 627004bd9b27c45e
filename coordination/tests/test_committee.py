import datetime as dt

import pytest
from django.urls import reverse

from coordination.models import Member
from devtools.factories import MemberFactory


@pytest.fixture
def members(committee, units):
    return {
        "head": MemberFactory(
            committee=committee,
            full_name="Hoàng Thị Minh Nguyệt",
            role="head",
            position="Trưởng Ban Dân vận",
            unit=units["province"],
        ),
        "deputy": MemberFactory(committee=committee, full_name="Lê Quang Vinh", role="standing_deputy", rank="Đại tá"),
        "former": MemberFactory(
            committee=committee, full_name="Vũ Thị Hồng Nhung", role="deputy", term_end=dt.date(2023, 6, 30)
        ),
    }


def _url(committee, name="coordination:committee", **kwargs):
    return reverse(name, kwargs={"committee": committee.slug, **kwargs})


@pytest.mark.parametrize("role", ["secretary", "standing_office", "chair", "staff", "administrator"])
def test_every_role_sees_the_members_grouped_by_role(role, request, client, committee, members):
    client.force_login(request.getfixturevalue(role))
    response = client.get(_url(committee))
    html = response.content.decode()
    assert response.status_code == 200
    labels = [label for label, _people in response.context["groups"]]
    assert labels == ["Trưởng ban", "Phó Trưởng ban Thường trực"]
    assert "Đại tá Lê Quang Vinh" in html
    assert [m.full_name for m in response.context["former"]] == ["Vũ Thị Hồng Nhung"]


def test_outsider_gets_404(client, outsider, committee, members):
    client.force_login(outsider)
    assert client.get(_url(committee)).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"), [("secretary", 403), ("chair", 403), ("staff", 403), ("standing_office", 200)]
)
def test_only_the_standing_office_manages_members(role, status, request, client, committee, members):
    client.force_login(request.getfixturevalue(role))
    assert client.get(_url(committee, "coordination:member_new")).status_code == status


def test_ending_a_term_is_recorded_as_a_change_of_membership(client, standing_office, committee, members, units):
    member = members["deputy"]
    client.force_login(standing_office)
    response = client.post(
        _url(committee, "coordination:member_edit", member_id=member.pk),
        {
            "full_name": member.full_name,
            "rank": "Đại tá",
            "position": "Chính ủy",
            "unit": units["province"].pk,
            "role": "standing_deputy",
            "term_start": "01/01/2021",
            "term_end": "31/12/2023",
            "order": 2,
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.term_end == dt.date(2023, 12, 31)
    page = client.get(_url(committee))
    assert "Lê Quang Vinh" in [m.full_name for m in page.context["former"]]
    assert any("31/12/2023" in c["what"] and c["name"] == "Lê Quang Vinh" for c in page.context["changes"])
    assert member.history.first().history_user == standing_office


def test_a_term_ending_before_it_starts_is_refused(client, standing_office, committee):
    client.force_login(standing_office)
    response = client.post(
        _url(committee, "coordination:member_new"),
        {
            "full_name": "Nguyễn Văn Mới",
            "role": "member",
            "term_start": "01/01/2024",
            "term_end": "01/01/2023",
            "order": 1,
        },
    )
    assert response.status_code == 200 and "term_end" in response.context["form"].errors
    assert not Member.objects.filter(full_name="Nguyễn Văn Mới").exists()


def test_a_member_of_another_committee_is_404(client, standing_office, committee, other_committee):
    foreign = MemberFactory(committee=other_committee)
    client.force_login(standing_office)
    assert client.get(_url(committee, "coordination:member_edit", member_id=foreign.pk)).status_code == 404
