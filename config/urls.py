from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from coordination import views
from coordination.forms import LoginForm
from kit import health
from kit.fields import IdConverter
from overview import views as overview

register_converter(IdConverter, "id")

urlpatterns = [
    path("", overview.home, name="home"),
    path("health/", health.health, name="health"),
    path("reminders/", overview.reminder_choice, name="reminder_choice"),
    path("c/<slug:committee>/", overview.committee_home, name="committee_home"),
    path("c/<slug:committee>/activities/", include("activities.urls")),
    path("c/<slug:committee>/programme/", include("programmes.urls")),
    path("c/<slug:committee>/committee/", include("coordination.committee_urls")),
    path("c/<slug:committee>/committee/", include("meetings.urls")),
    path("c/<slug:committee>/committee/", include("overview.urls")),
    path("c/<slug:committee>/emulation/", include("emulation.urls")),
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
