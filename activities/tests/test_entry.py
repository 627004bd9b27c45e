import datetime as dt

import pytest

from activities.models import Activity
from devtools.factories import ActivityFactory


def test_secretary_creates_a_draft_with_vietnamese_amounts_and_dates(client, secretary, url, form_data):
    client.force_login(secretary)
    response = client.post(url("create"), form_data())
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == url("detail", pk=activity.pk)
    assert activity.status == "draft"
    assert activity.start_date == dt.date(2023, 2, 5)
    assert activity.funding_social == 2_000_000 and activity.funding_units == 500_000 and activity.funding_state == 0
    assert activity.created_by == secretary


def test_saving_with_submit_sends_it_for_review(client, secretary, url, form_data):
    client.force_login(secretary)
    client.post(url("create"), form_data(action="submit"))
    activity = Activity.objects.get()
    assert activity.status == "submitted" and activity.submitted_by == secretary


def test_measures_that_do_not_apply_to_the_category_are_not_counted(client, secretary, url, form_data):
    client.force_login(secretary)
    client.post(url("create"), form_data(houses_built="3", man_days="40"))
    activity = Activity.objects.get()
    assert activity.gifts == 120
    assert activity.houses_built == 0 and activity.man_days == 0


def test_half_filled_form_is_kept_as_a_draft(client, secretary, url, form_data):
    client.force_login(secretary)
    data = form_data(category="", start_date="", end_date="", gifts="", beneficiaries="", funding_social="")
    response = client.post(url("create"), data)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.status == "draft" and activity.category is None and activity.start_date is None


def test_incomplete_activity_cannot_be_submitted(client, secretary, url, form_data):
    client.force_login(secretary)
    page = client.get(url("create")).content.decode()
    # Said before it fails: the fields a submission needs are marked.
    assert page.count("cần khi gửi duyệt") == 3
    response = client.post(url("create"), form_data(category="", start_date="", lead_unit="", action="submit"))
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"category", "start_date", "lead_unit"}  # all at once, not in waves
    assert form.errors["category"] == ["Cần nhập “Loại hoạt động” trước khi gửi duyệt."]
    assert form.errors["start_date"] == ["Cần nhập “Ngày bắt đầu” trước khi gửi duyệt."]
    page = response.content.decode()
    assert "Chưa lưu gì" in page and 'href="#id_category"' in page  # the summary leads to each field
    assert not Activity.objects.exists()


BAD_INPUT = [
    ({"start_date": "05/02/2022", "end_date": "06/02/2022"}, "start_date", "ngoài năm số liệu của chương trình"),
    ({"end_date": "01/02/2023"}, "end_date", "trước ngày bắt đầu"),
    ({"start_date": "31/02/2023"}, "start_date", "theo dạng ngày/tháng/năm (dd/mm/yyyy)"),
    ({"funding_state": "-5"}, "funding_state", "đồng"),
    ({"funding_state": "5.000.000.000.000"}, "funding_state", "nhỏ hơn hoặc bằng"),
    ({"gifts": "abc"}, "gifts", "số nguyên"),
    ({"title": ""}, "title", "bắt buộc"),
    ({"title": "x" * 501}, "title", "500"),
    ({"title": "Tặng quà\x01\x1b[31m"}, "title", "ký tự điều khiển"),
    ({"description": "a\x00b"}, "description", "ký tự"),
]


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_INPUT)
def test_bad_input_gets_a_vietnamese_message_and_saves_nothing(
    client, secretary, url, form_data, overrides, field, message
):
    client.force_login(secretary)
    response = client.post(url("create"), form_data(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field]), errors[field]
    assert not Activity.objects.exists()


