"""Hostile or malformed input gets a 400 or 404 with a readable JSON message, never a 500.

The cases an audit found: NUL bytes and non-UTF-8 bytes in parameters, deeply nested JSON,
huge numbers, case variants of existing slugs, and unmatched addresses under /api/.
Every error body has the shape of the API's other errors: `{"detail": "..."}` or a
message list per field.
"""

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from tests.factories import RoleFactory, UserFactory

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.fixture
def data(dataset):
    return dataset


def messages(body) -> list[str]:
    """Every message in an error body, whatever key (or list item) it sits under."""
    assert isinstance(body, dict) and body, body
    found = []
    for value in body.values():
        if isinstance(value, dict):
            found += messages(value)
        else:
            found += value if isinstance(value, list) else [value]
    assert all(isinstance(m, str) and m for m in found), body
    return found


def assert_json_error(response, status: int) -> list[str]:
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return messages(response.json())


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/roles/?map=%00",
        "/api/v1/roles/?map=%ff",
        "/api/v1/responsibilities/?map=ref%00erence",
        "/api/v1/compare/?roles=%00",
        "/api/v1/compare/?roles=product-manager,%00",
        "/api/v1/compare/?roles=product-manager,%ff",
        "/api/v1/matrix/?map=%00",
        "/api/v1/finder/?responsibilities=%00",
        "/api/v1/finder/?responsibilities=d-resp-0&map=%ff",
        "/api/v1/roles/?search=%00",
        "/api/v1/roles/?responsibility=%00",
        "/api/v1/assignments/?role=%00",
        "/api/v1/quotes/?source=%ff",
        "/api/v1/roles/?ordering=%00",
        "/api/v1/roles/?page=%00",
    ],
)
def test_nul_and_invalid_utf8_in_parameters_are_a_400(api_client, data, url):
    found = assert_json_error(api_client.get(url), 400)
    assert any("NUL" in m or "UTF-8" in m for m in found), found


@pytest.mark.parametrize("url", ["/api/v1/roles/%00/", "/api/v1/roles/product-owner%00/history/"])
def test_nul_in_the_path_is_a_400(api_client, data, url):
    assert "NUL" in assert_json_error(api_client.get(url), 400)[0]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/roles/Product-Owner/",
        "/api/v1/roles/PRODUCT-OWNER/",
        "/api/v1/areas/D-Area-0/",
        "/api/v1/responsibilities/D-RESP-0/",
        "/api/v1/maps/Reference/",
        "/api/v1/roles/%ff/",
        f"/api/v1/quotes/{HUGE}/",
        f"/api/v1/assignments/{HUGE}/",
    ],
)
def test_case_variants_unknown_keys_and_huge_numbers_are_a_404(api_client, data, url):
    assert_json_error(api_client.get(url), 404)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/roles/?map=Reference",
        "/api/v1/compare/?roles=Product-Manager,product-owner",
        "/api/v1/finder/?responsibilities=D-RESP-0",
    ],
)
def test_case_variants_in_parameters_are_unknown(api_client, data, url):
    assert_json_error(api_client.get(url), 400)


def test_a_huge_page_size_is_a_400(api_client, data):
    assert_json_error(api_client.get(f"/api/v1/roles/?page_size={HUGE}"), 400)
    assert_json_error(api_client.get(f"/api/v1/roles/?page={HUGE}"), 400)


@pytest.mark.parametrize("url", ["/api/v1/nothing-here/", "/api/nothing", "/api/v2/roles/"])
def test_unmatched_api_addresses_answer_json_404(api_client, url):
    assert "/api/docs/" in assert_json_error(api_client.get(url), 404)[0]


