"""No silent overwrite through the API: a write to an existing object names the version it
read (If-Match), or it is refused with 428 and changes nothing (issue 17, finding 1).

Without If-Match a PUT or PATCH was last-write-wins, and `If-Match: *` passed as well.
"""

import pytest

from responsibilities.models import Area
from tests.api.api_support import api_schema
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/areas/strategy/"


@pytest.fixture
def area(reference_map):
    return AreaFactory(slug="strategy", name="Strategy", description="Before.")


def _write(client, method, **headers):
    body = {"slug": "strategy", "name": "Changed", "description": "After."}
    if method == "patch":
        body = {"name": "Changed"}
    if method == "delete":
        return client.delete(URL, unconditional=True, **headers)
    return getattr(client, method)(URL, body, format="json", unconditional=True, **headers)


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_write_without_if_match_is_a_428_and_changes_nothing(editor_client, area, method):
    response = _write(editor_client, method)
    assert response.status_code == 428
    assert response.json()["detail"].startswith("Send If-Match with the ETag you last read")
    assert Area.objects.get(slug="strategy").name == "Strategy"
    assert Area.history.filter(slug="strategy").count() == 1


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
@pytest.mark.parametrize("header", ["*", '"abc", *', " "])
def test_a_wildcard_or_blank_if_match_is_no_version(editor_client, area, method, header):
    response = _write(editor_client, method, HTTP_IF_MATCH=header)
    assert response.status_code == 428
    if "*" in header:
        assert response.json()["detail"].startswith("If-Match: * is not a version")
    assert Area.objects.get(slug="strategy").name == "Strategy"


def test_the_second_of_two_editors_who_read_the_same_version_is_refused(editor_client, area):
    """GIVEN two editors who both read the area (same ETag)
    WHEN the first saves a change, then the second saves theirs
    THEN the first is a 200 and the second a 412: the first change is kept."""
    etag = editor_client.get(URL)["ETag"]
    first = editor_client.patch(URL, {"name": "First"}, format="json", HTTP_IF_MATCH=etag)
    second = editor_client.patch(URL, {"name": "Second"}, format="json", HTTP_IF_MATCH=etag)
    assert (first.status_code, second.status_code) == (200, 412)
    assert Area.objects.get(slug="strategy").name == "First"


def test_the_schema_documents_the_required_if_match_and_the_428():
    for path, operations in api_schema()["paths"].items():
        for method in ("put", "patch", "delete"):
            if method not in operations:
                continue
            operation = operations[method]
            (if_match,) = [p for p in operation["parameters"] if p["name"] == "If-Match"]
            assert if_match["required"] is True, (method, path)
            assert "428" in operation["responses"], (method, path)


def test_creating_needs_no_if_match(editor_client, reference_map):
    body = {"slug": "new", "name": "New"}
    response = editor_client.post("/api/v1/areas/", body, format="json")
    assert response.status_code == 201
