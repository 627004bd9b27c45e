"""The "Dân vận khéo" register: a secretary registers a model of their unit
with its evidence, the standing office recognises it; the evidence rolls
up exactly the confirmed linked activities; scope and bad input."""

import pytest
from django.urls import reverse

from activities.tests.conftest import png_bytes
from emulation.models import Exemplar, ExemplarEvent, Recognition
from emulation.services import evidence_totals
from programmes.measures import FUNDING_FIELDS, QUANTITY_FIELDS


def _url(committee, name, **kwargs):
    return reverse(f"emulation:{name}", kwargs={"committee": committee.slug, **kwargs})


FORM = {
    "kind": "model",
    "name": "Mô hình “Dân quân giúp dân mùa vụ”",
    "field": "economy",
    "registered_year": "2023",
    "results": "Giúp 40 hộ thu hoạch lúa.",
}


def test_a_secretary_registers_a_model_with_evidence_and_the_office_recognises_it(
    client, committee, units, secretary, standing_office, year_activities
):
    client.force_login(secretary)
    response = client.post(_url(committee, "exemplar_new"), {**FORM, "unit": units["commune"].pk})
    exemplar = Exemplar.objects.get()
    assert response.status_code == 302 and response["Location"] == _url(
        committee, "exemplar_evidence", exemplar_id=exemplar.pk
    )
    assert exemplar.status == "registered" and exemplar.created_by == secretary
    own = [a for a in year_activities if a.lead_unit.path.startswith(units["district"].path)]
    page = client.get(_url(committee, "exemplar_evidence", exemplar_id=exemplar.pk)).content.decode()
    # the commune's activities are offered, the farmers' union's are not
    assert all(f'value="{a.pk}"' in page for a in own if a.lead_unit == units["commune"])
    assert not any(f'name="activity" value="{a.pk}"' in page for a in year_activities if a.lead_unit == units["union"])
    chosen = [a for a in own if a.lead_unit == units["commune"]]
    response = client.post(
        _url(committee, "exemplar_evidence", exemplar_id=exemplar.pk),
        {"activity": [a.pk for a in chosen], "shown": [a.pk for a in chosen]},
    )
    assert response.status_code == 302
    assert set(exemplar.activities.values_list("pk", flat=True)) == {a.pk for a in chosen}

    client.force_login(standing_office)
    client.post(
        _url(committee, "exemplar_evaluate", exemplar_id=exemplar.pk),
        {"decision": "recognise", "level": "district", "year": "2023", "reference": "QĐ số 12/QĐ-BCĐ"},
    )
    exemplar.refresh_from_db()
    assert (exemplar.status, exemplar.level, exemplar.recognised_year) == ("recognised", "district", 2023)
    actions = list(exemplar.events.order_by("at", "pk").values_list("action", flat=True))
    assert actions == ["registered", "evidence", "recognised"]
    # recognised: the secretary can no longer change it
    client.force_login(secretary)
    response = client.post(
        _url(committee, "exemplar_edit", exemplar_id=exemplar.pk),
        {**FORM, "name": "Đổi tên", "unit": units["commune"].pk, "version": exemplar.version},
    )
    exemplar.refresh_from_db()
    assert exemplar.name == FORM["name"]


def test_the_evidence_rolls_up_exactly_the_confirmed_linked_activities(
    committee, units, office_access, standing_office, year_activities
):
    from emulation.services import exemplar_save

    linked = [a for a in year_activities if a.lead_unit.path.startswith(units["district"].path)]
    exemplar = exemplar_save(
        access=office_access,
        user=standing_office,
        data={
            "kind": "model",
            "name": "Mô hình A",
            "unit": units["district"],
            "field": "culture",
            "registered_year": 2023,
        },
        activity_ids=[a.pk for a in linked],
    )
    totals = evidence_totals(exemplar)
    confirmed = [a for a in linked if a.status == "confirmed"]
    assert confirmed and len(confirmed) < len(linked)
    assert totals.count == len(confirmed)
    for f in (*QUANTITY_FIELDS, *FUNDING_FIELDS):
        assert totals[f] == sum(getattr(a, f) for a in confirmed), f
    assert totals.amount_total == sum(sum(getattr(a, f) for f in FUNDING_FIELDS) for a in confirmed)


