from django.urls import path

from programmes import planning, views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_detail, name="detail"),
    path("<int:year>/", views.programme_detail, name="detail_year"),
    path("<int:year>/status/", views.programme_status, name="status"),
    path("<int:year>/copy/", views.programme_copy, name="copy"),
    path("<int:year>/edit/", planning.programme_edit, name="edit"),
    path("<int:year>/tasks/new/", planning.task_edit, name="task_new"),
    path("<int:year>/tasks/<int:task_id>/", planning.task_edit, name="task_edit"),
    path("<int:year>/tasks/<int:task_id>/progress/", planning.task_progress, name="task_progress"),
    path("<int:year>/targets/new/", planning.target_edit, name="target_new"),
    path("<int:year>/targets/<int:target_id>/", planning.target_edit, name="target_edit"),
]
