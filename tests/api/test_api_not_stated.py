"""JSON tells a silence (level null, stated false) from a stated "no part" (level N)."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evidence")]


def _vision_cells(body):
    row = next(r for r in body["rows"] if r["responsibility"] == "product-vision")
    return {c["role"]: c for c in row["cells"]}


def test_matrix_cells_tell_silence_from_stated_no_part(api_client, sample):
    cells = _vision_cells(api_client.get("/api/v1/matrix/").json())
    project, marketing = cells["project-manager"], cells["product-marketing-manager"]
    assert (project["level"], project["stated"], project["basis"]) == ("N", True, "stated")
    assert project["quotes"] == [sample.quotes["no-part"].pk]
    assert (marketing["level"], marketing["stated"], marketing["basis"]) == (None, False, None)
    assert marketing["quotes"] == []
    assert cells["product-manager"]["stated"] is True


def test_compare_cells_tell_silence_from_stated_no_part(api_client, sample):
    url = "/api/v1/compare/?roles=project-manager,product-marketing-manager"
    cells = _vision_cells(api_client.get(url).json())
    assert (cells["project-manager"]["level"], cells["project-manager"]["stated"]) == ("N", True)
    assert cells["product-marketing-manager"]["stated"] is False


def test_finder_says_not_stated_rather_than_no_part(api_client, sample):
    body = api_client.get("/api/v1/finder/?responsibilities=product-vision").json()
    results = {r["role"]["slug"]: r for r in body["results"]}
    marketing = results["product-marketing-manager"]
    assert marketing["reasons"][0] == "Not stated in the sources for Set the product vision"
    assert marketing["not_done"] == [{"slug": "product-vision", "name": "Set the product vision"}]
    project = results["project-manager"]
    assert project["matched"][0]["level"] == "N"
    assert project["reasons"][0] == "No part (stated) for Set the product vision"
    assert project["score"] == 0
