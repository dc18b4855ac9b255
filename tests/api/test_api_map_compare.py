"""GET /api/v1/maps/compare/: the changes between two maps, as the schema documents them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from responsibilities.models import Basis, Level
from tests.factories import (
    AssignmentFactory,
    QuoteFactory,
    ResponsibilityFactory,
    RoleFactory,
    RoleMapFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_reads")]

URL = "/api/v1/maps/compare/"


@pytest.fixture
def maps():
    base = RoleMapFactory(name="Reference")
    variant = RoleMapFactory(slug="variant", name="Variant", based_on=base)
    po = RoleFactory(slug="po", name="Product owner")
    pm = RoleFactory(slug="pm", name="Product manager")
    gained, lost, moved, based, same = ResponsibilityFactory.create_batch(5)
    AssignmentFactory(
        role_map=variant,
        role=po,
        responsibility=gained,
        rationale="fills the gap",
        quotes=[QuoteFactory()],
    )
    AssignmentFactory(role_map=base, role=pm, responsibility=lost, level=Level.NO_PART)
    AssignmentFactory(role_map=base, role=po, responsibility=moved, level=Level.CONSULTED)
    AssignmentFactory(role_map=variant, role=po, responsibility=moved, level=Level.RESPONSIBLE)
    AssignmentFactory(role_map=base, role=po, responsibility=based, basis=Basis.STATED)
    AssignmentFactory(role_map=variant, role=po, responsibility=based, basis=Basis.INFERRED)
    for m in (base, variant):
        AssignmentFactory(role_map=m, role=pm, responsibility=same)
    return {"gained": gained, "lost": lost, "moved": moved, "based": based}


def test_payload_lists_each_change_with_both_sides(api_client, maps):
    body = api_client.get(URL, {"b": "variant"}).json()
    assert (body["a"]["slug"], body["b"]["slug"]) == ("reference", "variant")
    assert body["counts"] == {"added": 1, "removed": 1, "level": 1, "basis": 1}
    assert body["count"] == 4 and body["num_pages"] == 1 and body["role"] is None
    rows = {r["responsibility"]: r for r in body["rows"]}
    gained = rows[maps["gained"].slug]
    assert gained["change"] == "added" and gained["a"] is None
    assert gained["b"] == {
        "level": "R",
        "basis": "described",
        "rationale": "fills the gap",
        "quote_count": 1,
    }
    # A stated "no part" that the variant leaves unstated is removed, not "no part".
    lost = rows[maps["lost"].slug]
    assert lost["change"] == "removed" and lost["a"]["level"] == "N" and lost["b"] is None
    assert rows[maps["moved"].slug]["change"] == "level"
    assert rows[maps["based"].slug]["change"] == "basis"
    po = next(r for r in body["by_role"] if r["role"] == "po")
    assert po["counts"] == {"added": 1, "removed": 0, "level": 1, "basis": 1} and po["total"] == 3
    assert any("the product owner gains 1 responsibility" in s for s in body["in_words"])


def test_one_role(api_client, maps):
    body = api_client.get(URL, {"a": "reference", "b": "variant", "role": "pm"}).json()
    assert body["role"] == "pm"
    assert [r["role"] for r in body["rows"]] == ["pm"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "b"),
        ({"b": "nope"}, "b"),
        ({"a": "nope", "b": "variant"}, "a"),
        ({"a": "variant", "b": "variant"}, "b"),
        ({"b": "variant", "role": "nobody"}, "role"),
        ({"b": "variant", "page": "0"}, "page"),
        ({"b": "variant", "page": "2"}, "page"),
    ],
)
def test_bad_input_is_a_json_400_naming_the_parameter(api_client, maps, params, field):
    response = api_client.get(URL, params)
    assert response.status_code == 400
    assert response.json()[field][0]


def test_query_count_is_fixed(api_client, maps):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert api_client.get(URL, {"b": "variant", "role": "po"}).status_code == 200
        return len(ctx.captured_queries)

    # The maps; the role; b's changes counted by role and kind; a's parts missing from b
    # counted by role; the page's keys; the page's assignments on both sides.
    assert count() == 6
    po = maps["gained"].assignments.first().role
    for _ in range(5):
        AssignmentFactory(
            role_map=maps["gained"].assignments.first().role_map, role=po, quotes=[QuoteFactory()]
        )
    assert count() == 6


def test_the_schema_documents_the_operation(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/maps/compare/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"a", "b", "role", "page"}
    assert "400" in operation["responses"]