def test_unmatched_page_addresses_stay_html(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert b"We could not find that page" in response.content


def _nested(depth: int) -> str:
    return '{"responsibilities": ' + "[" * depth + "]" * depth + "}"


@pytest.mark.parametrize("depth", [40, 100_000])
def test_deeply_nested_json_is_a_400(api_client, data, depth):
    response = api_client.post("/api/v1/finder/", _nested(depth), content_type="application/json")
    assert "nested" in assert_json_error(response, 400)[0]


def test_deeply_nested_json_in_a_write_is_a_400(editor_client, data):
    body = '{"slug": "deep", "name": "Deep", "description": ' + "[" * 5000 + "]" * 5000 + "}"
    response = editor_client.post("/api/v1/areas/", body, content_type="application/json")
    assert "nested" in assert_json_error(response, 400)[0]


@pytest.mark.parametrize(
    "body",
    [
        {"responsibilities": ["\x00"]},
        {"responsibilities": ["d-resp-0\x00"]},
        {"responsibilities": [int(HUGE)]},
        {"responsibilities": {}},
        {"responsibilities": "d-resp-0"},
    ],
)
def test_bad_finder_bodies_are_a_400(api_client, data, body):
    response = api_client.post("/api/v1/finder/", body, format="json")
    assert_json_error(response, 400)


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/v1/areas/", {"slug": "nul", "name": "A\x00B", "order": 1}),
        ("/api/v1/areas/", {"slug": "huge", "name": "Huge", "order": int(HUGE)}),
        ("/api/v1/areas/", {"slug": "d-area-0", "name": "Taken", "order": 1}),
        ("/api/v1/quotes/", {"key": "k", "text": "T", "source_id": int(HUGE)}),
        ("/api/v1/assignments/", {"role": "product-owner\x00", "responsibility": "d-resp-0"}),
        ("/api/v1/assignments/", {"role": "Product-Owner", "responsibility": "d-resp-0"}),
    ],
)
def test_bad_write_bodies_are_a_400(editor_client, data, url, body):
    assert_json_error(editor_client.post(url, body, format="json"), 400)


@pytest.mark.parametrize("number", ["9" * 5000, "1e999", "-1e999", "NaN", "Infinity"])
def test_numbers_json_cannot_hold_are_a_400(editor_client, data, number):
    body = '{"slug": "long", "name": "Long", "order": ' + number + "}"
    response = editor_client.post("/api/v1/areas/", body, content_type="application/json")
    assert_json_error(response, 400)


@pytest.fixture
def reader_api(db):
    reader = UserFactory(username="reader")
    reader.groups.add(Group.objects.get(name="Readers"))
    api = APIClient()
    api.force_authenticate(reader)
    return api


@pytest.mark.parametrize(
    "query",
    [f"page_size={HUGE}", f"page_size={HUGE}&page={HUGE}", "page_size=-1", "page_size=0"],
)
def test_history_page_size_out_of_range_is_a_400(reader_api, query):
    RoleFactory(slug="historied")
    assert reader_api.get("/api/v1/roles/historied/history/").status_code == 200
    response = reader_api.get(f"/api/v1/roles/historied/history/?{query}")
    assert_json_error(response, 400)


@pytest.mark.parametrize("query", [f"page={HUGE}", "page=-1", "page=0"])
def test_history_page_out_of_range_is_a_400(reader_api, query):
    RoleFactory(slug="historied")
    response = reader_api.get(f"/api/v1/roles/historied/history/?{query}")
    assert_json_error(response, 400)


def test_history_of_a_case_variant_is_a_404(reader_api):
    RoleFactory(slug="historied")
    assert_json_error(reader_api.get("/api/v1/roles/Historied/history/"), 404)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/disputes/?page=",
        "/api/v1/sources/?page=",
        "/api/v1/maps/compare/?b=reference&page=",
        "/api/v1/matrix/?page=",
        "/api/v1/matrix/?page=0.25&format=csv",
        "/api/v1/matrix/?page_size=x&format=csv",
        "/api/v1/matrix/?cols=%C2%B2",
    ],
)
def test_an_empty_or_malformed_page_is_a_400_for_every_format(api_client, data, url):
    """The schema says `page`, `page_size` and `cols` are integers: an empty or non-number
    value is refused on the API (pages take an empty box as page 1), also by the matrix's
    CSV, which does not page, and a non-ASCII digit is a 400, not a 500."""
    assert_json_error(api_client.get(url), 400)
