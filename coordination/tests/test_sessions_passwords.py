"""Sessions end (after a working day, when the browser closes, on a password
change) and passwords follow the validators, refused in Vietnamese."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coordination.models import AuditEvent
from kit.tasks import clear_expired_sessions

OLD = "pw-for-tests-2026"


def test_a_session_past_its_expiry_is_sent_back_to_the_login_page(client, secretary):
    client.post(reverse("login"), {"username": "secretary", "password": OLD})
    assert client.get(reverse("home")).status_code == 302  # to the committee's home: logged in
    session = Session.objects.get()
    assert dt.timedelta(hours=7, minutes=59) < session.expire_date - timezone.now() <= dt.timedelta(hours=8)
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_session_cookie_ends_with_the_browser(client, secretary):
    response = client.post(reverse("login"), {"username": "secretary", "password": OLD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and not cookie["max-age"] and not cookie["expires"]


def test_expired_sessions_are_cleared_by_the_periodic_task(client, secretary, chair):
    Client().force_login(chair)
    client.force_login(secretary)
    Session.objects.filter(pk=client.session.session_key).update(expire_date=timezone.now() - dt.timedelta(hours=1))
    clear_expired_sessions()
    assert Session.objects.count() == 1 and not Session.objects.filter(pk=client.session.session_key).exists()


@pytest.mark.parametrize(
    "new, says",
    [
        ("Ngan1", "quá ngắn"),  # shorter than 10
        ("1234567890", "hoàn toàn là số"),  # digits only
        ("password123", "quá phổ biến"),  # on the common list
        ("secretary-2026", "quá giống"),  # like the username
    ],
)
def test_weak_new_passwords_are_refused_in_vietnamese(client, secretary, new, says, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client.force_login(secretary)
    response = client.post(
        reverse("password_change"), {"old_password": OLD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 200
    assert says in " ".join(response.context["form"].errors["new_password2"]).lower()
    secretary.refresh_from_db()
    assert secretary.check_password(OLD)


def test_a_wrong_old_password_is_refused(client, secretary):
    client.force_login(secretary)
    new = "Dan-van-kheo-2026"
    response = client.post(
        reverse("password_change"), {"old_password": "sai", "new_password1": new, "new_password2": new}
    )
    assert "không chính xác" in " ".join(response.context["form"].errors["old_password"])
    secretary.refresh_from_db()
    assert secretary.check_password(OLD)


def test_changing_the_password_keeps_this_session_ends_the_others_and_is_audited(client, secretary):
    elsewhere = Client()
    elsewhere.force_login(secretary)
    client.force_login(secretary)
    assert "Đổi mật khẩu" in client.get(reverse("password_change")).content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": OLD, "new_password1": "Dan-van-kheo-2026", "new_password2": "Dan-van-kheo-2026"},
        follow=True,
    )
    assert "Mật khẩu của đồng chí đã được đổi" in response.content.decode()
    secretary.refresh_from_db()
    assert secretary.check_password("Dan-van-kheo-2026")
    assert client.get(reverse("home")).status_code == 302 and "_auth_user_id" in client.session
    assert elsewhere.get(reverse("home"))["Location"].startswith(reverse("login"))
    assert AuditEvent.objects.filter(kind="password_changed", user=secretary).count() == 1
