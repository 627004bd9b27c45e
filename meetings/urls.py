from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_edit, name="meeting_new"),
    path("meetings/<id:meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<id:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<id:meeting_id>/agenda/", views.meeting_agenda_add, name="meeting_agenda_add"),
    path("agenda/<id:item_id>/", views.agenda_item_edit, name="agenda_item_edit"),
    path("agenda/<id:item_id>/remove/", views.agenda_item_remove, name="agenda_item_remove"),
    path("agenda/<id:item_id>/move/", views.agenda_item_reorder, name="agenda_item_move"),
    path("meetings/<id:meeting_id>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("meetings/<id:meeting_id>/follow-ups/", views.meeting_follow_up_add, name="meeting_follow_up_add"),
    path("meetings/<id:meeting_id>/print/", views.meeting_print, name="meeting_print"),
    path("follow-ups/<id:follow_up_id>/status/", views.follow_up_status, name="follow_up_status"),
]
