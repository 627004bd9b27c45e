import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from coordination.permissions import get_access
from devtools.factories import ActivityFactory

MODELS = [m for m in admin.site._registry]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_admin_changelist_and_add_page_load_for_every_model(model, client, administrator, programme, units):
    ActivityFactory(programme=programme, lead_unit=units["district"])
    client.force_login(administrator)
    info = model._meta.app_label, model._meta.model_name
    assert client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    add = client.get(reverse("admin:{}_{}_add".format(*info)))
    request = add.wsgi_request
    expected = 200 if admin.site._registry[model].has_add_permission(request) else 403  # the audit log is read-only
    assert add.status_code == expected


def test_admin_shows_history_of_an_activity(client, administrator, programme, units):
    activity = ActivityFactory(programme=programme, lead_unit=units["district"], funding_state=1000)
    activity.funding_state = 5000
    activity.save()
    client.force_login(administrator)
    response = client.get(reverse("admin:activities_activity_history", args=[activity.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("<tr") >= 3  # header + two versions


@pytest.mark.parametrize("role", ["secretary", "standing_office", "chair", "staff"])
def test_committee_roles_are_not_let_into_django_admin(role, request, client):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_right_the_role_lacks_is_a_403(secretary, committee):
    access = get_access(secretary, committee.slug)
    with pytest.raises(PermissionDenied):
        access.require("review_activities")
    access.require("enter_activities")
