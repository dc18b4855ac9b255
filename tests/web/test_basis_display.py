"""Pages show each assignment's basis (and rationale) beside its level."""

import pytest

from tests.world import RATIONALE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evidence")]


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _basis(text):
    return f'<span class="visually-hidden">basis: </span>{text}</span>'


def test_role_page_shows_basis_and_rationale(client, sample):
    html = _html(client, "/roles/product-manager/")
    vision = html.split('href="/responsibilities/product-vision/"', 1)[1]
    vision = vision.split('href="/responsibilities/', 1)[0]
    assert 'class="basis basis-stated"' in vision and _basis("stated") in vision
    assert f'<p class="rationale">{RATIONALE}</p>' in vision
    research = html.split('href="/responsibilities/customer-research/"', 1)[1]
    research = research.split('href="/responsibilities/', 1)[0]
    assert _basis("described") in research and 'class="rationale"' not in research


def test_responsibility_page_shows_each_parts_basis(client, sample):
    html = _html(client, "/responsibilities/product-vision/")
    parts = html.split('<ul class="parts">', 1)[1]
    pm = parts.split("Product Manager</a>", 1)[1].split("<h3>", 1)[0]
    po = parts.split("Product Owner</a>", 1)[1].split("<h3>", 1)[0]
    assert _basis("stated") in pm and RATIONALE in pm
    assert f'title="{RATIONALE}"' in pm
    assert _basis("inferred") in po and 'class="basis basis-inferred"' in po


def test_source_page_shows_the_basis_of_what_a_quote_supports(client, sample):
    html = _html(client, sample.source.get_absolute_url())
    quote = sample.quotes["pm-owns-vision"]
    item = html.split(f'id="quote-{quote.pk}"', 1)[1].split('<li id="quote-', 1)[0]
    assert "Accountable</span>" in item and _basis("stated") in item
