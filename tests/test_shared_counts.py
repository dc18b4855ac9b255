"""API throttle counters live in a cache every process shares: the database cache table, or
Redis when REDIS_URL is set. Two separate cache clients see one count."""

import os
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from api.throttles import AnonThrottle, counted
from pmroles.cache import CountingDatabaseCache
from pmroles.settings.base import CACHE_TABLE
from tests.test_serving_settings import _settings

DATABASE_THROTTLE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {"BACKEND": "pmroles.cache.CountingDatabaseCache", "LOCATION": CACHE_TABLE},
}


class _Bound(AnonThrottle):
    """The project's throttle as one process would run it, with its own cache client."""

    def __init__(self, client):
        super().__init__()
        self.cache = client  # in place of caches["throttle"], which __init__ reads


@pytest.fixture
def cache_table(db):
    """The table `manage.py createcachetable` makes in production (test settings have none)."""
    from django.core.management import call_command

    with override_settings(CACHES=DATABASE_THROTTLE):
        call_command("createcachetable", verbosity=0)


def _allowed(throttles, requests):
    request = Request(APIRequestFactory().get("/api/v1/areas/", REMOTE_ADDR="203.0.113.9"))
    return [throttles[n % len(throttles)].allow_request(request, None) for n in range(requests)]


@override_settings(REST_FRAMEWORK={"DEFAULT_THROTTLE_RATES": {"anon": "3/minute"}})
def test_two_database_cache_clients_share_one_count(cache_table):
    first, second = CountingDatabaseCache(CACHE_TABLE, {}), CountingDatabaseCache(CACHE_TABLE, {})
    assert _allowed([_Bound(first), _Bound(second)], 4) == [True, True, True, False]


def _redis_url():
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3")
    probe = RedisCache(url, {})
    try:
        probe.get("ping")
    except Exception as exc:  # noqa: BLE001  # any failure to reach Redis means: no server here
        pytest.skip(f"no Redis server reachable at {url} ({exc.__class__.__name__})")
    return url


@override_settings(REST_FRAMEWORK={"DEFAULT_THROTTLE_RATES": {"anon": "3/minute"}})
def test_two_redis_clients_share_one_count():
    url, prefix = _redis_url(), f"pmroles-test-{uuid.uuid4().hex}"
    first = RedisCache(url, {"KEY_PREFIX": prefix})
    second = RedisCache(url, {"KEY_PREFIX": prefix})
    try:
        assert _allowed([_Bound(first), _Bound(second)], 4) == [True, True, True, False]
    finally:
        first.clear()


def test_the_api_counts_in_the_throttle_cache_that_another_client_reads(cache_table, client):
    rates = {"anon": "3/minute", "user": "3/minute"}
    with override_settings(
        CACHES=DATABASE_THROTTLE, REST_FRAMEWORK={"DEFAULT_THROTTLE_RATES": rates}
    ):
        codes = [client.get("/api/v1/areas/").status_code for _ in range(4)]
        other_process = CountingDatabaseCache(CACHE_TABLE, {})
        count = counted(other_process, "throttle_anon_127.0.0.1")
    assert codes == [200, 200, 200, 429]
    assert count == 3


def test_production_throttle_cache_is_the_database_or_redis():
    local = _settings("pmroles.settings.prod")["caches"]
    assert local["throttle"] == {
        "BACKEND": "pmroles.cache.CountingDatabaseCache",
        "LOCATION": CACHE_TABLE,
    }
    url = "redis://127.0.0.1:6379/3"
    shared = _settings("pmroles.settings.prod", REDIS_URL=url)["caches"]["throttle"]
    assert shared["BACKEND"] == "pmroles.cache.TolerantRedisCache"
    assert shared["LOCATION"] == url and shared["KEY_PREFIX"] == "pmroles-throttle"


@pytest.mark.django_db
def test_migrate_makes_the_throttle_cache_table():
    from django.core.management import call_command
    from django.db import connection

    with override_settings(CACHES=DATABASE_THROTTLE):
        assert CACHE_TABLE not in connection.introspection.table_names()
        call_command("migrate", verbosity=0)
        assert CACHE_TABLE in connection.introspection.table_names()
