"""Every list, detail and computed endpoint costs the same SQL queries at 1x and 10x data."""

import pytest

from tests.world_scale import build_dataset

# Count what each view itself costs: reloads answered from the data version have their own
# tests (test_conditional_reads.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_reads")]

# url -> (queries, what they are)
ENDPOINTS = {
    "/api/v1/roles/?page_size=100": (
        10,
        "the map (RoleMap.objects.resolve), count, roles, role quotes, variants, variant "
        "quotes, dispute refs (the first ten per role), the page's assignment counts by role "
        "and level (one aggregate), coverage: assignments by role, level and basis; distinct "
        "quotes and sources by role",
    ),
    "/api/v1/roles/product-owner/": (
        12,
        "the map, role, role quotes, variants, variant quotes, dispute refs, its first "
        "assignments (+responsibility, area), their quotes (+source), counts by level, counts "
        "by area, coverage (two grouped queries)",
    ),
    "/api/v1/roles/product-owner/?map=reference": (12, "the same: the named map instead"),
    "/api/v1/responsibilities/?page_size=100": (
        7,
        "the map, count, responsibilities (+area), assignments (+role), their quotes (+source), "
        "responsibility quotes (+source), dispute refs (the first ten per responsibility)",
    ),
    "/api/v1/responsibilities/d-resp-0/": (6, "as the list without the count"),
    "/api/v1/assignments/?page_size=100": (
        4,
        "the map, count, assignments (+map, role, responsibility, area), quotes (+source)",
    ),
    "/api/v1/assignments/{assignment}/": (2, "as the list without the count"),
    "/api/v1/areas/?page_size=100": (2, "count, areas"),
    "/api/v1/areas/d-area-0/": (1, "the area"),
    "/api/v1/sources/?page_size=100": (2, "count, sources with their quote counts"),
    "/api/v1/sources/{source}/": (1, "the source with its quote count"),
    "/api/v1/quotes/?page_size=100": (
        7,
        "count, quotes (+source), roles, responsibilities, variants, contrasts, "
        "assignments (+map, role, responsibility)",
    ),
    "/api/v1/quotes/{quote}/": (6, "as the list without the count"),
    "/api/v1/maps/": (2, "count, maps (+based_on)"),
    "/api/v1/disputes/?page_size=100": (
        7,
        "count, disputes, their roles, responsibilities, positions, position roles, "
        "position quotes (+source)",
    ),
    "/api/v1/disputes/d-dispute-0/": (6, "as the list without the count"),
    "/api/v1/disputes/?role=product-owner&responsibility=d-resp-0": (7, "as the list"),
    "/api/v1/maps/reference/": (1, "the map"),
    "/api/v1/compare/?roles=product-manager,product-owner,project-manager": (
        12,
        "the map, roles, the rows' count, one page of rows (+area), their parts in the chosen "
        "roles, the parts' quote ids, the contrasts' count, the first contrasts, their roles, "
        "their quotes, the summary (one GROUP BY area and holder mask), its areas",
    ),
    "/api/v1/compare/?roles=product-manager,product-owner&page_size=2&page=2": (
        12,
        "as above: another page",
    ),
    "/api/v1/compare/?roles=product-manager,product-owner&format=csv": (
        5,
        "the map, roles, the disputed responsibilities, the roles' parts (+responsibility, "
        "area), their quotes (+source): plain tuples, none of the comparison's summaries",
    ),
    "/api/v1/compare/?roles=product-manager,product-owner&format=md": (10, "as JSON"),
    "/api/v1/matrix/": (
        7,
        "the map, roles, the page's ids in order, its responsibilities (+area, the Accountable "
        "role, whether a Responsible one), the page's parts in its role columns, their quote "
        "ids, the counts",
    ),
    "/api/v1/matrix/?format=csv": (
        9,
        "the map, the versions (its ETag), whether it is big enough to prepare (a bounded "
        "count), roles, the disputed responsibilities, ids in order; then per 500 "
        "responsibilities: rows (+area), their parts, the parts' quotes",
    ),
    "/api/v1/matrix/?format=csv&cells=letters": (
        5,
        "the map, the versions (its ETag), whether it is big enough to prepare (a bounded "
        "count), roles, every row with its parts' letters (one "
        "query, read a bounded number of rows at a time)",
    ),
    "/api/v1/finder/?responsibilities=d-resp-0,d-resp-1": (
        5,
        "the map, ticked responsibilities (+area), every role's part in them (level, basis), "
        "what each role also holds (window, first 10), roles",
    ),
}


def _read(response):
    """A streamed export's queries run as it is sent: read it all (inside the count)."""
    if response.streaming:
        response.body = b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize("url", ENDPOINTS)
def test_fixed_query_count(api_client, reference_map, django_assert_num_queries, url):
    expected, _what = ENDPOINTS[url]
    data = build_dataset(1)
    assignment = data["map"].assignments.first()
    quote = assignment.quotes.first()
    url = url.format(assignment=assignment.pk, quote=quote.pk, source=quote.source_id)
    with django_assert_num_queries(expected):
        small = _read(api_client.get(url))
    assert small.status_code == 200
    build_dataset(9, prefix="x")  # ten times as much data in total
    with django_assert_num_queries(expected):
        big = _read(api_client.get(url))
    assert big.status_code == 200
    if url.startswith(("/api/v1/roles/?", "/api/v1/responsibilities/?", "/api/v1/quotes/?")):
        assert big.json()["count"] >= 10 * small.json()["count"] * 0.9


def test_finder_post_is_fixed_too(api_client, reference_map, django_assert_num_queries):
    build_dataset(1)
    body = {"responsibilities": ["d-resp-0", "d-resp-1"]}
    with django_assert_num_queries(5):
        api_client.post("/api/v1/finder/", body, format="json")
    build_dataset(9, prefix="x")
    with django_assert_num_queries(5):
        assert api_client.post("/api/v1/finder/", body, format="json").status_code == 200
