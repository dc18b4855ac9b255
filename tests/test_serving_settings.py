"""Serving defaults: persistent connections, cache, gzip, gunicorn, the benchmark settings."""

import gzip
import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from tests.world_scale import build_dataset

ROOT = Path(__file__).resolve().parent.parent


def _settings(module="pmroles.settings.prod", **env):
    """Selected values of a settings module imported in a clean process with this environment."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "REDIS_URL", "DB_CONN_MAX_AGE", "DATABASE_URL"}
    }
    clean.update(SECRET_KEY="x" * 60, **env)
    code = (
        "import importlib, json, sys; s = importlib.import_module(sys.argv[1]); "
        "print(json.dumps({'db': {k: s.DATABASES['default'].get(k) for k in "
        "('CONN_MAX_AGE', 'CONN_HEALTH_CHECKS')}, 'caches': s.CACHES, "
        "'middleware': s.MIDDLEWARE, 'root': s.ROOT_URLCONF, 'hosts': s.ALLOWED_HOSTS, "
        "'ssl': getattr(s, 'SECURE_SSL_REDIRECT', None), 'map': s.PMROLES_DEFAULT_MAP, "
        "'rates': s.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, module], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_keeps_connections_with_health_checks():
    values = _settings()
    assert values["db"] == {"CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}
    assert _settings(DB_CONN_MAX_AGE="0")["db"]["CONN_MAX_AGE"] == 0


def test_cache_is_redis_when_redis_url_is_set_and_local_memory_otherwise():
    local = _settings("pmroles.settings.base")["caches"]["default"]
    assert local["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    url = "redis://127.0.0.1:6379/3"
    shared = _settings("pmroles.settings.prod", REDIS_URL=url)["caches"]["default"]
    assert shared["BACKEND"] == "pmroles.cache.TolerantRedisCache"
    assert shared["LOCATION"] == url


def test_gzip_sits_after_whitenoise_and_before_everything_that_writes_bodies():
    middleware = _settings()["middleware"]
    gzip_at = middleware.index("pmroles.middleware.gzip.GZipMiddleware")
    assert middleware[gzip_at - 1] == "whitenoise.middleware.WhiteNoiseMiddleware"
    assert middleware.index("django.middleware.security.SecurityMiddleware") < gzip_at


@pytest.mark.django_db
def test_html_and_json_are_compressed_and_a_conditional_get_still_answers_304(
    client, reference_map, settings
):
    settings.MIDDLEWARE = _settings()["middleware"]  # production's, with gzip
    build_dataset(1)
    page = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert page["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(page.content)
    api = client.get("/api/v1/roles/", HTTP_ACCEPT_ENCODING="gzip")
    assert api["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(api.content))["results"]
    # Compression makes the tag weak (W/"…"); the API compares tags weakly, so it still matches.
    assert api["ETag"].startswith('W/"')
    again = client.get(
        "/api/v1/roles/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=api["ETag"]
    )
    assert again.status_code == 304
    plain = client.get("/api/v1/roles/")
    assert not plain.has_header("Content-Encoding")


@pytest.mark.django_db
def test_a_streamed_csv_is_compressed_piece_by_piece_and_a_workbook_not_at_all(
    client, reference_map, settings
):
    """GIVEN production's middleware and a client that accepts gzip
    WHEN the whole matrix is downloaded as CSV, then as XLSX
    THEN the CSV streams gzip that reads back as the plain download (a weak tag on the API's),
    and the workbook, a zip already, is sent as it is."""
    settings.MIDDLEWARE = _settings()["middleware"]
    build_dataset(1)
    plain = b"".join(client.get("/matrix/?format=csv").streaming_content)
    packed = client.get("/matrix/?format=csv", HTTP_ACCEPT_ENCODING="gzip")
    assert packed.streaming and packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(b"".join(packed.streaming_content)) == plain
    api = client.get("/api/v1/matrix/?format=csv", HTTP_ACCEPT_ENCODING="gzip")
    assert api["Content-Encoding"] == "gzip" and api["ETag"].startswith('W/"')
    assert gzip.decompress(b"".join(api.streaming_content)) == plain
    workbook = client.get("/matrix/?format=xlsx", HTTP_ACCEPT_ENCODING="gzip")
    assert not workbook.has_header("Content-Encoding")
    assert b"".join(workbook.streaming_content).startswith(b"PK")


def test_gunicorn_config_reads_the_environment(monkeypatch):
    for name in ("WEB_CONCURRENCY", "GUNICORN_BIND", "GUNICORN_ACCESSLOG", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["workers"] == max(2, os.cpu_count() + 1)
    assert config["max_requests"] > 0 and config["max_requests_jitter"] > 0
    assert config["timeout"] == 30 and config["bind"] == "127.0.0.1:8000"
    assert "%(D)s" in config["access_log_format"] and config["accesslog"] == "-"
    assert config["control_socket_disable"] is True
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:8131")
    monkeypatch.setenv("GUNICORN_ACCESSLOG", "")
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (config["workers"], config["bind"], config["accesslog"]) == (3, "127.0.0.1:8131", None)


def test_bench_settings_extend_production_for_loopback():
    values = _settings("pmroles.settings.bench")
    assert values["root"] == "pmroles.bench_urls" and values["ssl"] is False
    assert values["hosts"] == ["127.0.0.1", "localhost"] and values["map"] == "generated"
    assert values["db"]["CONN_MAX_AGE"] == 60
    assert values["middleware"][0] == "pmroles.benchtools.QueryCountMiddleware"
    assert values["rates"] == {"anon": None, "user": None}


@pytest.mark.django_db
def test_no_rate_means_no_throttling_as_in_the_bench(reference_map):
    from rest_framework.test import APIClient

    def codes(anon_rate):
        rates = {"anon": anon_rate, "user": None}
        rest = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
        with override_settings(REST_FRAMEWORK=rest):
            client = APIClient()
            return {client.get(f"/api/v1/areas/?page_size={n}").status_code for n in range(1, 6)}

    assert 429 in codes("2/minute")
    assert codes(None) == {200}


@pytest.mark.django_db
@override_settings(
    ROOT_URLCONF="pmroles.bench_urls",
    MIDDLEWARE=["pmroles.benchtools.QueryCountMiddleware", *settings.MIDDLEWARE],
)
def test_bench_bare_view_and_query_counter(client, reference_map):
    bare = client.get("/bench/bare/")
    assert bare.status_code == 200 and bare.content == b"ok"
    assert not bare.has_header("X-Bench-Queries")
    counted = client.get("/api/v1/roles/", HTTP_X_BENCH_QUERIES="1")
    assert int(counted["X-Bench-Queries"]) >= 1
