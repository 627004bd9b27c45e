from django.urls import path

from programmes import deadlines, planning, views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_detail, name="detail"),
    path("<id:year>/", views.programme_detail, name="detail_year"),
    path("<id:year>/status/", views.programme_status, name="status"),
    path("<id:year>/copy/", views.programme_copy, name="copy"),
    path("<id:year>/edit/", planning.programme_edit, name="edit"),
    path("<id:year>/tasks/new/", planning.task_edit, name="task_new"),
    path("<id:year>/tasks/<id:task_id>/", planning.task_edit, name="task_edit"),
    path("<id:year>/tasks/<id:task_id>/progress/", planning.task_progress, name="task_progress"),
    path("<id:year>/targets/new/", planning.target_edit, name="target_new"),
    path("<id:year>/periods/usual/", planning.periods_usual, name="periods_usual"),
    path("documents/<id:document>/targets/new/", planning.policy_target_edit, name="policy_target_new"),
    path("documents/<id:document>/targets/<id:target_id>/", planning.policy_target_edit, name="policy_target_edit"),
    path("<id:year>/periods/new/", planning.period_edit, name="period_new"),
    path("<id:year>/periods/<id:period_id>/", planning.period_edit, name="period_edit"),
    path("<id:year>/periods/<id:period_id>/lock/", planning.period_lock, name="period_lock"),
    path("<id:year>/periods/<id:period_id>/deadlines/new/", deadlines.obligation_new, name="obligation_new"),
    path("deadlines/<id:obligation_id>/", deadlines.unit_reports, name="unit_reports"),
    path("<id:year>/targets/<id:target_id>/", planning.target_edit, name="target_edit"),
]
