"""The comparison and the matrix answer in a bounded size whatever the size of the map.

The same request on 30 and on 300 responsibilities (every role with a part and a quote in
each): the page shows at most a page of rows, so the response stays under a fixed number of
bytes and does not grow with the data, while the summary still counts everything.
"""

import re

import pytest

from responsibilities.models import Level
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    ResponsibilityFactory,
    RoleFactory,
    RoleMapFactory,
    SourceFactory,
)
from tests.world_scale import Batch
from web.grid import PAGE_SIZE
from web.matrix_page import PAGE_SIZE as MATRIX_PAGE_SIZE

pytestmark = pytest.mark.django_db

SLUGS = ["pm", "po", "prm", "pmm"]
COMPARE_TWO = "/compare/?roles=pm,po"
COMPARE_FOUR = "/compare/?roles=" + ",".join(SLUGS)
MATRIX = "/matrix/"
# Bytes a full page may take: a page of rows with a quote behind every part, plus the page.
LIMITS = {COMPARE_TWO: 200_000, COMPARE_FOUR: 350_000, MATRIX: 200_000}
# Rows a page shows at most; the small data set (30 rows) fits on one page of each.
PAGE_ROWS = {COMPARE_TWO: PAGE_SIZE, COMPARE_FOUR: PAGE_SIZE, MATRIX: MATRIX_PAGE_SIZE}


def _make(roles, areas, source, start: int, count: int) -> None:
    """`count` responsibilities, each with a part and a quote for every role (in bulk)."""
    levels = [Level.ACCOUNTABLE, Level.RESPONSIBLE, Level.CONSULTED, Level.INFORMED]
    role_map = RoleMapFactory()  # get or create: the default map
    batch = Batch()
    for n in range(start, start + count):
        duty = batch.add(
            ResponsibilityFactory.build(name=f"Duty {n:04}", area=areas[n % len(areas)], order=n)
        )
        for i, role in enumerate(roles):
            batch.add(
                AssignmentFactory.build(
                    role_map=role_map,
                    role=role,
                    responsibility=duty,
                    level=levels[(n + i) % len(levels)],
                ),
                quotes=[batch.quote(source, text=f"Quote {n} for role {i}.")],
            )
    batch.write()


def _sizes(client) -> dict[str, int]:
    sizes = {}
    for url in LIMITS:
        response = client.get(url)
        assert response.status_code == 200, url
        sizes[url] = len(response.content)
    return sizes


def test_responses_stay_within_a_fixed_size_on_ten_times_the_data(client):
    RoleMapFactory()
    roles = [RoleFactory(slug=s, abbreviation=s.upper(), order=i) for i, s in enumerate(SLUGS)]
    areas = [AreaFactory(slug=f"area-{n}", name=f"Area {n}") for n in range(3)]
    source = SourceFactory(url="https://example.org/source")
    _make(roles, areas, source, 0, 30)
    small = _sizes(client)
    _make(roles, areas, source, 30, 270)
    large = _sizes(client)

    for url, limit in LIMITS.items():
        assert large[url] <= limit, (url, large[url])
        # Ten times the data, at most the difference between 30 rows and a full page (with a
        # quarter for the page's other parts: pager, summary counts).
        assert large[url] < small[url] * PAGE_ROWS[url] / 30 * 1.25, (url, small, large)

    four = client.get(COMPARE_FOUR).content.decode()
    assert len(re.findall(r'<tr class="row ', four)) == PAGE_SIZE
    assert f"Responsibilities 1–{PAGE_SIZE} of 300 (page 1 of 5)." in four
    matrix = client.get(MATRIX).content.decode()
    assert len(re.findall(r'<tr id="r-', matrix)) == MATRIX_PAGE_SIZE
    # The summary still counts every responsibility: each role is Accountable or
    # Responsible for half of them.
    assert "<strong>150</strong> by the PM" in four
