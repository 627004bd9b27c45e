"""A corpus of hostile and malformed values sent to every form and filter:
never a 500, nothing changed by a rejected request, nothing echoed
unescaped."""

import pytest
from django.apps import apps
from django.urls import reverse

from activities.tests.factories import ActivityFactory
from coordination.models import Meeting

HOSTILE = [
    "",
    " ",
    "x" * 10_000,
    "\x00",
    "a\x01b\x1bc",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE activities_activity; --",
    "1 OR 1=1",
    '=HYPERLINK("http://x")',
    "+1-1",
    "@SUM(A1)",
    "-5",
    "99999999999999999999999",
    "1e308",
    "NaN",
    "31/02/2023",
    "2023-13-45",
    "../../etc/passwd",
    "%00",
    "%s%s%n",
    "{{ 7*7 }}",
    "${jndi:ldap://x}",
    "\u202eevil",
    "🙂" * 100,
    "0x41",
    "[]",
    "{}",
    "null",
    "true",
]


def _counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models() if not m._meta.label.startswith("sessions")}


@pytest.fixture
def world(committee, programme, units, standing_office):
    activity = ActivityFactory(programme=programme, lead_unit=units["district"], status="draft")
    import datetime as dt

    meeting = Meeting.objects.create(committee=committee, kind="regular", title="Họp",
                                     starts_at=dt.datetime(2023, 5, 1, tzinfo=dt.UTC))  # fmt: skip
    return {"activity": activity, "meeting": meeting}


def _forms(committee, world):
    c = committee.slug
    a = world["activity"].pk
    m = world["meeting"].pk
    return [
        ("activities:create", {"committee": c}, ["title", "start_date", "funding_state", "lead_unit", "gifts"]),
        ("activities:edit", {"committee": c, "pk": a}, ["title", "end_date", "funding_social", "version"]),
        ("activities:return", {"committee": c, "pk": a}, ["reason"]),
        ("activities:review_bulk_confirm", {"committee": c}, ["ids"]),
        ("coordination:member_new", {"committee": c}, ["full_name", "term_start", "unit", "role"]),
        ("coordination:meeting_new", {"committee": c}, ["title", "day", "time", "programme"]),
        ("coordination:meeting_follow_up_add", {"committee": c, "meeting_id": m}, ["description", "assigned_unit",
                                                                                   "deadline"]),
        ("coordination:meeting_agenda_add", {"committee": c, "meeting_id": m}, ["title", "presenter", "document"]),
        ("programmes:task_new", {"committee": c, "year": 2023}, ["title", "order", "lead_unit", "due_date"]),
        ("programmes:target_new", {"committee": c, "year": 2023}, ["target_value", "measure", "category"]),
        ("reports:request", {"committee": c, "year": 2023}, ["kind", "date", "signer", "issuing_body"]),
        ("reports:review_draft", {"committee": c, "year": 2023}, ["strengths", "directions"]),
    ]  # fmt: skip


def test_hostile_form_input_never_500_and_changes_nothing_when_refused(client, committee, standing_office, world):
    client.force_login(standing_office)
    tried = 0
    for name, kwargs, fields in _forms(committee, world):
        url = reverse(name, kwargs=kwargs)
        for value in HOSTILE:
            before = _counts()
            data = {field: value for field in fields}
            response = client.post(url, data)
            tried += 1
            assert response.status_code < 500, (name, value)
            body = response.content.decode(errors="replace")
            assert "<script>alert(1)" not in body and "<img src=x onerror" not in body, (name, value)  # escaped
            if response.status_code == 200:  # the form came back with its errors: nothing was saved
                assert _counts() == before, (name, value)
    assert tried >= 300


def test_hostile_query_strings_never_500(client, committee, standing_office, world):
    client.force_login(standing_office)
    c = committee.slug
    pages = [reverse("activities:list", kwargs={"committee": c}), reverse("reports:summary", kwargs={"committee": c}),
             reverse("activities:unit_search", kwargs={"committee": c}),
             reverse("activities:locality_search", kwargs={"committee": c}),
             reverse("coordination:meetings", kwargs={"committee": c})]  # fmt: skip
    params = ["year", "category", "unit", "locality", "status", "date_from", "q", "sort", "page", "scope", "month"]
    tried = 0
    for url in pages:
        for value in HOSTILE:
            response = client.get(url, {p: value for p in params})
            tried += 1
            assert response.status_code in (200, 404), (url, value, response.status_code)
    assert tried >= 150


@pytest.mark.parametrize("value", ["999999", "-1", "abc", "0"])
def test_forged_ids_of_other_committees_are_404(client, standing_office, committee, other_committee, value):
    client.force_login(standing_office)
    from coordination.tests.factories import UnitFactory
    from programmes.tests.factories import ProgrammeFactory

    foreign = ActivityFactory(programme=ProgrammeFactory(committee=other_committee),
                              lead_unit=UnitFactory(committee=other_committee))  # fmt: skip
    for pk in (foreign.pk,):
        assert (
            client.get(reverse("activities:detail", kwargs={"committee": committee.slug, "pk": pk})).status_code == 404
        )
        assert (
            client.post(reverse("activities:confirm", kwargs={"committee": committee.slug, "pk": pk})).status_code
            == 404
        )
    assert client.get(f"/c/{committee.slug}/activities/{value}/").status_code == 404
