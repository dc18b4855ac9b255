"""django-filter filters on every list, named by slug."""

import pytest

from tests.factories import AssignmentFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(dataset):
    return dataset


def _slugs(client, url, key="slug"):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return [item[key] for item in response.json()["results"]]


def test_assignments_by_role_and_level(api_client, data):
    results = api_client.get("/api/v1/assignments/?role=product-owner&level=A").json()["results"]
    assert results and {(a["role"], a["level"]) for a in results} == {("product-owner", "A")}


def test_assignments_by_area_responsibility_and_source(api_client, data):
    by_area = api_client.get("/api/v1/assignments/?area=d-area-2").json()["results"]
    assert by_area and {a["area"] for a in by_area} == {"d-area-2"}
    by_resp = _slugs(api_client, "/api/v1/assignments/?responsibility=d-resp-0", "role")
    assert by_resp == ["product-manager", "product-owner", "project-manager"]
    source = SourceFactory(slug="interview")
    quoted = AssignmentFactory(level="I", quotes=[QuoteFactory(source=source)])
    assert _slugs(api_client, "/api/v1/assignments/?source=interview", "id") == [quoted.pk]


def test_responsibilities_by_area_kind_role_and_level(api_client, data):
    assert _slugs(api_client, "/api/v1/responsibilities/?area=d-area-0") == [
        "d-resp-0",
        "d-resp-3",
    ]
    assert _slugs(api_client, "/api/v1/responsibilities/?kind=shared-quality") == ["d-resp-5"]
    held_a = _slugs(api_client, "/api/v1/responsibilities/?role=product-owner&level=A")
    assert held_a == ["d-resp-1", "d-resp-5"]
    any_part = _slugs(api_client, "/api/v1/responsibilities/?role=product-owner")
    assert set(any_part) > set(held_a)


def test_roles_by_attribute_and_responsibility(api_client, data):
    assert _slugs(api_client, "/api/v1/roles/?horizon=project") == ["project-manager"]
    holders = _slugs(api_client, "/api/v1/roles/?responsibility=d-resp-0")
    assert holders == ["product-manager", "product-owner", "project-manager"]


def test_quotes_by_source_role_and_responsibility(api_client, data):
    by_source = api_client.get("/api/v1/quotes/?source=d-source-0").json()["results"]
    assert by_source and {q["source"]["slug"] for q in by_source} == {"d-source-0"}
    by_role = api_client.get("/api/v1/quotes/?role=product-owner").json()["results"]
    assert [q["supports"]["roles"] for q in by_role] == [["product-owner"]]
    by_resp = api_client.get("/api/v1/quotes/?responsibility=d-resp-2").json()["results"]
    assert [q["supports"]["responsibilities"] for q in by_resp] == [["d-resp-2"]]


def test_invalid_filter_value_is_a_400_with_the_field(api_client, data):
    response = api_client.get("/api/v1/assignments/?level=Z")
    assert response.status_code == 400
    assert "level" in response.json()
