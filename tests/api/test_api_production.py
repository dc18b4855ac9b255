"""The API is JSON only (DRF's HTML pages need inline styles, which the Content-Security-Policy
refuses), and its docs page keeps the site's opener policy."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import django, json
django.setup()
from django.test import Client
client = Client(HTTP_HOST="localhost")
answers = {}
for url in ("/api/v1/", "/api/v1/?format=api"):
    r = client.get(url, HTTP_ACCEPT="text/html", secure=True)
    answers[url] = [r.status_code, r["Content-Type"]]
print(json.dumps(answers))
"""


def _probe(settings_module: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    env.update(DJANGO_SETTINGS_MODULE=settings_module, SECRET_KEY="x" * 60)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("settings_module", ["pmroles.settings.prod", "pmroles.settings.dev"])
def test_no_settings_serve_the_browsable_api(settings_module):
    answers = _probe(settings_module)
    for url, (status, content_type) in answers.items():
        assert content_type.startswith("application/json"), (url, status, content_type)
    # The router's index is plain DRF: an unknown format is its 404, not a page.
    assert answers["/api/v1/?format=api"][0] == 404


@pytest.mark.django_db
def test_docs_page_has_the_same_opener_policy_as_other_pages(client):
    page = client.get("/sources/")
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"
    assert docs["Cross-Origin-Opener-Policy"] == page["Cross-Origin-Opener-Policy"]
