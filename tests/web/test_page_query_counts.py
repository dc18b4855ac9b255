"""Every page costs the same number of SQL queries with the sample data and with 10x of it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.web.pages_data import ROLE_SLUGS, build_sample, grow

pytestmark = pytest.mark.django_db

FOUR_ROLES = "/compare/?roles=" + ",".join(ROLE_SLUGS)

# (url, expected queries, what they are). "the map" is every role map in one query: the
# header's map switcher lists them and ?map= is resolved among them (web.params).
PAGES = [
    ("/", 3, "the maps (for the switcher, and to check ?map=); roles; their variants"),
    (
        "/roles/product-manager/",
        11,
        "the map; role; its map assignments (+responsibility, area); their quotes (+source); "
        "role quotes; "
        "variants; variant quotes; contrasts; contrast roles; contrast quotes; the other roles",
    ),
    (
        FOUR_ROLES,
        11,
        "the map; the four roles; their map assignments (+responsibility, area); "
        "their quotes (+source); "
        "role quotes; variants; variant quotes; contrasts; contrast roles; contrast quotes; "
        "all roles for the 'compare other roles' picker",
    ),
    (
        FOUR_ROLES + "&diff=1",
        11,
        "the same as the full comparison: filtering happens in Python",
    ),
    (
        "/matrix/",
        6,
        "the map; roles; responsibilities (+area); their map assignments (+role); "
        "assignment quotes "
        "(+source); responsibility quotes (+source)",
    ),
    ("/finder/", 3, "the map; the areas; one area's responsibilities to tick (+area)"),
    (
        "/finder/?find=1&responsibilities=product-vision&responsibilities=product-backlog",
        7,
        "the map; the ticked responsibilities (+area); every role's part in them; what each role "
        "also holds (window, first 10); roles; the areas; one area's responsibilities (+area)",
    ),
    ("/finder/?fq=customer&pick=search", 3, "the map; the areas; matching responsibilities"),
    (
        "/responsibilities/product-vision/",
        6,
        "the map; responsibility (+area); its map assignments (+role); "
        "assignment quotes (+source); "
        "responsibility quotes (+source); all roles",
    ),
    ("/sources/", 2, "the maps; sources with quote counts"),
    ("/search/?q=product", 4, "the map; roles; responsibilities (+area); quotes (+source)"),
]


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_each_page_costs_a_fixed_number_of_queries(client):
    sample = build_sample()
    source_url = sample.source.get_absolute_url()
    # the maps; source; its quotes; their roles; responsibilities; variants; contrasts;
    # assignments (+role, responsibility, map)
    pages = [*PAGES, (source_url, 8, "the maps; source and what its quotes support")]
    small = {url: _count(client, url) for url, _, _ in pages}
    grow(sample, factor=10)
    large = {url: _count(client, url) for url, _, _ in pages}
    assert large == small
    assert small == {url: expected for url, expected, _ in pages}
