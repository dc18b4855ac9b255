"""The role resource carries its coverage: quotes, sources, assignments by basis and level."""

import pytest

from tests.factories import AssignmentFactory, QuoteFactory, RoleMapFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evidence")]


def test_role_detail_has_coverage(api_client, sample):
    coverage = api_client.get("/api/v1/roles/project-manager/").json()["coverage"]
    assert coverage == {
        "quotes": 2,
        "sources": 1,
        "assignments": 4,
        "without_quote": 2,
        "by_basis": {"stated": 1, "described": 3, "inferred": 0, "agreed": 0},
        "by_level": {"R": 2, "A": 1, "C": 0, "I": 0, "N": 1},
        "in_words": "4 assignments rest on 2 quotes from 1 source",
    }


def test_role_list_coverage_follows_the_map(api_client, sample):
    other = RoleMapFactory(slug="other")
    AssignmentFactory(role_map=other, role=sample.roles["pmm"], level="A", quotes=[QuoteFactory()])
    body = api_client.get("/api/v1/roles/?map=other").json()
    by_role = {r["slug"]: r["coverage"] for r in body["results"]}
    assert by_role["product-marketing-manager"]["assignments"] == 1
    assert by_role["product-manager"]["assignments"] == 0
    reference = api_client.get("/api/v1/roles/").json()["results"]
    assert {r["slug"]: r["coverage"]["assignments"] for r in reference}["product-manager"] == 6
