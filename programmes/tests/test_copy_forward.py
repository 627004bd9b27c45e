import datetime as dt

from django.urls import reverse

from programmes.models import ActivityCategory, Programme, ProgrammeTask, Target


def test_next_years_programme_is_drafted_from_this_one(client, standing_office, committee, programme, units):
    from coordination.models import Unit

    programme.title = "Chương trình phối hợp công tác dân vận năm 2023"
    programme.save()
    renamed = Unit.objects.create(committee=committee, name="Ban CHPTKV 1", kind="military_command")
    units["district"].valid_to = dt.date(2023, 12, 31)
    units["district"].successor = renamed
    units["district"].save()
    task = ProgrammeTask.objects.create(
        programme=programme,
        order=1,
        title="Xây nhà đồng đội",
        lead_unit=units["district"],
        due_date=dt.date(2023, 12, 15),
        progress=80,
    )
    task.supporting_units.set([units["union"]])
    category = ActivityCategory.objects.get(code="nha-dong-doi")
    Target.objects.create(programme=programme, category=category, measure="houses_built", target_value=7)
    client.force_login(standing_office)
    response = client.post(reverse("programmes:copy", kwargs={"committee": committee.slug, "year": 2023}))
    new = Programme.objects.get(committee=committee, year=2024)
    assert response.status_code == 302 and response["Location"].endswith("/programme/2024/")
    assert new.status == "planning" and new.title == "Chương trình phối hợp công tác dân vận năm 2024"
    copied = new.tasks.get()
    assert (copied.title, copied.due_date, copied.progress) == ("Xây nhà đồng đội", dt.date(2024, 12, 15), 0)
    assert copied.lead_unit == renamed  # the unit as it is now
    assert list(copied.supporting_units.all()) == [units["union"]]
    assert new.targets.get().target_value == 7
    # Once the year exists it is not drafted again.
    client.post(reverse("programmes:copy", kwargs={"committee": committee.slug, "year": 2023}))
    assert Programme.objects.filter(committee=committee, year=2024).count() == 1


def test_only_the_standing_office_drafts_programmes(client, secretary, chair, committee, programme):
    url = reverse("programmes:copy", kwargs={"committee": committee.slug, "year": 2023})
    for user in (secretary, chair):
        client.force_login(user)
        assert client.post(url).status_code == 403
    assert not Programme.objects.filter(year=2024).exists()
