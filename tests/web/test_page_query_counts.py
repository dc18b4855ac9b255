"""Every page costs the same number of SQL queries with the sample data and with 10x of it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import DisputeFactory, DisputePositionFactory, QuoteFactory
from tests.world import ROLE_SLUGS, add_disputes
from tests.world_scale import grow

# Count what each view itself costs: reloads answered from the data version have their own
# tests (test_conditional_reads.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_reads")]

FOUR_ROLES = "/compare/?roles=" + ",".join(ROLE_SLUGS)

# (url, expected queries, what they are). "the map" is every role map in one query: the
# header's map switcher lists them and ?map= is resolved among them (web.params).
PAGES = [
    (
        "/",
        4,
        "the maps (for the switcher, and to check ?map=); roles; their variants; "
        "evidence counts: the roles' assignments, their distinct quotes and sources",
    ),
    (
        "/roles/product-manager/",
        15,
        "the map; role; its map assignments' ids in page order; "
        "that page of them by id (+responsibility, area); "
        "their quotes (+source); role quotes; "
        "variants; variant quotes; contrasts; contrast roles; contrast quotes; the other roles; "
        "the disputes that involve it; coverage: its assignments by level and basis, "
        "its distinct quotes and sources",
    ),
    (
        FOUR_ROLES,
        26,
        "the map; the four roles; "
        "grid: rows matching the filter (count); one page of rows (+area, holder mask, disputed); "
        "their parts for the chosen roles (+role); the parts' quotes (+source); the rows' "
        "disputes with a chosen role; "
        "summary: one GROUP BY (area, holder mask); those areas; "
        "the disputes each chosen role takes part in (roles.concerned); those two or "
        "more take part in; their roles; their responsibilities; their positions; the "
        "positions' roles; the positions' quotes (+source); "
        "evidence counts: the roles' assignments, their distinct quotes and sources; "
        "contrasts between two chosen roles (count); those contrasts; their roles; their quotes "
        "(+source); "
        "shared qualities (count); those qualities; their parts (+role); the parts' quotes "
        "(+source); "
        "all roles for the 'compare other roles' picker",
    ),
    (
        FOUR_ROLES + "&held_by=product-owner&not_by=project-manager&show=shared&group=holders",
        26,
        "the same: the filters and the grouping are in the rows' WHERE and ORDER BY",
    ),
    (
        FOUR_ROLES + "&area=strategy",
        27,
        "the same and the area named by ?area=",
    ),
    (
        "/matrix/",
        8,
        "the map; all roles (columns and the role filter); row and gap counts (one aggregate); "
        "the page's ids in order, then its responsibilities (+area, has an Accountable, has a "
        "Responsible); "
        "their parts for the roles shown; their disputes; all areas for the area filter",
    ),
    (
        "/matrix/?area=strategy&roles=product-manager,product-owner&gaps=1",
        10,
        "the chosen roles and the area, then the same as the full matrix",
    ),
    (
        "/finder/",
        4,
        "the map; the areas; one area's responsibilities to tick (+area); their holders (+role)",
    ),
    (
        "/finder/?find=1&responsibilities=product-vision&responsibilities=product-backlog",
        8,
        "the map; the ticked responsibilities (+area); every role's part in them; what each role "
        "also holds (window, first 10); roles; the areas; one area's responsibilities (+area); "
        "their holders (+role)",
    ),
    (
        "/finder/?fq=customer&pick=search",
        4,
        "the map; the areas; matching responsibilities; their holders (+role)",
    ),
    (
        "/responsibilities/product-vision/",
        7,
        "the map; responsibility (+area); its map assignments (+role); "
        "assignment quotes (+source); "
        "responsibility quotes (+source); all roles; the disputes that affect it",
    ),
    (
        "/sources/",
        5,
        "the map; sources with quote counts; coverage: assignments by role, level and basis, "
        "distinct quotes and sources by role; the roles",
    ),
    (
        "/search/?q=product",
        5,
        "the maps; roles; responsibilities (+area); their holders (+role); quotes (+source)",
    ),
    ("/method/", 1, "the maps (for the switcher); the page renders docs/reading.md"),
    (
        "/disputes/",
        4,
        "the maps; disputes with their position counts; their roles; their responsibilities",
    ),
    (
        "/disputes/who-owns-the-vision/",
        7,
        "the maps; the dispute; its roles; responsibilities; positions; position roles; "
        "position quotes (+source)",
    ),
]


def _more_disputes(sample, count: int) -> None:
    roles = list(sample.roles.values())
    vision = sample.responsibilities["product-vision"]
    for _ in range(count):
        dispute = DisputeFactory(roles=roles[:2], responsibilities=[vision])
        for side in range(2):
            DisputePositionFactory(
                dispute=dispute,
                roles=[roles[side]],
                quotes=[QuoteFactory(), QuoteFactory(source=sample.source)],
            )
    DisputePositionFactory(
        dispute=sample.disputes.vision,
        roles=roles,
        quotes=[QuoteFactory() for _ in range(3)],
    )


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_each_page_costs_a_fixed_number_of_queries(sample, client):
    sample.disputes = add_disputes(sample)
    source_url = sample.source.get_absolute_url()
    # the maps; source; its quotes counted; a page of them; their roles; responsibilities;
    # variants; contrasts; assignments (+role, responsibility, map)
    pages = [*PAGES, (source_url, 9, "the maps; source and what a page of its quotes supports")]
    small = {url: _count(client, url) for url, _, _ in pages}
    grow(sample, factor=10)
    _more_disputes(sample, 10)
    large = {url: _count(client, url) for url, _, _ in pages}
    assert large == small
    assert small == {url: expected for url, expected, _ in pages}
