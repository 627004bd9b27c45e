from django.urls import path

from programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_detail, name="detail"),
    path("<int:year>/", views.programme_detail, name="detail_year"),
    path("<int:year>/status/", views.programme_status, name="status"),
    path("<int:year>/copy/", views.programme_copy, name="copy"),
]
