import pytest
from django.urls import reverse

from coordination.audit import MAX_PER_USERNAME, unlock
from coordination.models import AuditEvent


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_repeated_failures_lock_the_account_with_a_vietnamese_message(client, secretary):
    for _ in range(MAX_PER_USERNAME):
        _login(client, "secretary", "sai-mat-khau")
    response = _login(client, "secretary", "pw-for-tests-2026")  # even the right password now
    assert response.status_code == 200
    assert "tài khoản tạm khóa 15 phút" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The refused attempt is in the log too: every attempt is counted before its password is checked.
    assert AuditEvent.objects.filter(kind="login_failed", username="secretary").count() == MAX_PER_USERNAME + 1


def test_the_administrator_unlocks_an_account(client, secretary):
    for _ in range(MAX_PER_USERNAME):
        _login(client, "secretary", "sai")
    assert unlock("secretary") == MAX_PER_USERNAME
    response = _login(client, "secretary", "pw-for-tests-2026")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(secretary.pk)


def test_other_accounts_are_not_locked_by_one_users_failures(client, secretary, chair):
    for _ in range(MAX_PER_USERNAME):
        _login(client, "secretary", "sai")
    assert _login(client, "chair", "pw-for-tests-2026").status_code == 302


def test_logins_exports_and_downloads_are_audited(client, secretary, committee, programme):
    _login(client, "secretary", "pw-for-tests-2026")
    client.get(reverse("activities:export_csv", kwargs={"committee": committee.slug}), {"year": 2023})
    kinds = list(AuditEvent.objects.order_by("at").values_list("kind", "username"))
    assert kinds == [("login", "secretary"), ("export", "secretary")]


@pytest.mark.parametrize("path", ["/admin/coordination/auditevent/"])
def test_the_audit_log_is_in_the_admin(client, administrator, path):
    client.force_login(administrator)
    assert client.get(path).status_code == 200


def test_behind_a_trusted_proxy_the_client_address_is_the_forwarded_one(rf, settings):
    from coordination.audit import client_address

    request = rf.get("/", HTTP_X_FORWARDED_FOR="10.1.2.3, 192.0.2.7", REMOTE_ADDR="127.0.0.1")
    settings.TRUST_X_FORWARDED_FOR = False
    assert client_address(request) == "127.0.0.1"
    settings.TRUST_X_FORWARDED_FOR = True
    assert client_address(request) == "192.0.2.7"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_wrong_passwords_cannot_pass_the_limit(secretary):
    """30 logins at once with wrong passwords: at most MAX_PER_USERNAME of
    them get their password checked."""
    import threading
    from unittest import mock

    from django.contrib.auth.backends import ModelBackend
    from django.db import connection
    from django.test import Client

    checked = []
    real = ModelBackend.authenticate

    def counting(self, request, username=None, password=None, **kwargs):
        checked.append(username)
        return real(self, request, username=username, password=password, **kwargs)

    barrier = threading.Barrier(30)

    def attempt():
        try:
            barrier.wait(timeout=20)
            Client().post(reverse("login"), {"username": "secretary", "password": "sai-mat-khau"})
        finally:
            connection.close()

    with mock.patch.object(ModelBackend, "authenticate", counting):
        threads = [threading.Thread(target=attempt) for _ in range(30)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    assert 0 < len(checked) <= MAX_PER_USERNAME
    assert AuditEvent.objects.filter(kind="login_failed", username="secretary").count() == 30


def test_wrong_current_passwords_on_the_password_page_lock_the_account(client, secretary):
    client.force_login(secretary)
    for _ in range(MAX_PER_USERNAME):
        client.post(
            reverse("password_change"),
            {"old_password": "sai", "new_password1": "Mot-mat-khau-moi-2026", "new_password2": "Mot-mat-khau-moi-2026"},
        )
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pw-for-tests-2026",
            "new_password1": "Mot-mat-khau-moi-2026",
            "new_password2": "Mot-mat-khau-moi-2026",
        },
    )
    assert "tài khoản tạm khóa 15 phút" in response.content.decode()
    secretary.refresh_from_db()
    assert secretary.check_password("pw-for-tests-2026")
