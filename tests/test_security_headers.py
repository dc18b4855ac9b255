"""Security headers on every kind of response (page, API, 404, 500, static file), a strict
Content-Security-Policy that templates can keep, and production's HTTPS defaults."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


def _assert_security_headers(response):
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/", 200),
        ("/api/v1/areas/", 200),
        ("/no-such-page/", 404),
        ("/api/v1/no-such-thing/", 404),
        ("/static/css/site.css", 200),
        ("/admin/login/", 200),
    ],
)
def test_headers_on_pages_api_errors_and_static_files(client, reference_map, url, status):
    response = client.get(url)
    assert response.status_code == status
    _assert_security_headers(response)


@override_settings(ROOT_URLCONF="tests.ops_urls")
def test_headers_on_a_server_error(db):
    response = Client(raise_request_exception=False).get("/ops-test/broken/")
    assert response.status_code == 500
    _assert_security_headers(response)


def test_redoc_gets_a_nonce_for_its_styles_and_no_inline_script(client):
    response = client.get("/api/redoc/")
    _assert_security_headers(response)
    html = response.content.decode()
    nonce = re.search(r'data-nonce="([^"]+)"', html).group(1)
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "<style" not in html


def test_swagger_loads_its_set_up_script_from_the_site(client):
    response = client.get("/api/docs/")
    _assert_security_headers(response)
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and "<style" not in html
    script = re.search(r'<script src="([^"]*\?script=[^"]*)"', html).group(1)
    set_up = client.get(script.replace("&amp;", "&"))
    assert set_up.status_code == 200 and "SwaggerUIBundle" in set_up.content.decode()
    # No nonce asked for, none given.
    assert "nonce-" not in response["Content-Security-Policy"]


def test_no_template_has_inline_script_style_or_event_handler():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", "", path.read_text(), flags=re.S)
        for pattern in (
            r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")",
            r"<style",
            r"\sstyle=",
            r"\son[a-z]+=",
            r"javascript:",
        ):
            if re.search(pattern, text):
                offenders.append(f"{path.relative_to(ROOT)}: {pattern}")
    assert offenders == []


def _prod(*code, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECURE_", "BEHIND_", "SESSION_", "CSRF_", "DJANGO_SETTINGS"))
    }
    clean.update(SECRET_KEY="x" * 60, **env)
    program = "import pmroles.settings.prod as s; " + "; ".join(code)
    result = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_production_is_https_only_by_default_with_switches():
    values = _prod(
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)",
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)",
    )
    assert values == ["True", "31536000", "True", "True", "True", "None"]
    plain = _prod(
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
    )
    assert plain == ["False", "0"]
    proxied = _prod("print(*s.SECURE_PROXY_SSL_HEADER)", BEHIND_TLS_PROXY="true")
    assert proxied == ["HTTP_X_FORWARDED_PROTO", "https"]


@override_settings(
    SECURE_SSL_REDIRECT=True,
    SECURE_HSTS_SECONDS=31_536_000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
)
def test_plain_http_is_redirected_and_https_answers_with_hsts(reference_map):
    client = Client()
    redirect = client.get("/api/v1/areas/")
    assert redirect.status_code == 301
    assert redirect["Location"] == "https://testserver/api/v1/areas/"
    _assert_security_headers(redirect)
    secure = client.get("/api/v1/areas/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    static = client.get("/static/css/site.css", HTTP_X_FORWARDED_PROTO="https")
    assert static["Strict-Transport-Security"].startswith("max-age=31536000")


def test_deploy_checks_pass_with_the_production_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="pmroles.settings.prod",
        SECRET_KEY="k" * 20 + "-check-only-" + "0123456789abcdefghijklmnopqrstuv",
        ALLOWED_HOSTS="example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
