from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from coordination import health, views
from coordination.fields import IdConverter
from coordination.forms import LoginForm

register_converter(IdConverter, "id")

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", health.health, name="health"),
    path("c/<slug:committee>/", views.committee_home, name="committee_home"),
    path("c/<slug:committee>/activities/", include("activities.urls")),
    path("c/<slug:committee>/programme/", include("programmes.urls")),
    path("c/<slug:committee>/committee/", include("coordination.committee_urls")),
    path("c/<slug:committee>/", include("reports.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views.PasswordChange.as_view(), name="password_change"),
    path("admin/", admin.site.urls),
]
