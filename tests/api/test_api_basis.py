"""The API carries each assignment's basis and rationale, and filters by basis."""

import pytest

from responsibilities.levels import Basis
from tests.world import RATIONALE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evidence")]


def test_assignment_resource_has_basis_and_rationale(api_client, sample):
    body = api_client.get("/api/v1/assignments/?role=product-manager&level=A").json()
    vision = next(a for a in body["results"] if a["responsibility"] == "product-vision")
    assert vision["basis"] == "stated" and vision["rationale"] == RATIONALE


def test_assignments_filter_by_basis(api_client, sample):
    inferred = api_client.get("/api/v1/assignments/?basis=inferred").json()["results"]
    assert [(a["role"], a["responsibility"]) for a in inferred] == [
        ("product-owner", "product-vision")
    ]
    stated = api_client.get("/api/v1/assignments/?basis=stated&page_size=100").json()
    assert {a["basis"] for a in stated["results"]} == {Basis.STATED}
    assert stated["count"] == 2
    refused = api_client.get("/api/v1/assignments/?basis=guessed")
    assert refused.status_code == 400 and "basis" in refused.json()


def test_nested_assignment_summaries_carry_the_basis(api_client, sample):
    role = api_client.get("/api/v1/roles/product-manager/").json()
    vision = next(a for a in role["assignments"] if a["responsibility"] == "product-vision")
    assert (vision["basis"], vision["rationale"]) == ("stated", RATIONALE)
    duty = api_client.get("/api/v1/responsibilities/product-vision/").json()
    assert {a["role"]: a["basis"] for a in duty["assignments"]} == {
        "product-manager": "stated",
        "product-owner": "inferred",
        "project-manager": "stated",
    }
    quote = sample.quotes["pm-owns-vision"]
    supports = api_client.get(f"/api/v1/quotes/{quote.pk}/").json()["supports"]["assignments"]
    assert [a["basis"] for a in supports] == ["stated"]


def test_computed_cells_carry_the_basis(api_client, sample):
    compare = api_client.get("/api/v1/compare/?roles=product-manager,product-owner").json()
    row = next(r for r in compare["rows"] if r["responsibility"] == "product-vision")
    assert [(c["basis"], c["rationale"]) for c in row["cells"]] == [
        ("stated", RATIONALE),
        ("inferred", ""),
    ]
    matrix = api_client.get("/api/v1/matrix/").json()
    row = next(r for r in matrix["rows"] if r["responsibility"] == "product-vision")
    assert [c["basis"] for c in row["cells"]] == ["stated", "inferred", "stated", None]
    finder = api_client.get("/api/v1/finder/?responsibilities=product-vision").json()
    pm = next(r for r in finder["results"] if r["role"]["slug"] == "product-manager")
    assert pm["matched"] == [
        {
            "responsibility": "product-vision",
            "name": "Set the product vision",
            "level": "A",
            "basis": "stated",
        }
    ]
