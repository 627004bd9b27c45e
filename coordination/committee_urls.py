from django.urls import path

from coordination import committee, units

app_name = "coordination"

urlpatterns = [
    path("", committee.committee_detail, name="committee"),
    path("members/new/", committee.member_edit, name="member_new"),
    path("members/<id:member_id>/", committee.member_edit, name="member_edit"),
    path("units/", units.unit_tree, name="units"),
]
