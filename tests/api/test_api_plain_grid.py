"""The plain grid over the API (`cells=letters`): the matrix as CSV and the map's workbook with
role letters only, the same bytes as the page's, tagged apart from the evidence download,
documented in the schema; any other `cells` is a 400 naming the parameter."""

import io
import json

import openpyxl
import pytest

from responsibilities.models import Assignment, Level
from tests.api.test_api_schema import api_schema

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_reads")]

MESSAGE = (
    "cells “{}” must be letters (each role's letter only: a plain grid) or evidence (the "
    "letters with each part's basis, rationale and quotes; the default)."
)


def _body(response) -> bytes:
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content)


def test_the_matrix_csv_with_cells_letters_is_the_pages_plain_grid(api_client, client, sample):
    response = api_client.get("/api/v1/matrix/?format=csv&cells=letters")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="raci-matrix-letters.csv"'
    body = _body(response)
    assert body.decode().splitlines()[0] == (
        "area,responsibility,kind,Product Manager,Product Owner,Project Manager,"
        "Product Marketing Manager"
    )
    assert body == _body(client.get("/matrix/?format=csv&cells=letters"))
    by_accept = api_client.get("/api/v1/matrix/?cells=letters", HTTP_ACCEPT="text/csv")
    assert _body(by_accept) == body


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/matrix/?cells=plain",
        "/api/v1/matrix/?format=csv&cells=plain",
        "/api/v1/maps/reference/export.xlsx?cells=plain",
    ],
)
def test_an_unknown_cells_value_is_a_400_naming_the_parameter(api_client, sample, url):
    response = api_client.get(url)
    assert response.status_code == 400
    assert json.loads(response.content) == {"cells": [MESSAGE.format("plain")]}


def test_the_workbook_with_cells_letters_has_the_matrix_sheet_only(api_client, client, sample):
    response = api_client.get("/api/v1/maps/reference/export.xlsx?cells=letters")
    assert 'filename="reference-letters.xlsx"' in response["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(_body(response)))
    assert wb.sheetnames == ["Matrix", "Legend", "About"]
    page = openpyxl.load_workbook(
        io.BytesIO(_body(client.get("/matrix/?format=xlsx&cells=letters")))
    )
    assert list(wb["Matrix"].iter_rows(values_only=True)) == list(
        page["Matrix"].iter_rows(values_only=True)
    )


def test_the_plain_grid_is_tagged_apart_and_keeps_its_tag_through_a_note(sample, editor_client):
    """GIVEN the plain grid and the evidence CSV of the same map
    THEN their ETags differ and a reload of each is a 304;
    WHEN an editor edits a part's note alone, the plain grid (which shows no note) is still
    a 304 and the evidence CSV is not; a change of level changes the plain grid too."""
    part = Assignment.objects.filter(role__slug="product-owner").first()
    letters_url = "/api/v1/matrix/?format=csv&cells=letters"
    evidence_url = "/api/v1/matrix/?format=csv"
    letters_tag = editor_client.get(letters_url)["ETag"]
    evidence_tag = editor_client.get(evidence_url)["ETag"]
    assert letters_tag != evidence_tag
    assert editor_client.get(letters_url, HTTP_IF_NONE_MATCH=letters_tag).status_code == 304
    assert editor_client.get(evidence_url, HTTP_IF_NONE_MATCH=evidence_tag).status_code == 304
    edited = editor_client.patch(
        f"/api/v1/assignments/{part.pk}/", {"note": "An editor's note."}, format="json"
    )
    assert edited.status_code == 200, edited.content
    assert editor_client.get(letters_url, HTTP_IF_NONE_MATCH=letters_tag).status_code == 304
    assert editor_client.get(evidence_url, HTTP_IF_NONE_MATCH=evidence_tag).status_code == 200
    new_level = Level.INFORMED if part.level != Level.INFORMED else Level.CONSULTED
    changed = editor_client.patch(
        f"/api/v1/assignments/{part.pk}/", {"level": new_level}, format="json"
    )
    assert changed.status_code == 200, changed.content
    assert editor_client.get(letters_url, HTTP_IF_NONE_MATCH=letters_tag).status_code == 200


def test_the_schema_documents_cells_on_both_downloads():
    paths = api_schema()["paths"]
    for path in ("/api/v1/matrix/", "/api/v1/maps/{slug}/export.xlsx"):
        params = {p["name"]: p for p in paths[path]["get"]["parameters"]}
        # An empty value is the default (roles.letters.parse_cells), as the schema lists it.
        assert params["cells"]["schema"] == {
            "type": "string",
            "enum": ["evidence", "letters", ""],
        }
        assert "letters" in params["cells"]["description"]
        assert "400" in params["cells"]["description"]
