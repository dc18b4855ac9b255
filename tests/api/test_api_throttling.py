"""Throttles answer 429 with Retry-After; a forged X-Forwarded-For does not reset them."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

pytestmark = pytest.mark.django_db


def _rates(anon="3/minute", user="5/minute", proxies=0):
    return override_settings(
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user},
            "NUM_PROXIES": proxies,
        }
    )


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_anonymous_clients_get_429_with_retry_after(api_client, reference_map):
    with _rates():
        codes = [api_client.get("/api/v1/areas/").status_code for _ in range(4)]
        response = api_client.get("/api/v1/matrix/")
    assert codes == [200, 200, 200, 429]
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"]


def test_forged_x_forwarded_for_does_not_reset_the_limit(api_client, reference_map):
    with _rates():
        codes = [
            api_client.get("/api/v1/areas/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
            for n in range(5)
        ]
    assert codes == [200, 200, 200, 429, 429]


def test_behind_one_proxy_the_forwarded_client_is_counted(api_client, reference_map):
    with _rates(proxies=1):
        first = [
            api_client.get("/api/v1/areas/", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code
            for _ in range(4)
        ]
        other = api_client.get("/api/v1/areas/", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert first == [200, 200, 200, 429]
    assert other.status_code == 200


def test_authenticated_clients_have_their_own_rate(editor_client, reference_map):
    with _rates(anon="1/minute", user="3/minute"):
        codes = [editor_client.get("/api/v1/areas/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_rates_and_proxies_come_from_the_environment():
    code = (
        "import django; from django.conf import settings; django.setup();"
        "rf = settings.REST_FRAMEWORK;"
        "print(rf['NUM_PROXIES'], rf['DEFAULT_THROTTLE_RATES']['anon'])"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pmroles.settings.dev"}
    env.pop("NUM_PROXIES", None)
    default = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert default.stdout.split()[0] == "0", default.stderr
    env.update(NUM_PROXIES="2", API_THROTTLE_ANON="7/minute")
    custom = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert custom.stdout.split() == ["2", "7/minute"], custom.stderr