def test_a_unit_outside_the_secretarys_scope_is_refused(client, secretary, url, form_data, units):
    client.force_login(secretary)
    response = client.post(url("create"), form_data(lead_unit=units["union"].pk))
    assert response.status_code == 200
    assert "lead_unit" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_a_unit_of_another_committee_cannot_be_a_participant(client, secretary, url, form_data, other_committee):
    from devtools.factories import UnitFactory

    foreign = UnitFactory(committee=other_committee)
    client.force_login(secretary)
    response = client.post(url("create"), form_data(participating_units=[foreign.pk]))
    assert response.status_code == 200
    assert "participating_units" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_a_closed_year_rejects_new_activities(client, secretary, url, form_data, programme):
    programme.status = "closed"
    programme.save()
    client.force_login(secretary)
    response = client.post(url("create"), form_data())
    assert response.status_code == 200
    assert "programme" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_a_closed_year_rejects_edits_with_a_clear_message(client, secretary, url, programme, units):
    activity = ActivityFactory(programme=programme, lead_unit=units["district"], status="draft")
    programme.status = "closed"
    programme.save()
    client.force_login(secretary)
    response = client.get(url("edit", pk=activity.pk), follow=True)
    assert "đã khóa sổ" in response.content.decode()
    response = client.post(url("submit", pk=activity.pk), follow=True)
    assert "đã khóa sổ" in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == "draft"


def test_roles_without_entry_right_get_403_on_the_form(client, chair, staff, url):
    for user in (chair, staff):
        client.force_login(user)
        assert client.get(url("create")).status_code == 403


def test_outsider_gets_404_on_the_form(client, outsider, url):
    client.force_login(outsider)
    assert client.get(url("create")).status_code == 404


def test_another_units_activity_is_404_for_a_secretary(client, secretary, url, programme, units):
    activity = ActivityFactory(programme=programme, lead_unit=units["union"])
    client.force_login(secretary)
    assert client.get(url("detail", pk=activity.pk)).status_code == 404
    assert client.get(url("edit", pk=activity.pk)).status_code == 404


def test_an_activity_the_unit_only_took_part_in_is_readable_not_editable(client, secretary, url, programme, units):
    activity = ActivityFactory(programme=programme, lead_unit=units["union"], status="draft")
    activity.participating_units.add(units["commune"])
    client.force_login(secretary)
    assert client.get(url("detail", pk=activity.pk)).status_code == 200
    assert client.get(url("edit", pk=activity.pk)).status_code == 403


def _edit_payload(activity, **overrides):
    data = {
        "programme": activity.programme_id,
        "category": activity.category_id,
        "title": activity.title,
        "description": activity.description,
        "start_date": activity.start_date.strftime("%d/%m/%Y"),
        "end_date": activity.end_date.strftime("%d/%m/%Y"),
        "lead_unit": activity.lead_unit_id,
        "locality": "",
        "version": activity.version,
        "action": "draft",
    }
    data.update(overrides)
    return data


