from django.urls import path

from overview import views

app_name = "overview"

urlpatterns = [
    path("units/<id:unit_id>/", views.unit_detail, name="unit"),
]
