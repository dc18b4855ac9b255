"""Team maps through the API: own roles and responsibilities, the team's decisions, copy,
review dates (issue 15)."""

import datetime

import pytest

from responsibilities.models import Assignment
from roles.models import Role, RoleMap
from tests.api.api_support import SchemaCheckingClient
from tests.factories import QuoteFactory

pytestmark = pytest.mark.django_db

ROLE = {"abbreviation": "SM", "summary": "Runs the ceremonies."}


def test_roles_carry_their_map_and_a_map_lists_only_what_it_sees(api_client, team_maps):
    """GIVEN two team maps each with an own role
    WHEN the role list is read for each map and for the reference map
    THEN each lists the shared roles and its own (with `map`), never the other's
    """

    def listed(query):
        body = api_client.get(f"/api/v1/roles/{query}").json()
        return {role["slug"]: role["map"] for role in body["results"]}

    shared = {
        "product-manager": None,
        "product-owner": None,
        "project-manager": None,
        "product-marketing-manager": None,
    }
    assert listed("") == shared
    assert listed("?map=acme") == {**shared, "scrum-master": "acme"}
    assert listed("?map=globex") == {**shared, "eng-manager": "globex"}
    works = api_client.get("/api/v1/responsibilities/?map=acme").json()["results"]
    own = {w["slug"]: w["map"] for w in works if w["map"]}
    assert own == {"run-ceremonies": "acme"}
    assert api_client.get("/api/v1/roles/scrum-master/").status_code == 404
    assert api_client.get("/api/v1/roles/scrum-master/?map=globex").status_code == 404
    assert api_client.get("/api/v1/roles/scrum-master/?map=acme").json()["map"] == "acme"


