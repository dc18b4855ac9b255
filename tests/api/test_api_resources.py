"""Every resource reads as documented: shapes, slug lookups, maps, pagination, search."""

import pytest

from tests.factories import (
    AssignmentFactory,
    QuoteFactory,
    ResponsibilityFactory,
    RoleFactory,
    RoleMapFactory,
)
from tests.world_scale import build_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(dataset):
    return dataset


def test_role_detail_has_attributes_variants_and_assignments(api_client, data):
    body = api_client.get("/api/v1/roles/product-owner/").json()
    assert body["slug"] == "product-owner"
    assert body["horizon"] == "short-to-mid-term"
    assert body["methodology"] == ""
    assert [v["slug"] for v in body["variants"]] == ["product-owner-variant"]
    assert len(body["variants"][0]["quotes"]) == 1
    first = body["assignments"][0]
    assert set(first) == {
        "id",
        "responsibility",
        "responsibility_name",
        "area",
        "area_name",
        "level",
        "basis",
        "rationale",
        "decided_on",
        "decided_by",
        "quotes",
    }
    assert all(a["level"] in "RACI" and len(a["quotes"]) == 1 for a in body["assignments"])


def test_responsibility_lists_who_holds_it(api_client, data):
    body = api_client.get("/api/v1/responsibilities/d-resp-0/").json()
    assert body["area"] == "d-area-0"
    assert [(a["role"], a["level"]) for a in body["assignments"]] == [
        ("product-manager", "A"),
        ("product-owner", "R"),
        ("project-manager", "C"),
    ]
    assert all(len(a["quotes"]) == 1 for a in body["assignments"])


def test_quote_has_source_citation_and_what_it_supports(api_client, data):
    assignment = api_client.get("/api/v1/assignments/?role=product-manager&level=A").json()
    quote_id = assignment["results"][0]["quotes"][0]
    body = api_client.get(f"/api/v1/quotes/{quote_id}/").json()
    assert body["text"].startswith("Quoted evidence")
    assert set(body["source"]) == {"id", "slug", "citation"}
    assert "A. Author" in body["source"]["citation"]
    [supported] = body["supports"]["assignments"]
    assert supported["role"] == "product-manager" and supported["level"] == "A"


def test_sources_count_their_quotes(api_client, data):
    results = api_client.get("/api/v1/sources/").json()["results"]
    assert (
        sum(s["quote_count"] for s in results) == api_client.get("/api/v1/quotes/").json()["count"]
    )


def test_areas_and_maps_are_looked_up_by_slug(api_client, data):
    assert api_client.get("/api/v1/areas/d-area-1/").json()["name"] == "d area 1"
    assert api_client.get("/api/v1/maps/reference/").json()["slug"] == "reference"
    missing = api_client.get("/api/v1/areas/no-such-area/")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "No Area matches the given query."}


def test_reads_default_to_the_reference_map_and_accept_another(api_client, reference_map):
    other = RoleMapFactory(slug="startup")
    pm = RoleFactory(slug="pm")
    AssignmentFactory(role=pm, level="A")
    AssignmentFactory(role=pm, role_map=other, level="C", quotes=[QuoteFactory()])
    default = api_client.get("/api/v1/roles/pm/").json()["assignments"]
    startup = api_client.get("/api/v1/roles/pm/?map=startup").json()["assignments"]
    assert [a["level"] for a in default] == ["A"]
    assert [a["level"] for a in startup] == ["C"]
    listed = api_client.get("/api/v1/assignments/?map=startup").json()
    assert [a["map"] for a in listed["results"]] == ["startup"]
    unknown = api_client.get("/api/v1/responsibilities/?map=nope")
    assert unknown.status_code == 400
    assert "Unknown map" in unknown.json()["map"][0]


def test_pagination_has_count_links_and_a_bounded_page_size(api_client, reference_map):
    build_dataset(30)
    page = api_client.get("/api/v1/responsibilities/").json()
    assert set(page) == {"count", "next", "previous", "results"}
    assert page["count"] == 180 and len(page["results"]) == 20
    assert page["previous"] is None and "page=2" in page["next"]
    assert len(api_client.get("/api/v1/responsibilities/?page_size=5").json()["results"]) == 5
    assert len(api_client.get("/api/v1/responsibilities/?page_size=100").json()["results"]) == 100
    for wrong in ("1000", "0", "-1", "ten", ""):
        response = api_client.get(f"/api/v1/responsibilities/?page_size={wrong}")
        assert response.status_code == 400
        assert "1 to 100" in response.json()["page_size"][0]
    # One paging rule with the pages (roles.inputs.parse_page): no page number is page 1,
    # anything else that is not a page of the list is a 400 on `page`; an empty `page=`
    # too, since the schema says `page` is an integer (pages take an empty box as page 1).
    assert api_client.get("/api/v1/responsibilities/").json()["previous"] is None
    for missing in ("", "99", "0", "-1", "last", "x", "²"):
        response = api_client.get(f"/api/v1/responsibilities/?page={missing}")
        assert response.status_code == 400
        assert list(response.json()) == ["page"]


def test_search_covers_names_descriptions_and_quote_text(api_client, data):
    ResponsibilityFactory(slug="pricing", name="Pricing strategy", description="Price ladder.")
    by_name = api_client.get("/api/v1/responsibilities/?search=pricing strat").json()
    assert [r["slug"] for r in by_name["results"]] == ["pricing"]
    by_description = api_client.get("/api/v1/responsibilities/?search=ladder").json()
    assert [r["slug"] for r in by_description["results"]] == ["pricing"]
    role_quote = RoleFactory(slug="quoted")
    role_quote.quotes.set([QuoteFactory(text="Owns the pricing narrative.")])
    by_quote = api_client.get("/api/v1/roles/?search=pricing narrative").json()
    assert [r["slug"] for r in by_quote["results"]] == ["quoted"]
    quotes = api_client.get("/api/v1/quotes/?search=pricing narrative").json()
    assert quotes["count"] == 1


def test_ordering(api_client, data):
    names = [r["name"] for r in api_client.get("/api/v1/roles/?ordering=-name").json()["results"]]
    assert names == sorted(names, reverse=True)
    default = [r["slug"] for r in api_client.get("/api/v1/roles/").json()["results"]]
    assert default[:2] == ["product-manager", "product-owner"]


def test_history_suffix_is_not_swallowed_by_detail_routes(client, data):
    from django.urls import resolve

    assert resolve("/api/v1/roles/product-owner/").url_name == "role-detail"
    for url, name in [
        ("/api/v1/roles/product-owner/history/", "roles-history"),
        ("/api/v1/quotes/1/history/", "quotes-history"),
    ]:
        match = resolve(url)
        assert match.func.__module__ == "api.history", url
        assert match.url_name == name
