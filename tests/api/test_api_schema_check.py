"""The schema check every API test relies on (tests/api/api_support.py) refuses a body that
contradicts the published schema, and an undocumented status."""

import json

import pytest
from django.http import JsonResponse

from tests.api.api_support import check_against_schema


def _answer(body, status=200, path="/api/v1/roles/"):
    response = JsonResponse(body, status=status, safe=False)
    response.request = {"PATH_INFO": path, "REQUEST_METHOD": "GET"}
    response.json = lambda: json.loads(response.content)  # as the test client adds it
    return response


def test_a_body_the_schema_does_not_describe_fails_with_the_first_error():
    with pytest.raises(AssertionError, match=r"GET /api/v1/roles/ 200: .*\"results\""):
        check_against_schema(_answer({"count": 1, "next": None, "previous": None}))
    with pytest.raises(AssertionError, match="is not of type"):
        check_against_schema(_answer({"count": "x", "next": None, "previous": None, "results": []}))


def test_a_body_the_schema_describes_passes():
    check_against_schema(_answer({"count": 0, "next": None, "previous": None, "results": []}))


def test_an_undocumented_status_fails():
    with pytest.raises(AssertionError, match="does not document"):
        check_against_schema(_answer({"detail": "x"}, status=418))
