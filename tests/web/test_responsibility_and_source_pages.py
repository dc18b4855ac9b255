"""A responsibility's page, the source pages, and the friendly 404 for unknown addresses."""

import pytest

pytestmark = pytest.mark.django_db


def _html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


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
