"""Home, role, responsibility and source pages: content, links, evidence, titles, 404s."""

import pytest

from tests.web.pages_data import build_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    return build_sample()


def _html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def test_home_has_cards_with_focus_and_horizon_and_a_get_picker(client, sample):
    html = _html(client, "/")
    assert "Decides why and what to build." in html
    assert "<dt>Focus</dt><dd>Strategic</dd>" in html
    assert "<dt>Horizon</dt><dd>Short- to mid-term</dd>" in html
    assert '<form class="picker" action="/compare/" method="get">' in html
    for slug in ("product-manager", "product-owner", "project-manager"):
        assert f'<input type="checkbox" name="roles" value="{slug}"' in html
    assert '<meta name="description" content="Product manager, product owner' in html


def test_role_page_shows_definition_attributes_contrasts_variants_and_compare_links(client, sample):
    html = _html(client, "/roles/product-manager/")
    assert "<title>Product Manager (PM): responsibilities and role definition" in html
    assert "A product manager is the voice of the customer." in html
    assert "Framework-independent" in html and "Mostly external" in html
    assert "The product manager thinks in years, the product owner in sprints." in html
    for kind in ("Business-to-consumer", "Business-to-business", "Technical"):
        assert f"{kind} product manager" in html
    assert 'href="/compare/?roles=product-manager,product-owner"' in html
    assert 'href="/compare/?roles=product-manager,product-marketing-manager"' in html
    assert 'href="/compare/?roles=product-manager,product-manager"' not in html
    vision = html.split('href="/responsibilities/product-vision/"', 1)[1].split("</li>", 1)[0]
    assert "Accountable" in vision and "The product manager owns the product vision." in vision


def test_responsibility_page_shows_each_roles_part_strongest_first(client, sample):
    html = _html(client, "/responsibilities/product-vision/")
    assert "Who does this? Set the product vision" in html
    assert "A product vision describes the future of the product." in html
    parts = html.split('<ul class="parts">', 1)[1].split("Not stated in the sources: ", 1)[0]
    assert parts.index("Product Manager") < parts.index("Product Owner")
    assert "Accountable" in parts and "Consulted" in parts
    assert "The product manager owns the product vision." in parts
    assert "No quote backs this part yet." in parts
    unstated = html.split("Not stated in the sources: ", 1)[1]
    assert "Project Manager" in unstated


def test_source_list_and_detail_show_citation_quotes_and_what_they_support(client, sample):
    html = _html(client, "/sources/")
    assert sample.source.citation in html
    assert f'href="{sample.source.get_absolute_url()}"' in html
    detail = _html(client, sample.source.get_absolute_url())
    assert "<h1>Product manager vs product owner</h1>" in detail
    quote = sample.quotes["pm-owns-vision"]
    item = detail.split(f'id="quote-{quote.pk}"', 1)[1].split("</li>\n  \n", 1)[0]
    assert "The product manager owns the product vision." in item
    assert "Product Manager</a>: " in item and "Accountable</span>" in item
    focus = sample.quotes["customer-focus"]
    item = detail.split(f'id="quote-{focus.pk}"', 1)[1].split('<li id="quote-', 1)[0]
    assert "Similarity: Both listen to customers." in item
    definition = sample.quotes["pm-definition"]
    item = detail.split(f'id="quote-{definition.pk}"', 1)[1].split('<li id="quote-', 1)[0]
    assert "<dt>Roles</dt>" in item
    vision = sample.quotes["vision"]
    item = detail.split(f'id="quote-{vision.pk}"', 1)[1].split('<li id="quote-', 1)[0]
    assert "<dt>Responsibilities</dt>" in item


@pytest.mark.parametrize(
    "url",
    [
        "/roles/no-such-role/",
        "/responsibilities/no-such-duty/",
        "/sources/999999/",
        "/sources/not-a-number/",
        "/nowhere/",
    ],
)
def test_unknown_addresses_get_the_friendly_404_page(client, sample, url):
    html = _html(client, url, status=404)
    assert "We could not find that page" in html
    assert 'href="/matrix/"' in html
