"""Writes validate like forms: 400 with field messages, 413 for big bodies, never a 500."""

import json

import pytest
from django.test import override_settings

from api.serializers import AssignmentSerializer
from responsibilities.models import Assignment, Level
from roles.models import Role
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    QuoteFactory,
    ResponsibilityFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(reference_map):
    pm = RoleFactory(slug="pm", name="Product Manager")
    po = RoleFactory(slug="po", name="Product Owner")
    vision = ResponsibilityFactory(slug="vision", name="Vision")
    AssignmentFactory(role=pm, responsibility=vision, level=Level.ACCOUNTABLE)
    return pm, po, vision


def test_create_role_with_quotes(editor_client, reference_map):
    quote = QuoteFactory()
    response = editor_client.post(
        "/api/v1/roles/",
        {
            "slug": "cpo",
            "name": "Chief Product Officer",
            "abbreviation": "CPO",
            "summary": "Owns the portfolio.",
            "quotes": [quote.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["quotes"] == [quote.pk]
    assert response.json()["assignments"] == []
    assert Role.objects.get(slug="cpo").quotes.get() == quote


def test_create_assignment_defaults_to_the_reference_map(editor_client, pair):
    response = editor_client.post(
        "/api/v1/assignments/",
        {"role": "po", "responsibility": "vision", "level": "C"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["map"] == "reference"


def test_second_accountable_is_a_400_on_level(editor_client, pair):
    response = editor_client.post(
        "/api/v1/assignments/",
        {"role": "po", "responsibility": "vision", "level": "A"},
        format="json",
    )
    assert response.status_code == 400
    assert "already Accountable" in response.json()["level"][0]
    assert Assignment.objects.filter(level="A").count() == 1


def test_changing_a_level_to_a_second_accountable_is_a_400(editor_client, pair):
    _, po, vision = pair
    consulted = AssignmentFactory(role=po, responsibility=vision, level="C")
    response = editor_client.patch(
        f"/api/v1/assignments/{consulted.pk}/", {"level": "A"}, format="json"
    )
    assert response.status_code == 400 and "level" in response.json()
    consulted.refresh_from_db()
    assert consulted.level == "C"


def test_accountable_race_lost_after_validation_is_a_400(editor_client, pair, monkeypatch):
    """Another request inserts the Accountable between our validation and our insert."""
    _, po, vision = pair
    Assignment.objects.filter(level="A").delete()
    original = AssignmentSerializer.validate

    def validate_then_lose_the_race(self, attrs):
        attrs = original(self, attrs)
        AssignmentFactory(responsibility=vision, level="A")
        return attrs

    monkeypatch.setattr(AssignmentSerializer, "validate", validate_then_lose_the_race)
    evidence = QuoteFactory()
    response = editor_client.post(
        "/api/v1/assignments/",
        {"role": "po", "responsibility": "vision", "level": "A", "quotes": [evidence.pk]},
        format="json",
    )
    assert response.status_code == 400
    assert "already Accountable" in response.json()["level"][0]
    assert Assignment.objects.filter(level="A", role=po).count() == 0


def test_same_role_twice_in_a_map_is_a_400(editor_client, pair):
    response = editor_client.post(
        "/api/v1/assignments/",
        {"role": "pm", "responsibility": "vision", "level": "R"},
        format="json",
    )
    assert response.status_code == 400
    assert "already has a part" in response.json()["non_field_errors"][0]


@pytest.mark.parametrize(
    "body, field, message",
    [
        ({"role": "ghost", "responsibility": "vision", "level": "R"}, "role", "does not exist"),
        ({"role": "po", "responsibility": "nope", "level": "R"}, "responsibility", "not exist"),
        ({"role": "po", "responsibility": "vision", "level": "X"}, "level", "not a valid"),
        ({"role": "po", "responsibility": "vision", "level": "R", "map": "x"}, "map", "not exist"),
        ({"role": "po", "responsibility": "vision", "level": "R", "quotes": ["a"]}, "quotes", ""),
        ({"role": ["po"], "responsibility": "vision", "level": "R"}, "role", ""),
        ({"responsibility": "vision"}, "role", "required"),
    ],
)
def test_bad_assignment_fields(editor_client, pair, body, field, message):
    response = editor_client.post("/api/v1/assignments/", body, format="json")
    assert response.status_code == 400
    assert message in str(response.json()[field])


def test_too_long_text_and_wrong_types(editor_client, reference_map):
    response = editor_client.post(
        "/api/v1/roles/",
        {"slug": "x", "name": "X", "abbreviation": "X", "summary": "s" * 301, "order": "first"},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert "300 characters" in errors["summary"][0]
    assert "valid integer" in errors["order"][0]


def test_blank_quote_text_and_unknown_source(editor_client, reference_map):
    response = editor_client.post(
        "/api/v1/quotes/", {"key": "k", "text": "   ", "source_id": 999}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"text", "source_id"}


def test_malformed_json_is_a_400(editor_client, reference_map):
    response = editor_client.post(
        "/api/v1/areas/", '{"name": "Oops",', content_type="application/json"
    )
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_a_non_object_body_is_a_400(editor_client, reference_map):
    response = editor_client.post("/api/v1/areas/", "[1, 2]", content_type="application/json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_form_bodies_are_a_415(editor_client, reference_map):
    response = editor_client.post("/api/v1/areas/", {"name": "Form"})
    assert response.status_code == 415
    assert "Unsupported media type" in response.json()["detail"]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_bodies_over_the_limit_are_a_413_and_change_nothing(editor_client, reference_map):
    body = json.dumps({"slug": "big", "name": "Big", "description": "x" * 2000})
    response = editor_client.post("/api/v1/areas/", body, content_type="application/json")
    assert response.status_code == 413
    assert "1000 bytes" in response.json()["detail"]
    assert not editor_client.get("/api/v1/areas/").json()["results"]


def test_the_default_limit_is_one_mebibyte(editor_client, reference_map):
    body = json.dumps({"slug": "big", "name": "Big", "description": "x" * (1024 * 1024)})
    response = editor_client.post("/api/v1/areas/", body, content_type="application/json")
    assert response.status_code == 413


def test_deleting_an_area_in_use_is_a_409(editor_client, reference_map):
    area = AreaFactory(slug="busy")
    ResponsibilityFactory(area=area, name="Still here")
    response = editor_client.delete("/api/v1/areas/busy/")
    assert response.status_code == 409
    assert "Still here" in response.json()["detail"]


def test_delete_role_removes_its_assignments(editor_client, pair):
    assert editor_client.delete("/api/v1/roles/pm/").status_code == 204
    assert not Assignment.objects.exists()


def test_null_characters_in_search_are_a_400_object(api_client, reference_map):
    response = api_client.get("/api/v1/quotes/?search=a%00b")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "A query parameter contains a NUL character (%00); remove it."
    }


def test_a_map_cannot_be_based_on_itself(editor_client, reference_map):
    response = editor_client.patch(
        "/api/v1/maps/reference/", {"based_on": "reference"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"based_on": ["A map cannot be based on itself."]}


def test_token_writes_are_recorded_in_history_with_their_user(editor_client, editor, pair):
    response = editor_client.patch(
        "/api/v1/roles/po/", {"summary": "Orders the backlog."}, format="json"
    )
    assert response.status_code == 200
    record = Role.history.filter(slug="po").latest("history_date")
    assert record.summary == "Orders the backlog." and record.history_user == editor