def test_stale_form_shows_what_changed_and_keeps_both_inputs(
    client, secretary, standing_office, url, programme, units, gifts_category
):
    activity = ActivityFactory(
        programme=programme,
        lead_unit=units["district"],
        category=gifts_category,
        status="submitted",
        title="Tên ban đầu",
    )
    opened = _edit_payload(activity)
    # The standing office saves first.
    client.force_login(standing_office)
    client.post(url("edit", pk=activity.pk), {**opened, "title": "Tên do văn phòng sửa"})
    # The secretary saves a form opened before that.
    client.force_login(secretary)
    response = client.post(url("edit", pk=activity.pk), {**opened, "funding_state": "7.000.000"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tên do văn phòng sửa" in html and "Tên ban đầu" in html  # the other's change is shown
    assert 'value="7.000.000"' in html  # the secretary's input is still in the form
    activity.refresh_from_db()
    assert activity.title == "Tên do văn phòng sửa" and activity.funding_state == 0
    # Saving again from the re-rendered form goes through.
    form = response.context["form"]
    assert int(form.data["version"]) == activity.version
    again = client.post(
        url("edit", pk=activity.pk), {**opened, "funding_state": "7.000.000", "version": form.data["version"]}
    )
    assert again.status_code == 302
    activity.refresh_from_db()
    assert activity.funding_state == 7_000_000


def test_edit_increments_version_and_history_shows_old_and_new(
    client, secretary, url, programme, units, gifts_category
):
    activity = ActivityFactory(
        programme=programme,
        lead_unit=units["district"],
        category=gifts_category,
        status="draft",
        funding_state=1_000_000,
    )
    client.force_login(secretary)
    client.post(url("edit", pk=activity.pk), _edit_payload(activity, funding_state="2.500.000"))
    activity.refresh_from_db()
    assert activity.version == 2
    html = client.get(url("detail", pk=activity.pk)).content.decode()
    assert "1.000.000 → 2.500.000" in html


def test_a_unit_or_locality_that_no_longer_existed_on_the_date_is_refused(
    client, standing_office, url, form_data, units
):
    import datetime as dt

    from coordination.models import Locality

    merged = Locality.objects.create(name="Xã Mới Sáp Nhập", level="commune", valid_from=dt.date(2025, 7, 1))
    units["union"].valid_to = dt.date(2022, 12, 31)
    units["union"].save()
    client.force_login(standing_office)
    response = client.post(url("create"), form_data(locality=merged.pk, lead_unit=units["union"].pk))
    errors = response.context["form"].errors
    assert "không còn tồn tại" in " ".join(errors["locality"])
    assert "lead_unit" in errors
    assert not Activity.objects.exists()


def test_an_activity_written_in_bulk_without_history_opens_and_its_first_edit_is_recorded(
    client, secretary, url, programme, units, gifts_category
):
    """Bulk-loaded rows (seed_scale, older imports) have no history records."""
    [activity] = Activity.objects.bulk_create(
        [
            ActivityFactory.build(
                programme=programme,
                lead_unit=units["district"],
                category=gifts_category,
                status="draft",
                funding_state=1_000_000,
                title="Trao quà nạp hàng loạt",
            )
        ]
    )
    assert not activity.history.exists()
    client.force_login(secretary)
    response = client.get(url("detail", pk=activity.pk))
    assert response.status_code == 200 and "Trao quà nạp hàng loạt" in response.content.decode()
    client.post(url("edit", pk=activity.pk), _edit_payload(activity, funding_state="2.000.000"))
    assert client.get(url("detail", pk=activity.pk)).context["history"][0].who == secretary


def test_history_shows_participating_units_changing_and_its_queries_do_not_grow_with_edits(
    client, standing_office, url, programme, units, gifts_category
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    activity = ActivityFactory(
        programme=programme,
        lead_unit=units["district"],
        category=gifts_category,
        status="draft",
        funding_state=1_000_000,
    )
    client.force_login(standing_office)

    def edit(**changes):
        activity.refresh_from_db()
        response = client.post(url("edit", pk=activity.pk), _edit_payload(activity, **changes))
        assert response.status_code == 302

    def queries_of_the_page():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("detail", pk=activity.pk)).status_code == 200
        return len(queries)

    edit(participating_units=[units["union"].pk, units["commune"].pk])
    edit(participating_units=[units["union"].pk])
    history = client.get(url("detail", pk=activity.pk)).context["history"]
    newest, older = history[0], history[1]
    assert [(c.old, c.new) for c in newest.changes] == [("Ban CHQS xã B, Hội Nông dân tỉnh", "Hội Nông dân tỉnh")]
    assert [(c.old, c.new) for c in older.changes] == [("—", "Ban CHQS xã B, Hội Nông dân tỉnh")]
    few = queries_of_the_page()
    for amount in ("2.000.000", "3.000.000", "4.000.000", "5.000.000"):
        edit(funding_state=amount, participating_units=[units["commune"].pk])
    assert queries_of_the_page() == few
