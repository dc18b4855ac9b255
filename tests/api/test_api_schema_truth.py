"""The schema tells the truth: who may call what, which values are refused, and the API
refuses what the schema says it refuses (strict JSON types, bounded parameters)."""

import pytest

from tests.api.api_support import api_schema

pytestmark = pytest.mark.django_db

PUBLIC_POSTS = {"/api/v1/finder/"}


@pytest.fixture
def data(dataset):
    return dataset


def _operations():
    for path, operations in api_schema()["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def test_reads_need_no_credentials_and_writes_and_history_do():
    for path, method, operation in _operations():
        security = operation["security"]
        schemes = {name for requirement in security for name in requirement}
        assert schemes == {"tokenAuth", "cookieAuth"}, (method, path)
        # The version history names editors: staff with the model's view permission only.
        is_history = path.endswith("/history/")
        public = (method == "get" and not is_history) or (method == "post" and path in PUBLIC_POSTS)
        assert ({} in security) == public, (method, path, security)


@pytest.mark.parametrize(
    "url", ["/api/v1/roles/", "/api/v1/maps/reference/", "/api/v1/matrix/", "/api/v1/compare/"]
)
def test_public_reads_answer_without_credentials(api_client, data, url):
    query = "?roles=product-manager,product-owner" if "compare" in url else ""
    assert api_client.get(url + query).status_code == 200


def test_an_anonymous_write_is_a_401_before_its_parameters_are_read(api_client, data):
    response = api_client.delete("/api/v1/roles/product-owner/?map=no-such-map")
    assert response.status_code == 401


def test_query_parameters_say_what_is_refused():
    for path, method, operation in _operations():
        params = {p["name"]: p["schema"] for p in operation["parameters"] if p["in"] == "query"}
        if "map" in params:
            assert params["map"]["pattern"] == "^([-a-zA-Z0-9_]+)?$", (method, path)
        if "page" in params:
            assert params["page"] == {"type": "integer", "minimum": 1}
        for name, schema in params.items():
            if "enum" in schema and name != "format":
                assert "" in schema["enum"], (method, path, name)


def test_every_operation_documents_413():
    for path, method, operation in _operations():
        assert "413" in operation["responses"], (method, path)


@pytest.mark.parametrize("url", ["/api/v1/matrix/?format=", "/api/v1/matrix/?format=xml"])
def test_an_unknown_format_is_a_400(api_client, data, url):
    response = api_client.get(url)
    assert response.status_code == 400 and "csv, json" in response.json()["format"][0]


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/roles/product-owner/", {"quotes": {}}, "quotes"),
        ("/api/v1/roles/product-owner/", {"quotes": "1"}, "quotes"),
        ("/api/v1/roles/product-owner/", {"quotes": ["1"]}, "quotes"),
        ("/api/v1/roles/product-owner/", {"name": 42}, "name"),
        ("/api/v1/roles/product-owner/", {"order": "3"}, "order"),
        ("/api/v1/roles/product-owner/", {"order": True}, "order"),
        ("/api/v1/roles/product-owner/", {"focus": ["market"]}, "focus"),
        ("/api/v1/areas/d-area-0/", {"order": 1.5}, "order"),
        ("/api/v1/maps/reference/", {"based_on": ""}, "based_on"),
        ("/api/v1/maps/reference/", {"description": {"a": 1}}, "description"),
        ("/api/v1/responsibilities/d-resp-0/", {"area": 7}, "area"),
    ],
)
def test_writes_refuse_loose_json_types(editor_client, data, url, body, field):
    response = editor_client.patch(url, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()


def test_finder_refuses_numbers_for_slugs(api_client, data):
    response = api_client.post("/api/v1/finder/", {"responsibilities": [1, 2]}, format="json")
    assert response.status_code == 400 and "responsibilities" in response.json()


def test_strict_types_still_accept_the_right_ones(editor_client, data):
    body = {"order": 7, "name": "Renamed", "quotes": [], "focus": "market"}
    response = editor_client.patch("/api/v1/roles/product-owner/", body, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["order"], response.json()["focus"]) == (7, "market")
