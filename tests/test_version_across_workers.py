"""One data version for every worker: a write through one server process is seen by
another on its very next request, without Redis.

Two real server processes (runserver, test settings, each with its own local-memory cache)
share one SQLite database file, as two gunicorn workers share one database. Each has stored
the anonymous answers before the write; the version rows live in the database and are read
on every request (responsibilities.versioning), so the other process cannot serve its
stored answer after the write.
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

ROOT = Path(__file__).resolve().parent.parent

# Migrate (nothing to do on a copy of the migrated test database), build the sample, make
# the editor and print its token: one process, not three (a Django start costs CPU).
SETUP = """
from django.contrib.auth.models import Permission
from django.core.management import call_command
from api.tokens import issue
from tests.factories import UserFactory
from tests.world import build_sample
call_command("migrate", verbosity=0)
build_sample()
user = UserFactory(username="editor")
user.user_permissions.set(
    Permission.objects.filter(content_type__app_label__in=["roles", "responsibilities"])
)
print(issue(user))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(url, *, method="GET", headers=None, body=None):
    """(status, headers, body) without raising on 4xx/5xx."""
    request = urllib.request.Request(url, method=method, headers=headers or {}, data=body)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@pytest.fixture
def two_workers(migrated_sqlite_file):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pmroles.settings.test",
        "DATABASE_URL": f"sqlite:///{migrated_sqlite_file}",
    }
    env.pop("REDIS_URL", None)  # the point: no shared cache
    manage = [sys.executable, "manage.py"]
    token = (
        subprocess.run(
            [*manage, "shell", "-c", SETUP],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    servers, bases = [], []
    try:
        for _ in range(2):
            port = _free_port()
            servers.append(
                subprocess.Popen(
                    [*manage, "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            bases.append(f"http://127.0.0.1:{port}")
        for base in bases:
            for _ in range(150):
                try:
                    _request(base + "/method/")
                    break
                except OSError:
                    time.sleep(0.2)
        yield bases, token
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


def test_a_write_through_one_worker_is_read_through_the_other_at_once(two_workers):
    """GIVEN two server processes that have each stored the anonymous answers (page, API)
    WHEN an editor renames a role through the first
    THEN the second's next page and API answers show the new name (no stale stored answer)
    """
    (writer, reader), token = two_workers
    page, api = "/roles/product-owner/", "/api/v1/roles/product-owner/"
    for base in (writer, reader):
        for url in (page, api, page, api):  # the second read of each is the stored answer
            status, _, body = _request(base + url)
            assert status == 200 and "Product Owner" in body

    auth = {"Authorization": f"Token {token}"}
    status, headers, _ = _request(writer + api, headers=auth)
    assert status == 200
    status, _, body = _request(
        writer + api,
        method="PATCH",
        headers={**auth, "Content-Type": "application/json", "If-Match": headers["ETag"]},
        body=json.dumps({"name": "Renamed Owner"}).encode(),
    )
    assert status == 200, body

    status, _, body = _request(reader + page)
    assert status == 200 and "Renamed Owner" in body
    status, _, body = _request(reader + api)
    assert status == 200 and json.loads(body)["name"] == "Renamed Owner"
