"""A database outage: pages and the API answer 503 with Retry-After, and the same running
server recovers by itself when the database is back.

The server is a real process (runserver, test settings, persistent connections) on a
PostgreSQL database of its own. The outage is made the way an operator would see one
without stopping the machine's server, which others share: the database stops accepting
connections (ALLOW_CONNECTIONS false) and its open connections are terminated.

The server's database is copied from a template kept on the server between runs (migrated,
reference data loaded), named after the contents of the migrations, the reference data and
pyproject.toml: `migrate` and `loaddata` in a new process cost about 10 s of CPU, a copy a
fraction of a second. A run whose contents differ builds its own and drops the others.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from pmroles.middleware.database import server_error
from tests.database_image import contents_key, kept_template

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get("PMROLES_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")


def _admin_connection():
    import psycopg2

    try:
        connection = psycopg2.connect(POSTGRES, connect_timeout=3)
    except psycopg2.OperationalError as exc:
        pytest.skip(f"no PostgreSQL server reachable at {POSTGRES} ({exc.__class__.__name__})")
    connection.autocommit = True
    return connection


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url):
    """(status, headers, body) without raising on 4xx/5xx."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


TEMPLATE_PREFIX = "pmroles_outage_template_"


def _template(admin, env: dict) -> str:
    """The template database for these contents (tests/database_image.kept_template)."""

    def build(building: str) -> None:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{building}"')
        url = POSTGRES.rsplit("/", 1)[0] + "/" + building
        # Migrate and load the reference data in one process (a Django start each costs CPU).
        load = "from django.core.management import call_command as c; "
        load += "c('migrate', verbosity=0); c('loaddata', 'reference', verbosity=0)"
        manage = [sys.executable, "manage.py", "shell", "-c", load]
        subprocess.run(manage, cwd=ROOT, env={**env, "DATABASE_URL": url}, check=True)

    key = contents_key("fixtures/reference.*")
    return kept_template(admin, prefix=TEMPLATE_PREFIX, key=key, build=build)


@pytest.fixture
def outage_server():
    """A running server on a fresh PostgreSQL database; yields (base url, set_available)."""
    admin = _admin_connection()
    name = f"pmroles_outage_{os.getpid()}"
    url = POSTGRES.rsplit("/", 1)[0] + "/" + name
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pmroles.settings.test",
        "DATABASE_URL": url,
        "DB_CONN_MAX_AGE": "60",  # a kept connection must be dropped and replaced, too
        "DATABASE_RETRY_AFTER": "17",
    }
    template = _template(admin, env)
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    manage = [sys.executable, "manage.py"]
    port = _free_port()
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"

    def set_available(available):
        with admin.cursor() as cursor:
            cursor.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(available).lower()}')
            if not available:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                    [name],
                )

    try:
        for _ in range(100):
            try:
                _get(base + "/")
                break
            except OSError:
                time.sleep(0.2)
        yield base, set_available
    finally:
        server.terminate()
        server.wait(timeout=10)
        with admin.cursor() as cursor:
            cursor.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_pages_and_api_answer_503_while_the_database_is_down_and_recover(outage_server):
    """GIVEN a running server whose pages and API answer 200
    WHEN the database becomes unreachable, then reachable again
    THEN meanwhile pages answer an HTML 503 and the API a JSON 503, both with Retry-After;
    afterwards the same process answers 200 again, without a restart
    """
    base, set_available = outage_server
    page, api = base + "/roles/product-owner/", base + "/api/v1/roles/"
    assert _get(page)[0] == 200 and _get(api)[0] == 200

    set_available(False)
    # Addresses not asked before: an answer stored at the current data version (web and api
    # conditional reads) may still be served from the cache while the database is down.
    # (The API's lists refuse parameters they do not take: `page=1` is a new address.)
    page, api = page + "?during=outage", api + "?page=1"
    try:
        for url in (page, page, api, base + "/matrix/"):
            status, headers, body = _get(url)
            assert status == 503, (url, body[:300])
            assert headers["Retry-After"] == "17"
        status, headers, body = _get(api)
        assert headers["Content-Type"] == "application/json"
        assert "database is unavailable" in json.loads(body)["detail"]
        status, headers, body = _get(page)
        assert headers["Content-Type"].startswith("text/html")
        assert "try again in 17 seconds" in body
    finally:
        set_available(True)

    # The same process, no restart: the next requests open a new connection.
    assert _get(page)[0] == 200
    status, _, body = _get(api)
    assert status == 200 and json.loads(body)["count"] >= 4


def test_a_database_error_outside_a_view_is_a_503_too():
    """Django hands exceptions raised in middleware to handler500; it recognises them."""
    request = RequestFactory().get("/api/v1/roles/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert json.loads(response.content)["detail"].startswith("The database is unavailable")