def test_post_with_a_map_creates_that_maps_own_role(editor_client, team_maps):
    response = editor_client.post(
        "/api/v1/roles/",
        {"slug": "scrum-master", "name": "Scrum Master", "map": "globex", **ROLE},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["map"] == "globex"
    assert Role.objects.filter(slug="scrum-master").count() == 2


@pytest.mark.parametrize(
    "body, field, words",
    [
        ({"slug": "Product-Manager", "name": "Our PM", "map": "acme"}, "slug", "shared catalogue"),
        ({"slug": "SCRUM-MASTER", "name": "Another", "map": "acme"}, "slug", "in this map"),
        ({"slug": "Product-Manager", "name": "Shared PM"}, "slug", "already"),
        ({"slug": "x", "name": "X", "map": "nope"}, "map", "does not exist"),
    ],
)
def test_a_slug_a_map_already_sees_is_refused_and_nothing_is_written(
    editor_client, team_maps, body, field, words
):
    before = Role.objects.count()
    response = editor_client.post("/api/v1/roles/", {**ROLE, **body}, format="json")
    assert response.status_code == 400
    assert words in " ".join(response.json()[field])
    assert Role.objects.count() == before


def test_an_entry_cannot_move_to_another_map(editor_client, team_maps):
    response = editor_client.patch(
        "/api/v1/roles/scrum-master/?map=acme", {"map": "globex"}, format="json"
    )
    assert response.status_code == 400
    assert "cannot change" in response.json()["map"][0]


def test_the_map_resource_carries_kind_status_and_review(api_client, team_maps):
    RoleMap.objects.filter(slug="acme").update(
        last_reviewed=datetime.date(2020, 1, 1), review_every_days=30
    )
    body = api_client.get("/api/v1/maps/acme/").json()
    assert {k: body[k] for k in ("kind", "status", "last_reviewed", "review_every_days")} == {
        "kind": "team",
        "status": "published",
        "last_reviewed": "2020-01-01",
        "review_every_days": 30,
    }
    assert (body["review_due_on"], body["review_due"]) == ("2020-01-31", True)
    reference = api_client.get("/api/v1/maps/reference/").json()
    assert (reference["kind"], reference["review_due"]) == ("reference", False)


def test_copy_endpoint_makes_a_team_map_that_compares_equal(editor_client, evidence):
    response = editor_client.post(
        "/api/v1/maps/reference/copy/", {"name": "Acme", "slug": "acme"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert (response.json()["kind"], response.json()["based_on"]) == ("team", "reference")
    compared = SchemaCheckingClient().get("/api/v1/maps/compare/?a=reference&b=acme").json()
    assert compared["count"] == 0


def test_copy_endpoint_refuses_a_taken_slug_and_anonymous_callers(editor_client, team_maps):
    response = editor_client.post(
        "/api/v1/maps/reference/copy/", {"name": "New", "slug": "Acme"}, format="json"
    )
    assert response.status_code == 400 and "already exists" in response.json()["slug"][0]
    response = SchemaCheckingClient().post(
        "/api/v1/maps/reference/copy/", {"name": "New", "slug": "new"}, format="json"
    )
    assert response.status_code in (401, 403)
    assert not RoleMap.objects.filter(slug="new").exists()


def test_review_endpoint_records_the_day(editor_client, team_maps):
    response = editor_client.post("/api/v1/maps/acme/review/", {"on": "2026-11-30"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["last_reviewed"] == "2026-11-30"
    assert team_maps.acme.history.first().last_reviewed == datetime.date(2026, 11, 30)


def _agreed(**given):
    return {
        "map": "acme",
        "role": "scrum-master",
        "responsibility": "product-vision",
        "level": "A",
        "basis": "agreed",
        "rationale": "Our leadership team decided the Scrum Master owns it.",
        "decided_by": "Product leadership, 2026-11 offsite",
        **given,
    }


def test_an_agreed_part_needs_no_quote_in_a_team_map(editor_client, team_maps, sample):
    Assignment.objects.filter(responsibility__slug="product-vision", level="A").delete()
    response = editor_client.post("/api/v1/assignments/", _agreed(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["basis"], body["decided_on"], body["decided_by"]) == (
        "agreed",
        datetime.date.today().isoformat(),
        "Product leadership, 2026-11 offsite",
    )


@pytest.mark.parametrize(
    "given, field, words",
    [
        ({"map": "reference", "role": "product-owner", "level": "C"}, "basis", "reference map"),
        ({"rationale": ""}, "rationale", "needs its rationale"),
        ({"role": "eng-manager"}, "role", "Object with slug=eng-manager does not exist"),
    ],
)
def test_agreed_parts_are_refused_where_they_do_not_belong(
    editor_client, team_maps, given, field, words
):
    before = Assignment.objects.count()
    response = editor_client.post("/api/v1/assignments/", _agreed(**given), format="json")
    assert response.status_code == 400
    assert words in " ".join(response.json()[field])
    assert Assignment.objects.count() == before


def test_a_team_changing_a_copied_level_records_its_decision(editor_client, evidence):
    editor_client.post(
        "/api/v1/maps/reference/copy/", {"name": "Acme", "slug": "acme"}, format="json"
    )
    part = Assignment.objects.get(
        role_map__slug="acme", role__slug="product-manager", responsibility__slug="product-vision"
    )
    response = editor_client.patch(f"/api/v1/assignments/{part.pk}/", {"level": "R"}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["basis"], response.json()["level"]) == ("agreed", "R")
    # With a new quote for the new level, the part stays a reading of the sources.
    quote = QuoteFactory()
    response = editor_client.patch(
        f"/api/v1/assignments/{part.pk}/",
        {"level": "C", "basis": "described", "quotes": [quote.pk], "rationale": "“helps” (X)"},
        format="json",
    )
    assert response.json()["basis"] == "described"
    # The reference map is untouched.
    assert (
        Assignment.objects.get(
            role_map__slug="reference",
            role__slug="product-manager",
            responsibility__slug="product-vision",
        ).level
        == "A"
    )
