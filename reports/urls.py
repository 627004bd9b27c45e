from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.summary, name="summary"),
    path("period/<int:document>/", views.period, name="period"),
]
