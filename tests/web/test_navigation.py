"""The navigation marks the page you are on; the site has an icon, also at /favicon.ico."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("/matrix/", "Matrix"),
        ("/finder/", "Which role is mine?"),
        ("/sources/", "Sources"),
        ("/", "Compare roles"),
    ],
)
def test_the_current_page_is_marked_in_the_navigation(client, sample, url, label):
    html = client.get(url).content.decode()
    nav = html.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    assert nav.count('aria-current="page"') == 1
    assert f' aria-current="page">{label}</a>' in nav


def test_search_marks_nothing_in_the_navigation(client, sample):
    html = client.get("/search/?q=backlog").content.decode()
    nav = html.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    assert 'aria-current="page"' not in nav


@pytest.mark.parametrize("url", ["/", "/search/", "/admin/login/"])
def test_pages_link_the_icon(client, sample, url):
    html = client.get(url).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html


def test_favicon_ico_redirects_to_the_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"
    path = finders.find("favicon.svg")
    assert path and Path(path).read_text().startswith("<svg")
