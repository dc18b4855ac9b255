"""Redis stopped under load: pages and API reads answered, writes succeed, 0 × 500.

With Redis stopped the stored answers, the data version's copy and the throttle counters
were unreachable and every request was a 500 (issue 17, finding 2: 241 × 500 in 10 s).
The test starts its own redis-server on a free port, points both caches at it, sends a mix
of page reads, API reads and API writes, kills Redis halfway and keeps going.
"""

import shutil
import socket
import subprocess
import time
from collections import Counter

import pytest
from rest_framework.test import APIClient

from responsibilities.models import Area

pytestmark = pytest.mark.django_db

REDIS_SERVER = shutil.which("redis-server")
KILLED_AFTER = 4  # rounds


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url():
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    port = _free_port()
    server = subprocess.Popen(
        [
            REDIS_SERVER,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0", server
    finally:
        server.kill()
        server.wait()


@pytest.fixture
def redis_caches(settings, redis_url):
    url, server = redis_url
    settings.CACHES = {
        alias: {
            "BACKEND": "pmroles.cache.TolerantRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"outage-{alias}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
        for alias in ("default", "throttle")
    }
    return server


def test_pages_reads_and_writes_answer_with_redis_killed_halfway(redis_caches, sample, editor):
    """GIVEN both caches on a real Redis, the sample world and an editor
    WHEN 12 rounds of page reads, API reads (anonymous, with and without If-None-Match),
    health checks and API writes (a PATCH with the ETag read, a POST) run, and Redis is
    killed after round 4
    THEN no answer is a 500; every write answered 2xx is in the database; /health/ says
    200 before the kill and 503 with the cache named after it."""
    anonymous = APIClient()
    writer = APIClient()
    writer.credentials(HTTP_AUTHORIZATION=f"Token {editor.token.key}")
    statuses: Counter = Counter()
    health: list[tuple[int, str]] = []
    created = []
    for round_ in range(12):
        if round_ == KILLED_AFTER:
            redis_caches.kill()
            redis_caches.wait()
        for url in ("/", "/roles/product-manager/", "/matrix/", "/api/v1/roles/"):
            response = anonymous.get(url)
            statuses[response.status_code] += 1
            etag = response.get("ETag")
            if etag:
                statuses[anonymous.get(url, HTTP_IF_NONE_MATCH=etag).status_code] += 1
        area_url = "/api/v1/areas/strategy/"
        etag = writer.get(area_url)["ETag"]
        patched = writer.patch(
            area_url, {"description": f"Round {round_}."}, format="json", HTTP_IF_MATCH=etag
        )
        statuses[patched.status_code] += 1
        assert patched.status_code == 200, patched.content
        assert Area.objects.get(slug="strategy").description == f"Round {round_}."
        posted = writer.post(
            "/api/v1/areas/", {"slug": f"area-{round_}", "name": f"Area {round_}"}, format="json"
        )
        statuses[posted.status_code] += 1
        assert posted.status_code == 201, posted.content
        created.append(f"area-{round_}")
        checked = anonymous.get("/health/")
        health.append((checked.status_code, checked.json()["cache"]))

    assert not [code for code in statuses if code >= 500], statuses
    assert set(Area.objects.filter(slug__in=created).values_list("slug", flat=True)) == set(created)
    assert set(health[:KILLED_AFTER]) == {(200, "ok")}
    assert {status for status, _ in health[KILLED_AFTER:]} == {503}
    assert all(cache.startswith("unavailable") for _, cache in health[KILLED_AFTER:])


def test_health_is_200_with_everything_up(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok", "migrations": "ok"}


def test_one_client_per_pool_answers_again_once_redis_is_back(redis_caches, redis_url):
    """GIVEN the Redis cache, whose client is made once and kept (pmroles.cache) WHEN Redis
    stops and a new one starts on the same address THEN the same client answers again: a
    kept client borrows a connection from the pool per command and keeps none broken."""
    from django.core.cache import caches  # noqa: PLC0415  (after the settings change)

    cache = caches["default"]
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    cache.set("kept", 1)
    assert cache.get("kept") == 1
    redis_caches.kill()
    redis_caches.wait()
    assert cache.get("kept") is None  # a miss, not an error
    port = redis_url[0].rsplit(":", 1)[1].split("/")[0]
    again = subprocess.Popen(
        [REDIS_SERVER, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", int(port)), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        cache.set("kept", 2)
        assert cache.get("kept") == 2
        assert cache._cache.get_client() is client
    finally:
        again.kill()
        again.wait()
