"""Every public page honours `?map=`, shows a map switcher, and its links keep the map."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from tests.world import add_informed_map

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("other_map")]

PAGES = [
    "/",
    "/matrix/",
    "/finder/",
    "/search/?q=backlog",
    "/sources/",
    "/roles/product-owner/",
    "/responsibilities/product-backlog/",
    "/compare/?roles=product-manager,product-owner",
]


@pytest.fixture
def other_map(sample):
    """A second map in which the project manager is Informed on the product backlog."""
    add_informed_map(sample, slug="other", name="Other map")
    return sample


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_the_switcher_with_the_default_map_chosen(client, sample, url):
    html = client.get(url).content.decode()
    assert '<label for="map-switch">Map shown</label>' in html
    assert '<option value="reference" selected>' in html
    assert '<option value="other">Other map</option>' in html
    assert 'href="/matrix/"' in html  # default map: links stay bare


@pytest.mark.parametrize("url", PAGES)
def test_every_page_honours_another_map_and_keeps_it_on_links(client, sample, url):
    joiner = "&" if "?" in url else "?"
    response = client.get(f"{url}{joiner}map=other")
    assert response.status_code == 200, url
    html = response.content.decode()
    assert '<option value="other" selected>Other map</option>' in html
    assert 'href="/matrix/?map=other"' in html
    assert 'href="/finder/?map=other"' in html
    assert '<input type="hidden" name="map" value="other">' in html  # header search


@pytest.mark.parametrize("url", ["/", "/sources/", "/finder/", "/search/?q=x", "/matrix/"])
def test_an_unknown_map_is_a_400_everywhere(client, sample, url):
    joiner = "&" if "?" in url else "?"
    response = client.get(f"{url}{joiner}map=nowhere")
    assert response.status_code == 400
    assert "Unknown map “nowhere”" in response.content.decode()


def test_the_switcher_keeps_the_other_parameters(client, sample):
    html = client.get("/compare/?roles=product-manager,product-owner&diff=1").content.decode()
    switcher = html.split('class="map-switch"', 1)[1].split("</form>", 1)[0]
    assert '<input type="hidden" name="roles" value="product-manager,product-owner">' in switcher
    assert '<input type="hidden" name="diff" value="1">' in switcher
    assert 'name="map"' in switcher and 'action="/compare/"' in switcher


def test_the_map_shown_changes_the_content(client, sample):
    default = client.get("/responsibilities/product-backlog/").content.decode()
    other = client.get("/responsibilities/product-backlog/?map=other").content.decode()
    assert default != other


def test_map_query_is_escaped_and_encoded(rf_request_with_map):
    template = Template('<a href="/x/{{ map_query }}">x</a><a href="/y/?a=1{{ map_and }}">y</a>')
    html = template.render(Context(rf_request_with_map))
    assert html == '<a href="/x/?map=other">x</a><a href="/y/?a=1&amp;map=other">y</a>'


@pytest.fixture
def rf_request_with_map(sample):
    from web.context_processors import role_maps

    request = RequestFactory().get("/", {"map": "other"})
    return role_maps(request)