def test_a_secretary_sees_and_registers_only_for_their_own_units(
    client, committee, units, secretary, other_secretary, year_activities
):
    client.force_login(secretary)
    response = client.post(_url(committee, "exemplar_new"), {**FORM, "unit": units["union"].pk})
    assert response.status_code == 200 and not Exemplar.objects.exists()
    client.force_login(other_secretary)
    client.post(_url(committee, "exemplar_new"), {**FORM, "unit": units["union"].pk})
    theirs = Exemplar.objects.get()
    client.force_login(secretary)
    assert client.get(_url(committee, "exemplar", exemplar_id=theirs.pk)).status_code == 404
    assert theirs.name not in client.get(_url(committee, "register")).content.decode()
    # nor can they link another unit's activities to their own model
    client.post(_url(committee, "exemplar_new"), {**FORM, "name": "Mô hình B", "unit": units["district"].pk})
    mine = Exemplar.objects.get(name="Mô hình B")
    union = next(a for a in year_activities if a.lead_unit == units["union"])
    response = client.post(
        _url(committee, "exemplar_evidence", exemplar_id=mine.pk), {"activity": [union.pk], "shown": [union.pk]}
    )
    assert not mine.activities.exists()
    assert "không phải hoạt động của" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "Mô hình\x07 lạ"}, "ký tự điều khiển"),
        ({"name": "x" * 301}, "300"),
        ({"registered_year": "1800"}, "1990"),
        ({"registered_year": "năm nay"}, "số nguyên"),
        ({"kind": "individual", "position": ""}, "chức vụ"),
        ({"field": "khong-co"}, "lựa chọn hợp lệ"),
        ({"unit": "-5"}, "lựa chọn hợp lệ"),
    ],
)
def test_bad_input_on_the_model_form_is_refused_in_vietnamese_and_saves_nothing(
    client, committee, units, secretary, change, message
):
    client.force_login(secretary)
    response = client.post(_url(committee, "exemplar_new"), {**FORM, "unit": units["district"].pk, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Exemplar.objects.exists() and not ExemplarEvent.objects.exists()


def test_bad_evaluations_and_uploads_change_nothing(client, committee, units, standing_office, office_access):
    from emulation.services import exemplar_save

    exemplar = exemplar_save(
        access=office_access,
        user=standing_office,
        data={
            "kind": "model",
            "name": "Mô hình C",
            "unit": units["district"],
            "field": "defence",
            "registered_year": 2023,
        },
        activity_ids=[],
    )
    client.force_login(standing_office)
    url = _url(committee, "exemplar_evaluate", exemplar_id=exemplar.pk)
    for data, text in [
        ({"decision": "recognise", "level": "", "year": "2023"}, "chọn cấp công nhận"),
        ({"decision": "recognise", "level": "province", "year": "2019"}, "Năm công nhận phải từ năm đăng ký"),
        ({"decision": "return", "assessment": ""}, "ghi rõ nội dung đơn vị cần bổ sung"),
        ({"decision": "recognise", "level": "province", "year": "2023", "reference": "a\x07b"}, "ký tự điều khiển"),
        ({"decision": "xoa"}, "lựa chọn hợp lệ"),
    ]:
        response = client.post(url, data, follow=True)
        assert text in response.content.decode(), data
    assert not Recognition.objects.exists()
    exemplar.refresh_from_db()
    assert exemplar.status == "registered"
    photo_url = _url(committee, "exemplar_photo_add", exemplar_id=exemplar.pk)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(photo_url, {"photo": SimpleUploadedFile("a.png", b"%PDF-1.4 not a photo")}, follow=True)
    assert "không phải là ảnh" in response.content.decode()
    response = client.post(photo_url, {"photo": SimpleUploadedFile("b.png", png_bytes()[:40])}, follow=True)
    assert "bị hỏng" in response.content.decode()
    assert not exemplar.photos.exists()
    # a name that is markup prints as text
    client.post(
        _url(committee, "exemplar_edit", exemplar_id=exemplar.pk),
        {**FORM, "name": "<script>alert(1)</script>", "unit": units["district"].pk, "version": exemplar.version},
    )
    page = client.get(_url(committee, "exemplar", exemplar_id=exemplar.pk)).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_summary_counts_models_by_field_and_level_and_links_to_exactly_them(
    client, committee, programme, units, standing_office, office_access
):
    from devtools.factories import ProgrammeFactory
    from emulation.services import exemplar_evaluate, exemplar_save

    ProgrammeFactory(committee=committee, year=2022)
    plan = [
        ("economy", [("commune", 2022), ("district", 2023)]),
        ("economy", [("district", 2023)]),
        ("defence", [("province", 2023), ("national", 2023)]),
        ("culture", [("commune", 2022)]),
    ]
    for i, (field, recognitions) in enumerate(plan):
        ex = exemplar_save(
            access=office_access,
            user=standing_office,
            data={
                "kind": "model",
                "name": f"Mô hình {i}",
                "unit": units["district"],
                "field": field,
                "registered_year": 2022,
            },
            activity_ids=[],
        )
        for level, year in recognitions:
            exemplar_evaluate(
                access=office_access,
                user=standing_office,
                exemplar_id=ex.pk,
                decision="recognise",
                level=level,
                year=year,
            )
    client.force_login(standing_office)
    page = client.get(reverse("reports:summary", kwargs={"committee": committee.slug}) + "?year=2023").content.decode()
    import re

    section = page[page.index('id="models-heading"') :]
    total = re.search(r'<a\s+href="([^"]+)" data-figure="models-total">(\d+)</a>', section)
    # models recognised in 2023, each once: 0, 1 and 2 (the defence one twice in the year)
    assert int(total.group(2)) == 3
    listed = client.get(total.group(1).replace("&amp;", "&")).content.decode()
    assert all(f"Mô hình {i}" in listed for i in (0, 1, 2)) and "Mô hình 3" not in listed


def test_a_returned_model_goes_back_to_evaluation_once_its_unit_revises_it(
    client, committee, units, secretary, standing_office
):
    client.force_login(secretary)
    client.post(_url(committee, "exemplar_new"), {**FORM, "unit": units["district"].pk})
    exemplar = Exemplar.objects.get()
    client.force_login(standing_office)
    client.post(
        _url(committee, "exemplar_evaluate", exemplar_id=exemplar.pk),
        {"decision": "return", "assessment": "Bổ sung số hộ được giúp đỡ."},
    )
    exemplar.refresh_from_db()
    assert exemplar.status == "returned"
    client.force_login(secretary)
    page = client.get(_url(committee, "exemplar", exemplar_id=exemplar.pk)).content.decode()
    assert "Bổ sung số hộ được giúp đỡ." in page
    client.post(
        _url(committee, "exemplar_edit", exemplar_id=exemplar.pk),
        {**FORM, "results": "Giúp 52 hộ.", "unit": units["district"].pk, "version": exemplar.version},
    )
    exemplar.refresh_from_db()
    assert (exemplar.status, exemplar.results) == ("registered", "Giúp 52 hộ.")
    edited = exemplar.events.get(action="edited")
    assert edited.changes == {"Kết quả": [FORM["results"], "Giúp 52 hộ."]}


def test_the_model_page_shows_the_photos_of_its_evidence(
    client, committee, units, programme, secretary, standing_office, office_access, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from activities import services as activity_services
    from devtools.factories import ActivityFactory
    from emulation.services import exemplar_save

    settings.MEDIA_ROOT = tmp_path
    linked = ActivityFactory(programme=programme, lead_unit=units["commune"], status="confirmed")
    unlinked = ActivityFactory(programme=programme, lead_unit=units["commune"], status="confirmed")
    photos = {
        a.pk: activity_services.attachment_add(
            access=office_access,
            user=standing_office,
            activity_id=a.pk,
            upload=SimpleUploadedFile("a.png", png_bytes()),
        )
        for a in (linked, unlinked)
    }
    exemplar = exemplar_save(
        access=office_access,
        user=standing_office,
        data={
            "kind": "model",
            "name": "Mô hình D",
            "unit": units["district"],
            "field": "economy",
            "registered_year": 2023,
        },
        activity_ids=[linked.pk],
    )
    client.force_login(secretary)
    page = client.get(_url(committee, "exemplar", exemplar_id=exemplar.pk)).content.decode()
    assert f"/attachments/{photos[linked.pk].pk}/thumbnail/" in page
    assert f"/attachments/{photos[unlinked.pk].pk}/thumbnail/" not in page
