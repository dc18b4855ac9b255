"""Who sees a draft map through the API, walked as anonymous, a Reader, another team's
editor, the map's own editor and an Editor (roles/access.py).

For everyone who may not edit it a draft does not exist: absent from /api/v1/maps/, a 404
at /api/v1/maps/{slug}/ like a slug that never existed, and `?map=` answered exactly as an
unknown map on every list and computed endpoint.
"""

import csv
import io

import pytest

from api.urls import router

pytestmark = pytest.mark.django_db

WHO = ["anonymous", "reader", "other_team_editor", "map_editor", "editor"]
SEES_DRAFT = {
    "anonymous": False,
    "reader": False,
    "other_team_editor": False,
    "map_editor": True,
    "editor": True,
}
BACKLOG = "Order the product backlog"
COMPUTED = ["/api/v1/compare/", "/api/v1/matrix/", "/api/v1/finder/"]
# The whole-map downloads, each format and kind of cells.
DOWNLOADS = [
    {"format": "csv"},
    {"format": "csv", "cells": "letters"},
]
# What each computed endpoint reads (the comparison refuses a parameter it does not know).
PARAMS = {
    "/api/v1/compare/": {"roles": "product-manager,product-owner"},
    "/api/v1/finder/": {"responsibilities": "product-backlog"},
}


@pytest.fixture
def world(draft_readers):
    return draft_readers(draft_name="Acme draft map", staff=False)


def _as(api_client, world, who):
    if who != "anonymous":
        api_client.force_authenticate(world[who])
    return api_client


@pytest.mark.parametrize("who", WHO)
def test_the_map_list_and_detail(api_client, world, who):
    client = _as(api_client, world, who)

    slugs = [m["slug"] for m in client.get("/api/v1/maps/").json()["results"]]
    detail = client.get("/api/v1/maps/acme/")
    never = client.get("/api/v1/maps/no-such-map/")

    assert ("acme" in slugs) is SEES_DRAFT[who]
    assert "other" in slugs and "reference" in slugs
    if SEES_DRAFT[who]:
        assert detail.status_code == 200
        assert detail.json()["slug"] == "acme"
    else:
        assert (detail.status_code, detail.json()) == (404, never.json())


@pytest.mark.parametrize("who", WHO)
def test_every_mapped_endpoint_treats_a_hidden_draft_as_unknown(api_client, world, who):
    client = _as(api_client, world, who)
    # The lists that take `?map=` (the others refuse it as an unknown parameter).
    urls = [
        f"/api/v1/{prefix}/"
        for prefix, viewset, _ in router.registry
        if "map" in viewset().known_params("list")
    ] + COMPUTED
    assert "/api/v1/quotes/" in urls and "/api/v1/areas/" not in urls

    for url in urls:
        draft = client.get(url, {**PARAMS.get(url, {}), "map": "acme"})
        never = client.get(url, {**PARAMS.get(url, {}), "map": "no-such-map"})
        if SEES_DRAFT[who]:
            assert draft.status_code == 200, url
        else:
            assert draft.status_code == never.status_code, url
            assert draft.content.decode().replace("acme", "X") == never.content.decode().replace(
                "no-such-map", "X"
            ), url


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("params", DOWNLOADS)
def test_the_whole_map_downloads_treat_a_hidden_draft_as_unknown(api_client, world, who, params):
    client = _as(api_client, world, who)

    draft = client.get("/api/v1/matrix/", {**params, "map": "acme"})
    never = client.get("/api/v1/matrix/", {**params, "map": "no-such-map"})

    if SEES_DRAFT[who]:
        assert draft.status_code == 200
        rows = csv.DictReader(io.StringIO(b"".join(draft.streaming_content).decode()))
        backlog = next(row for row in rows if row["responsibility"] == BACKLOG)
        assert backlog["Project Manager"] == "I"  # the draft's own part
    else:
        assert draft.status_code == never.status_code == 400
        assert draft.content.decode().replace("acme", "X") == never.content.decode().replace(
            "no-such-map", "X"
        )


@pytest.mark.parametrize("who", WHO)
def test_map_compare_with_a_draft(api_client, world, who):
    client = _as(api_client, world, who)

    draft = client.get("/api/v1/maps/compare/", {"a": "reference", "b": "acme"})
    never = client.get("/api/v1/maps/compare/", {"a": "reference", "b": "no-such-map"})

    if SEES_DRAFT[who]:
        assert draft.status_code == 200
        assert draft.json()["b"]["slug"] == "acme"
    else:
        assert draft.status_code == never.status_code == 400
        assert draft.content.decode().replace("acme", "X") == never.content.decode().replace(
            "no-such-map", "X"
        )


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("route", ["health/", "export.xlsx", "export.xlsx?cells=letters"])
def test_a_maps_health_and_workbook_follow_its_visibility(api_client, world, who, route):
    client = _as(api_client, world, who)

    draft = client.get(f"/api/v1/maps/acme/{route}")
    never = client.get(f"/api/v1/maps/no-such-map/{route}")

    if SEES_DRAFT[who]:
        assert draft.status_code == 200
    else:
        assert draft.status_code == never.status_code == 404
        assert draft.json()["detail"].replace("acme", "X") == never.json()["detail"].replace(
            "no-such-map", "X"
        )


@pytest.mark.parametrize("who", WHO)
def test_a_quotes_supports_name_a_drafts_parts_only_to_those_who_see_it(
    api_client, world, sample, who
):
    """GIVEN the draft's part on a shared role rests on a reference quote
    WHEN the quote is read without ?map= (the default map's view of the catalogue)
    THEN its supports list the draft's part only for the draft's editors and the Editors."""
    quote = sample.quotes["po-backlog"]
    draft_part = sample.responsibilities["product-backlog"].assignments.get(role_map__slug="acme")
    draft_part.quotes.add(quote)
    client = _as(api_client, world, who)

    listed = client.get("/api/v1/quotes/", {"page_size": 100}).json()["results"]
    detail = client.get(f"/api/v1/quotes/{quote.pk}/").json()

    for answer in (next(q for q in listed if q["key"] == "po-backlog"), detail):
        maps = {part["map"] for part in answer["supports"]["assignments"]}
        assert ("acme" in maps) is SEES_DRAFT[who]
        assert "reference" in maps  # the reference part on that quote is everyone's
