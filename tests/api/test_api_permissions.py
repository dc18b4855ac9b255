"""Reads are open; every unsafe method of every endpoint needs a user with the permission.

The endpoints are found by walking the router and the v1 URL patterns, so a new
resource is covered without editing this file.
"""

import pytest
from django.urls import URLPattern

from api.urls import router, v1
from tests.factories import RoleMapFactory, UserFactory

pytestmark = pytest.mark.django_db

UNSAFE_ON_DETAIL = ["put", "patch", "delete"]


def _resources(client):
    """(list URL, detail URL) for each registered viewset, pointing at a real object."""
    for prefix, viewset, _ in router.registry:
        listing = client.get(f"/api/v1/{prefix}/").json()["results"]
        assert listing, f"no data for {prefix}"
        field = "id" if viewset.lookup_field == "pk" else viewset.lookup_field
        yield prefix, f"/api/v1/{prefix}/", f"/api/v1/{prefix}/{listing[0][field]}/"


def _computed_urls():
    """The v1 routes outside the router, less the version histories (staff-only reads); a
    map's own routes (health, export) point at the default map."""
    return [
        f"/api/v1/{p.pattern}".replace("<slug:slug>", "reference")
        for p in v1
        if isinstance(p, URLPattern) and not str(p.pattern).endswith("/history/")
    ]


def _unsafe_requests(client):
    for prefix, list_url, detail_url in _resources(client):
        yield prefix, "post", list_url
        for method in UNSAFE_ON_DETAIL:
            yield prefix, method, detail_url


@pytest.fixture
def data(dataset):
    return dataset


def test_router_and_computed_urls_are_all_walked():
    prefixes = {prefix for prefix, _, _ in router.registry}
    assert prefixes == {
        "maps",
        "roles",
        "areas",
        "responsibilities",
        "assignments",
        "sources",
        "quotes",
        "disputes",
    }
    assert _computed_urls() == [
        "/api/v1/maps/compare/",
        "/api/v1/maps/reference/health/",
        "/api/v1/maps/reference/export.xlsx",
        "/api/v1/compare/",
        "/api/v1/matrix/",
        "/api/v1/finder/",
    ]


def test_anyone_reads_every_endpoint(api_client, data):
    RoleMapFactory(slug="variant", name="Variant", based_on=data["map"])  # for maps/compare/
    for _, list_url, detail_url in _resources(api_client):
        assert api_client.get(list_url).status_code == 200
        assert api_client.get(detail_url).status_code == 200
    # Each endpoint is sent what it reads: the comparison refuses a parameter it does not
    # know (a misspelt `page_size` is a 400, not a silent default).
    params = {
        "/api/v1/compare/": {"roles": "product-manager,product-owner"},
        "/api/v1/finder/": {"responsibilities": "d-resp-0"},
        "/api/v1/maps/compare/": {"b": "variant"},
    }
    for url in _computed_urls():
        response = api_client.get(url, params.get(url, {}))
        assert response.status_code == 200, url


def test_anonymous_unsafe_methods_get_401_and_change_nothing(api_client, data):
    before = api_client.get("/api/v1/matrix/").json()
    for prefix, method, url in list(_unsafe_requests(api_client)):
        response = getattr(api_client, method)(url, {}, format="json")
        assert response.status_code == 401, (prefix, method, response.content)
        assert response["WWW-Authenticate"] == "Token"
    for url in _computed_urls():
        methods = ["put", "patch", "delete"] + ([] if url.endswith("/finder/") else ["post"])
        for method in methods:
            assert getattr(api_client, method)(url, {}, format="json").status_code == 401
    assert api_client.get("/api/v1/matrix/").json() == before


def test_users_without_the_permission_get_403(api_client, data):
    from api.tokens import issue

    reader = UserFactory(username="reader")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {issue(reader)}")
    for prefix, method, url in list(_unsafe_requests(api_client)):
        response = getattr(api_client, method)(url, {}, format="json")
        assert response.status_code == 403, (prefix, method, response.content)
        assert "permission" in response.json()["detail"]


def test_editors_with_the_permission_get_through(editor_client, data):
    resources = list(_resources(editor_client))
    for prefix, _, detail_url in resources:
        assert editor_client.patch(detail_url, {}, format="json").status_code == 200, prefix
    for prefix, _, detail_url in reversed(resources):
        # Deleting either works or is refused because other rows still use the object.
        assert editor_client.delete(detail_url).status_code in (204, 409), prefix


def test_a_bad_token_is_a_401(api_client, data):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = api_client.get("/api/v1/roles/")
    assert response.status_code == 401 and response.json()["detail"] == "Invalid token."


def test_session_auth_works_for_the_browser(api_client, editor, data):
    api_client.force_login(editor)
    response = api_client.post(
        "/api/v1/areas/", {"slug": "new-area", "name": "New area"}, format="json"
    )
    assert response.status_code == 201
