"""The API's comparison is bounded like the compare page: the counts over everything, one
page of rows with links, the same size and the same queries at seven times the rows; the
pages together are the full comparison, row for row; the downloads stay whole."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from responsibilities.models import Assignment, Kind, Level, Responsibility
from roles.comparison import compare_slugs
from tests.factories import AreaFactory, RoleFactory, RoleMapFactory
from tests.world import ROLE_SLUGS
from tests.world_scale import grow

# Count what each request itself costs (no answer from the data version's cache).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_reads")]

URL = "/api/v1/compare/?roles=big-a,big-b"
LEVELS = [Level.RESPONSIBLE, Level.ACCOUNTABLE, Level.CONSULTED, Level.INFORMED]


def _grow(role_map, roles, areas, count: int, start: int) -> None:
    """`count` more responsibilities, each with a part for both roles (bulk, so 400 is fast)."""
    made = Responsibility.objects.bulk_create(
        Responsibility(
            slug=f"work-{n}",
            name=f"Work {n}",
            area=areas[n % len(areas)],
            order=n,
            kind=Kind.SHARED_QUALITY if n % 10 == 9 else Kind.RESPONSIBILITY,
        )
        for n in range(start, start + count)
    )
    Assignment.objects.bulk_create(
        Assignment(
            role_map=role_map,
            role=role,
            responsibility=work,
            level=LEVELS[(n + i) % len(LEVELS)],
        )
        for n, work in enumerate(made, start)
        for i, role in enumerate(roles)
    )


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return response, len(ctx.captured_queries)


def test_json_stays_the_same_size_at_seven_times_the_rows(api_client):
    """GIVEN two roles with parts in 60 responsibilities, then in 420
    WHEN their comparison is read as JSON
    THEN it has 50 rows both times, about the same size, the same queries, counts over
    every row, and links to the next page; the last page has no next, one past it is a 400."""
    role_map = RoleMapFactory()
    roles = [RoleFactory(slug="big-a"), RoleFactory(slug="big-b")]
    areas = AreaFactory.create_batch(4)
    _grow(role_map, roles, areas, 60, 0)
    small, small_queries = _get(api_client, URL)
    _grow(role_map, roles, areas, 360, 60)
    large, large_queries = _get(api_client, URL)
    assert large_queries == small_queries
    # Row text differs by a digit or two (names carry numbers); nothing else may grow.
    assert len(large.content) <= len(small.content) * 1.05 + 200, (
        len(small.content),
        len(large.content),
    )
    body = large.json()
    assert (body["count"], body["pages"], body["page"], body["page_size"]) == (420, 9, 1, 50)
    assert len(body["rows"]) == 50 and body["previous"] is None
    assert body["next"].endswith("/api/v1/compare/?roles=big-a%2Cbig-b&page=2")
    # The counts read every row, not the page: the responsibilities (every tenth row is a
    # shared quality) held (R or A) by one of the two roles or both: all but C/I rows.
    held = [n for n in range(420) if n % 10 != 9 and n % 4 != 2]
    assert body["union_count"] == len(held) > 250
    last = api_client.get(f"{URL}&page=9").json()
    assert len(last["rows"]) == 20 and last["next"] is None
    assert last["previous"].endswith("page=8")
    beyond = api_client.get(f"{URL}&page=10")
    assert beyond.status_code == 400
    assert beyond.json() == {"page": ["There is no page 10; the last page is 9."]}


def test_the_pages_together_are_the_full_comparison(sample, api_client):
    """GIVEN the sample grown threefold (responsibilities and shared qualities)
    WHEN every page of a four-role comparison is read, 7 rows a page
    THEN the rows, in order, cell for cell, and the counts are those of the full comparison
    (which the CSV and Markdown downloads still use)."""
    grow(sample, factor=3)
    slugs = ROLE_SLUGS[:4]
    full = compare_slugs(slugs)
    url = f"/api/v1/compare/?roles={','.join(slugs)}&page_size=7"
    rows, page = [], api_client.get(url).json()
    while True:
        rows += page["rows"]
        if page["next"] is None:
            break
        page = api_client.get(page["next"]).json()
    expected = [*full.rows, *full.qualities]
    assert page["count"] == len(expected) == len(rows)
    assert [r["responsibility"] for r in rows] == [r.responsibility.slug for r in expected]
    assert [[c["level"] for c in r["cells"]] for r in rows] == [
        [c.level for c in r.cells] for r in expected
    ]
    assert [r["status"] for r in rows] == [r.status for r in expected]
    assert [(c["held"], c["unique"]) for c in page["counts"]] == [
        (s.held, s.unique) for s in full.summaries
    ]
    assert (page["shared_count"], page["union_count"]) == (full.shared_count, full.union_count)
    assert [p["overlap"] for p in page["pairwise"]] == [
        pytest.approx(score) for _a, _b, score in full.pairwise
    ]
    assert page["contrast_count"] == len(full.contrasts)


@pytest.mark.parametrize(
    "query, field",
    [
        ("&page=0", "page"),
        ("&page=", "page"),
        ("&page=x", "page"),
        ("&page_size=0", "page_size"),
        ("&page_size=101", "page_size"),
        ("&page_size=²", "page_size"),
        ("&pagesize=10", "pagesize"),
        ("&rows=all", "rows"),
    ],
)
def test_bad_paging_or_unknown_parameters_are_400s(sample, api_client, query, field):
    """The one paging rule (roles.inputs), for every format; any other parameter is refused."""
    for fmt in ("json", "csv", "md"):
        response = api_client.get(
            f"/api/v1/compare/?roles=product-manager,product-owner&format={fmt}{query}"
        )
        assert response.status_code == 400, (fmt, query)
        assert list(response.json()) == [field]
