"""Unknown query parameters on the resources' reads are a 400 naming them, not ignored.

`/api/v1/roles/?horizn=long-term` (a misspelt filter) answered every role, as if it had
matched; `/api/v1/roles/?map=` was read where the schema never said so. Each list and detail
now takes what the schema documents for it (and `format`), and nothing else.
"""

import pytest
from django.urls import resolve

from api.base import ResourceMixin
from tests.api.api_support import api_schema

pytestmark = pytest.mark.django_db

LISTS = ["maps", "roles", "areas", "responsibilities", "assignments", "sources", "quotes"]
LISTS += ["disputes"]
DETAILS = {
    "maps": "reference",
    "roles": "product-owner",
    "responsibilities": "product-backlog",
    "disputes": None,  # the first one's slug, read below
}


@pytest.mark.parametrize("resource", LISTS)
def test_a_list_refuses_a_parameter_it_does_not_take(api_client, sample, resource):
    response = api_client.get(f"/api/v1/{resource}/?page=1&horizn=years")
    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["horizn"]
    assert body["horizn"][0].startswith("Unknown parameter; this takes ")
    assert "page" in body["horizn"][0]


def test_a_misspelt_filter_is_refused_and_the_right_one_filters(api_client, sample):
    assert api_client.get("/api/v1/roles/?horizn=long-term").status_code == 400
    right = api_client.get("/api/v1/roles/?horizon=long-term")
    assert right.status_code == 200
    everyone = api_client.get("/api/v1/roles/").json()["count"]
    assert right.json()["count"] < everyone


@pytest.mark.parametrize("resource", ["roles", "responsibilities", "maps"])
def test_a_detail_refuses_list_parameters(api_client, sample, resource):
    url = f"/api/v1/{resource}/{DETAILS[resource]}/"
    assert api_client.get(url).status_code == 200
    response = api_client.get(url + "?page=2")
    assert response.status_code == 400
    assert list(response.json()) == ["page"]


def test_map_is_taken_where_it_is_read(api_client, sample):
    assert api_client.get("/api/v1/quotes/?map=reference").status_code == 200
    assert api_client.get("/api/v1/disputes/?map=reference").status_code == 200
    assert api_client.get("/api/v1/areas/?map=reference").status_code == 400
    assert api_client.get("/api/v1/sources/?map=reference").status_code == 400


def _reads():
    for path, operations in api_schema()["paths"].items():
        operation = operations.get("get")
        if operation is None or not path.startswith("/api/v1/"):
            continue
        concrete = path.replace("{slug}", "x").replace("{id}", "1")
        match = resolve(concrete)
        view_class = getattr(match.func, "cls", None)
        actions = getattr(match.func, "actions", {}) or {}
        action = actions.get("get")
        if view_class is None or not issubclass(view_class, ResourceMixin):
            continue
        if action not in ("list", "retrieve"):
            continue
        documented = {p["name"] for p in operation["parameters"] if p["in"] == "query"}
        yield path, view_class, action, documented


def test_what_a_read_takes_is_what_the_schema_documents():
    """The schema and the refusal cannot drift: every list and detail of a resource takes
    exactly its documented query parameters, and `format`."""
    checked = 0
    for path, view_class, action, documented in _reads():
        view = view_class()
        view.action = action
        assert view.known_params(action) == documented | {"format"}, path
        checked += 1
    assert checked == 2 * len(LISTS)


def test_an_unknown_map_is_refused_where_only_a_filter_reads_it(api_client, sample):
    response = api_client.get("/api/v1/disputes/?map=no-such-map")
    assert response.status_code == 400
    assert list(response.json()) == ["map"]
