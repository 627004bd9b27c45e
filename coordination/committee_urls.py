from django.urls import path

from coordination import committee, meetings, units

app_name = "coordination"

urlpatterns = [
    path("", committee.committee_detail, name="committee"),
    path("members/new/", committee.member_edit, name="member_new"),
    path("members/<id:member_id>/", committee.member_edit, name="member_edit"),
    path("units/", units.unit_tree, name="units"),
    path("units/<id:unit_id>/", units.unit_detail, name="unit"),
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/new/", meetings.meeting_edit, name="meeting_new"),
    path("meetings/<id:meeting_id>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<id:meeting_id>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<id:meeting_id>/agenda/", meetings.meeting_agenda_add, name="meeting_agenda_add"),
    path("meetings/<id:meeting_id>/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path("meetings/<id:meeting_id>/follow-ups/", meetings.meeting_follow_up_add, name="meeting_follow_up_add"),
    path("meetings/<id:meeting_id>/print/", meetings.meeting_print, name="meeting_print"),
    path("follow-ups/<id:follow_up_id>/status/", meetings.follow_up_status, name="follow_up_status"),
]
