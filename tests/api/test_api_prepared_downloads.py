"""The API's whole-map downloads of a big map (roles/prepared.py): 202 Accepted with
Retry-After and a JSON body while the file is prepared, then the kept file at the same
address. "Big" is lowered to the sample's size; the real build thread runs, so the data is
committed (transactional tests)."""

import io

import pytest
from openpyxl import load_workbook

from responsibilities.models import Assignment
from roles.prepared import wait_for_builds
from tests.responses import body_of

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 60


def test_the_matrix_csv_is_accepted_then_served(api_client, big_maps, settings):
    """GIVEN a big map WHEN a client asks for its whole matrix as CSV THEN it gets 202 with
    Retry-After and a readable body, and once prepared the file with an ETag, the same
    bytes as the streamed CSV."""
    url = "/api/v1/matrix/?format=csv"
    first = api_client.get(url)
    assert first.status_code == 202
    assert first["Retry-After"] == "3" and first["Content-Type"] == "application/json"
    body = first.json()
    parts = Assignment.objects.filter(role_map__slug="reference").count()
    assert body["status"] == "preparing" and body["retry_after"] == 3
    assert body["parts"] == parts and "Ask again after 3 seconds" in body["detail"]
    assert not first.has_header("ETag")
    assert wait_for_builds(TIMEOUT)
    ready = api_client.get(url)
    assert ready.status_code == 200
    assert ready["Content-Disposition"] == 'attachment; filename="raci-matrix.csv"'
    kept = body_of(ready)
    assert api_client.get(url, HTTP_IF_NONE_MATCH=ready["ETag"]).status_code == 304
    settings.PMROLES_PREPARE_ABOVE_PARTS = 10**9
    streamed = api_client.get(url)
    assert streamed.streaming and body_of(streamed) == kept
    assert streamed["ETag"] == ready["ETag"]  # the tag names the data, not how it was sent


def test_the_map_workbook_is_accepted_then_served(api_client, big_maps):
    url = "/api/v1/maps/reference/export.xlsx?cells=letters"
    assert api_client.get(url).status_code == 202
    assert wait_for_builds(TIMEOUT)
    ready = api_client.get(url)
    assert ready.status_code == 200
    assert ready["Content-Disposition"] == 'attachment; filename="reference-letters.xlsx"'
    book = load_workbook(io.BytesIO(body_of(ready)), read_only=True)
    assert book.sheetnames == ["Matrix", "Legend", "About"]


def test_bad_input_is_still_a_400_before_anything_is_prepared(api_client, big_maps):
    from roles.models import PreparedDownload

    response = api_client.get("/api/v1/matrix/?format=csv&cells=quotes")
    assert response.status_code == 400
    response = api_client.get("/api/v1/maps/reference/export.xlsx?cells=nope")
    assert response.status_code == 400
    assert not PreparedDownload.objects.exists()


def test_the_schema_documents_the_202(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    for path in ("/api/v1/matrix/", "/api/v1/maps/{slug}/export.xlsx"):
        responses = schema["paths"][path]["get"]["responses"]
        assert "202" in responses and "503" in responses
        preparing = responses["202"]["content"]["application/json"]["schema"]["$ref"]
        assert preparing.endswith("/Preparing")
