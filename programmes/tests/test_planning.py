import datetime as dt

import pytest
from django.urls import reverse

from programmes.models import ActivityCategory, PolicyDocument, ProgrammeTask, Target


def _url(committee, name, **kwargs):
    return reverse(f"programmes:{name}", kwargs={"committee": committee.slug, "year": 2023, **kwargs})


def test_standing_office_plans_contents_and_targets(client, standing_office, committee, programme, units):
    doc = PolicyDocument.objects.create(
        committee=committee,
        kind="project",
        number_symbol="05-ĐA/TU",
        title="Đề án",
        issuer="Tỉnh ủy",
        issued_on=dt.date(2021, 5, 1),
        period_start=2021,
        period_end=2025,
    )
    client.force_login(standing_office)
    client.post(
        _url(committee, "edit"),
        {
            "title": "Chương trình phối hợp năm 2023",
            "number_symbol": "07-CTr/BCĐ",
            "signed_on": "18/01/2023",
            "policy_documents": [doc.pk],
        },
    )
    programme.refresh_from_db()
    assert programme.signed_on == dt.date(2023, 1, 18) and list(programme.policy_documents.all()) == [doc]
    client.post(
        _url(committee, "task_new"),
        {
            "order": 1,
            "title": "Xây nhà đồng đội",
            "lead_unit": units["district"].pk,
            "supporting_units": [units["union"].pk],
            "due_date": "15/12/2023",
        },
    )
    task = ProgrammeTask.objects.get()
    assert task.lead_unit == units["district"] and list(task.supporting_units.all()) == [units["union"]]
    category = ActivityCategory.objects.get(code="nha-dong-doi")
    client.post(
        _url(committee, "target_new"),
        {"category": category.pk, "measure": "houses_built", "target_value": "1.200", "unit": units["district"].pk},
    )
    target = Target.objects.get()
    assert (target.target_value, target.unit) == (1200, units["district"])


def test_the_lead_units_secretary_posts_progress_others_may_not(
    client, secretary, other_secretary, committee, programme, units
):
    task = ProgrammeTask.objects.create(programme=programme, order=1, title="Xây nhà", lead_unit=units["commune"])
    client.force_login(secretary)
    client.post(_url(committee, "task_progress", task_id=task.pk), {"progress": 60, "note": "Đã xong phần móng"})
    task.refresh_from_db()
    assert (task.progress, task.progress_note) == (60, "Đã xong phần móng")
    client.force_login(other_secretary)
    assert client.post(_url(committee, "task_progress", task_id=task.pk), {"progress": 100}).status_code == 403
    client.force_login(secretary)
    client.post(_url(committee, "task_progress", task_id=task.pk), {"progress": 140})
    task.refresh_from_db()
    assert task.progress == 60


@pytest.mark.parametrize("name", ["task_new", "target_new", "edit"])
@pytest.mark.parametrize(("role", "status"), [("secretary", 403), ("chair", 403), ("standing_office", 200)])
def test_only_the_standing_office_plans(name, role, status, request, client, committee, programme):
    client.force_login(request.getfixturevalue(role))
    assert client.get(_url(committee, name)).status_code == status


def test_a_closed_year_refuses_new_contents(client, standing_office, committee, programme, units):
    programme.status = "closed"
    programme.save()
    client.force_login(standing_office)
    response = client.post(_url(committee, "task_new"), {"order": 1, "title": "Muộn", "lead_unit": units["union"].pk})
    assert response.status_code == 200 and not ProgrammeTask.objects.exists()


def test_a_closed_programme_keeps_its_own_title_and_number(client, standing_office, committee, programme):
    """Closing the year freezes the programme itself too: the edit page is
    read-only without a save button, and a forged post is refused with a
    message and changes nothing."""
    programme.status = "closed"
    programme.save()
    title, number = programme.title, programme.number_symbol
    client.force_login(standing_office)
    page = client.get(_url(committee, "edit")).content.decode()
    assert "đã khóa sổ" in page and ">Lưu</button>" not in page
    assert 'name="title"' in page and "disabled" in page
    response = client.post(_url(committee, "edit"), {"title": "Tên sửa sau khi khóa sổ", "number_symbol": "99-CTr/BCĐ"})
    assert response.status_code == 200
    assert "đã khóa sổ" in response.content.decode()
    programme.refresh_from_db()
    assert (programme.title, programme.number_symbol) == (title, number)
    assert programme.history.count() == 2  # created, closed: no third record
