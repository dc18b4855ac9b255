"""An overlong request line is a 414 from Django, JSON under /api/, with the security headers.

gunicorn answered a line over 8 KB itself with a bare HTML 414 without any security header,
under /api/ too (issue 17, finding 10). Its limit is lifted in gunicorn.conf.py; Django
refuses lines above PMROLES_MAX_REQUEST_LINE (pmroles.errors). The first test drives a real
gunicorn with the project's configuration.
"""

import json
import os
import runpy
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Permissions-Policy")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _raw_get(port: int, target: str) -> tuple[int, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {target} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines)}
    return int(status_line.split()[1]), headers, body


@pytest.fixture
def gunicorn_server(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pmroles.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_ACCESSLOG": "",
    }
    env.pop("GUNICORN_LIMIT_REQUEST_LINE", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "pmroles.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(150):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.mark.parametrize("length", [9_000, 20_000])
def test_gunicorn_lets_django_answer_an_overlong_api_address(gunicorn_server, length):
    target = "/api/v1/roles/?search=" + "x" * length
    status, headers, body = _raw_get(gunicorn_server, target)
    assert status == 414
    assert headers["content-type"] == "application/json"
    assert "longer than the 8190 characters" in json.loads(body)["detail"]
    assert all(name.lower() in headers for name in SECURITY_HEADERS), headers


def test_an_overlong_page_address_is_a_414_page(client, db):
    response = client.get("/search/", {"q": "x" * 9_000})
    assert response.status_code == 414
    assert response["Content-Type"].startswith("text/html")
    assert "longer than the 8190 characters" in response.content.decode()
    assert all(response.has_header(name) for name in SECURITY_HEADERS)


def test_an_address_within_the_limit_is_served(client, settings, db):
    settings.PMROLES_MAX_REQUEST_LINE = 200
    assert client.get("/api/v1/areas/", {"search": "x" * 100}).status_code == 200
    assert client.get("/api/v1/areas/", {"search": "x" * 200}).status_code == 414


def test_gunicorn_configuration_lifts_its_own_limit(monkeypatch):
    monkeypatch.delenv("GUNICORN_LIMIT_REQUEST_LINE", raising=False)
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["limit_request_line"] == 0
