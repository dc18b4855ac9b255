"""The admin login locks an account out (for this address) after repeated failures
(django-axes); the ordinary login keeps working."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture
def staff(db):
    return UserFactory(username="ana", is_staff=True, is_superuser=True)


def _login(client, username, password, **extra):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        **extra,
    )


def test_the_right_password_logs_in(client, staff):
    response = _login(client, "ana", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, staff):
    limit = settings.AXES_FAILURE_LIMIT
    codes = [_login(client, "ana", "wrong").status_code for _ in range(limit - 1)]
    assert codes == [200] * (limit - 1)  # the form again, with an error
    locked = _login(client, "ana", "wrong")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()

    after = _login(client, "ana", PASSWORD)
    assert after.status_code == 429
    assert client.get("/admin/").status_code == 302  # not logged in

    # A forged X-Forwarded-For is not a new address (no proxy is trusted by default).
    assert _login(client, "ana", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429


def test_a_lockout_is_for_that_account_only(client, staff):
    UserFactory(username="ben", is_staff=True, is_superuser=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "ana", "wrong")
    assert _login(client, "ben", PASSWORD).status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "ana", "wrong")
    assert _login(client, "ana", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "ana", "wrong")
    assert _login(client, "ana", PASSWORD).status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(client, staff):
    from django.test import override_settings

    attacker, colleague = "198.51.100.7", "203.0.113.5"
    with override_settings(NUM_PROXIES=1):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _login(client, "ana", "wrong", HTTP_X_FORWARDED_FOR=attacker)
        assert _login(client, "ana", PASSWORD, HTTP_X_FORWARDED_FOR=attacker).status_code == 429
        assert _login(client, "ana", PASSWORD, HTTP_X_FORWARDED_FOR=colleague).status_code == 302
