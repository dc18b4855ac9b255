"""The map comparison page: summary in words, the changes, 400s, fixed query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_reads")]

URL = "/maps/compare/"


@pytest.fixture
def reference(reference_data_once):
    return None


def test_the_no_product_manager_map_against_its_base(client, reference):
    response = client.get(URL, {"b": "no-product-manager"})
    assert response.status_code == 200
    html = response.content.decode()
    expected = "In ‘No product manager: the product owner fills the gap’, compared with ‘"
    assert expected in html
    assert "<li>the product owner gains " in html
    # Responsibility and role links keep the compared map.
    assert "/responsibilities/" in html and "?map=no-product-manager" in html
    # A part silent in the variant reads "Not stated", never "No part".
    assert "Not stated in the sources" in html
    assert "removed" in html and "added" in html


def test_the_summary_names_each_map_once(client, reference):
    """GIVEN the no-product-manager map against its base WHEN the page is read THEN the
    summary says "In ‘B’, compared with ‘A’:" once, then one line per role without the
    names again."""
    html = client.get(URL, {"b": "no-product-manager"}).content.decode()
    summary = html.split('id="summary-heading"', 1)[1].split("</section>", 1)[0]
    b_name = "‘No product manager: the product owner fills the gap’"
    assert summary.count(b_name) == 1
    assert summary.count("‘Reference") == 1
    assert "<li>the product owner gains " in summary


@pytest.mark.parametrize("params", [{}, {"map": "no-product-manager"}])
def test_without_maps_named_the_page_is_a_form_to_choose_them(client, reference, params):
    """GIVEN no `a` or `b` (the footer link, the map switcher) WHEN the page is read THEN it is
    a 200 with a form listing every map, a map other than the default against the default
    one preselected, and no error."""
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error"' not in html
    assert "<h1>Compare two role maps</h1>" in html
    form = html.split('<form class="map-compare-form"', 1)[1].split("</form>", 1)[0]
    b_select = form.split('name="b"', 1)[1].split("</select>", 1)[0]
    a_select = form.split('name="a"', 1)[1].split("</select>", 1)[0]
    assert '<option value="no-product-manager" selected>' in b_select
    assert '<option value="reference" selected>' in a_select
    assert b_select.count("<option") == a_select.count("<option") >= 2


def test_one_role(client, reference):
    html = client.get(
        URL, {"a": "reference", "b": "no-product-manager", "role": "product-manager"}
    ).content.decode()
    assert "/roles/product-manager/" in html
    assert "/roles/product-owner/?map" not in html


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"b": "nope"}, "Unknown map “nope”"),
        ({"a": "nope", "b": "reference"}, "Unknown map “nope”"),
        ({"a": "reference"}, "Name the map to compare"),
        ({"a": "reference", "b": "reference"}, "same map twice"),
        ({"b": "no-product-manager", "role": "scrum-master"}, "Unknown role “scrum-master”"),
        ({"b": "no-product-manager", "page": "x"}, "Pages are numbered from 1"),
        ({"b": "no-product-manager", "page": "99"}, "There is no page 99"),
    ],
)
def test_bad_input_is_a_400_with_a_sentence(client, reference, params, words):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert words in response.content.decode()


def test_query_count_is_fixed(client, reference):
    # The maps (switcher and ?a=/?b=); the role named by ?role=; b's changes counted by role
    # and kind; a's parts missing from b counted by role; the page's keys (a union ordered
    # and sliced); the page's assignments on both sides (+role, responsibility, area, quote
    # count).
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, {"b": "no-product-manager", "role": "product-owner"})
    assert response.status_code == 200
    assert len(ctx.captured_queries) == 6, [q["sql"] for q in ctx.captured_queries]
    with CaptureQueriesContext(connection) as ctx:
        client.get(URL, {"b": "no-product-manager"})
    assert len(ctx.captured_queries) == 5  # the same without the role


def test_pages_link_to_each_other_and_stay_bounded(client, reference, monkeypatch):
    monkeypatch.setattr("roles.map_compare.PAGE_SIZE", 10)
    first = client.get(URL, {"b": "no-product-manager"}).content.decode()
    assert first.count('<tr class="change-') == 10
    assert "page=2" in first and 'rel="next"' in first
    second = client.get(URL, {"b": "no-product-manager", "page": "2"}).content.decode()
    assert 'rel="prev"' in second and "Changes 11–20" in second


def test_the_header_links_a_non_default_map_to_its_comparison(client, reference):
    shown = client.get("/matrix/", {"map": "no-product-manager"}).content.decode()
    assert f"{URL}?b=no-product-manager" in shown
    assert "Compare this map with" not in client.get("/matrix/").content.decode()
