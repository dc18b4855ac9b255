"""The OpenAPI schema is valid, complete and readable; its viewers work offline; CORS."""

import copy
import json
import re
from functools import cache
from pathlib import Path

import drf_spectacular.validation
import jsonschema_rs
import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.api.api_support import api_schema

pytestmark = pytest.mark.django_db


@cache
def _openapi_3_1() -> jsonschema_rs.Validator:
    """The OpenAPI 3.1 JSON Schema that drf-spectacular's `--validate` checks against, in
    jsonschema-rs: the same check in 10 ms where the pure-Python one took 2–4 s (twice, when
    the command validated as well)."""
    spec = Path(drf_spectacular.validation.__file__).with_name("openapi_3_1_schema.json")
    return jsonschema_rs.validator_for(json.loads(spec.read_text()))


def test_schema_is_valid_openapi_3_1_without_generator_warnings(tmp_path):
    assert api_schema()["openapi"] == "3.1.0"
    _openapi_3_1().validate(api_schema())  # the document as served: plain JSON types
    # --fail-on-warn: any field or view drf-spectacular could not describe fails here.
    call_command("spectacular", "--fail-on-warn", "--file", tmp_path / "s.yaml")


def test_the_openapi_check_refuses_an_invalid_document():
    document = copy.deepcopy(api_schema())  # kept for the whole run: not changed in place
    operation = document["paths"]["/api/v1/roles/"]["get"]
    operation["responses"]["200"] = {"summary": "no description"}
    assert not _openapi_3_1().is_valid(document)


def test_component_names_are_stable_and_readable():
    names = set(api_schema()["components"]["schemas"])
    assert {
        "Role",
        "RoleRequest",
        "PatchedRoleRequest",
        "Responsibility",
        "Assignment",
        "Area",
        "Source",
        "Quote",
        "RoleMap",
        "Comparison",
        "MatrixPage",
        "Finder",
        "FinderQueryRequest",
        "CompareContrast",
        "Error",
        "FieldErrors",
        "LevelEnum",
        "ResponsibilityKindEnum",
        "PaginatedRoleSummaryList",
    } <= names
    assert not [n for n in names if re.search(r"[0-9a-f]{3,}Enum$|^Enum", n)]


def test_every_operation_documents_its_errors_and_headers():
    for path, operations in api_schema()["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
            assert {"400", "401", "404", "429"} <= codes, (method, path)
            if method == "get":
                assert "304" in codes and "If-None-Match" in headers
            if method in ("put", "patch", "delete"):
                assert {"403", "412"} <= codes and "If-Match" in headers, (method, path)
            if method in ("post", "put", "patch"):
                assert "413" in codes, (method, path)


def test_formats_and_parameters_are_documented():
    compare = api_schema()["paths"]["/api/v1/compare/"]["get"]
    assert set(compare["responses"]["200"]["content"]) == {
        "application/json",
        "text/csv",
        "text/markdown",
    }
    params = {p["name"]: p for p in compare["parameters"]}
    assert params["roles"]["required"] and "map" in params
    assert params["format"]["schema"]["enum"] == ["csv", "json", "md"]
    assignments = api_schema()["paths"]["/api/v1/assignments/"]["get"]
    names = {p["name"] for p in assignments["parameters"]}
    assert {"role", "level", "area", "source", "search", "ordering", "page", "page_size"} <= names
    page_size = next(p for p in assignments["parameters"] if p["name"] == "page_size")
    assert "1 to 100" in page_size["description"]
    assert page_size["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}


def test_schema_endpoint_and_viewers_serve_offline(client):
    assert client.get("/api/schema/").status_code == 200
    for url in ["/api/docs/", "/api/redoc/"]:
        html = client.get(url).content.decode()
        assert "/static/drf_spectacular_sidecar/" in html
        assert not re.search(r"(src|href)=\"https?://", html), url
        for asset in re.findall(r"(/static/drf_spectacular_sidecar/[^\"']+)", html):
            response = client.get(asset)
            assert response.status_code == 200, asset
            b"".join(response.streaming_content) if response.streaming else response.content


def test_cors_is_off_by_default(client):
    response = client.get("/api/v1/areas/", HTTP_ORIGIN="https://dash.example.org")
    assert "Access-Control-Allow-Origin" not in response


@override_settings(CORS_ALLOWED_ORIGINS=["https://dash.example.org"])
def test_cors_when_configured_is_read_only(client):
    response = client.get("/api/v1/areas/", HTTP_ORIGIN="https://dash.example.org")
    assert response["Access-Control-Allow-Origin"] == "https://dash.example.org"
    preflight = client.options(
        "/api/v1/areas/",
        HTTP_ORIGIN="https://dash.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
    page = client.get("/", HTTP_ORIGIN="https://dash.example.org")
    assert "Access-Control-Allow-Origin" not in page


def test_viewers_say_their_language(client):
    for url in ["/api/docs/", "/api/redoc/"]:
        html = client.get(url).content.decode()
        assert '<html lang="en">' in html, url


def test_tags_come_in_the_order_a_newcomer_needs_them():
    """The global tag list sets the order of the groups in Swagger UI and Redoc: every tag an
    operation uses is listed, roles, compare and matrix first, areas after them."""
    schema = api_schema()
    listed = [tag["name"] for tag in schema["tags"]]
    used = {tag for item in schema["paths"].values() for op in item.values() for tag in op["tags"]}
    assert set(listed) == used
    assert listed[:3] == ["roles", "compare", "matrix"]
    assert listed.index("areas") > listed.index("matrix")
    assert all(tag.get("description") for tag in schema["tags"])


def test_history_routes_name_their_path_parameter_like_the_resource():
    paths = api_schema()["paths"]
    history = sorted(path for path in paths if path.endswith("/history/"))
    assert history == [
        "/api/v1/areas/{slug}/history/",
        "/api/v1/assignments/{id}/history/",
        "/api/v1/disputes/{slug}/history/",
        "/api/v1/quotes/{id}/history/",
        "/api/v1/responsibilities/{slug}/history/",
        "/api/v1/roles/{slug}/history/",
        "/api/v1/sources/{id}/history/",
    ]
    for path in history:
        detail = path.removesuffix("history/")
        assert detail in paths
        names = [p["name"] for p in paths[path]["get"]["parameters"] if p["in"] == "path"]
        detail_names = [p["name"] for p in paths[detail]["get"]["parameters"] if p["in"] == "path"]
        assert names == detail_names, path
