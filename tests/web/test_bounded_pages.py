"""Role and source pages stay the same size and cost the same queries at 60 and 400 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from responsibilities.models import Level
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    ResponsibilityFactory,
    RoleFactory,
    RoleMapFactory,
    SourceFactory,
)
from tests.world_scale import Batch, grow_role

# Count what each request itself costs (no answer from the data version's cache).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_reads")]


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


def _close(small: int, large: int) -> bool:
    # No bigger than the full first page at 60 rows: row text differs by a digit or two
    # (names carry numbers); nothing else may grow.
    return large <= small * 1.02 + 200


def test_role_page_is_bounded(client):
    RoleMapFactory()
    role = RoleFactory(slug="big")
    areas = AreaFactory.create_batch(4)
    grow_role(role, areas, 60, 0)
    small, small_queries = _get(client, "/roles/big/")
    grow_role(role, areas, 340, 60)
    large, large_queries = _get(client, "/roles/big/")
    assert large_queries == small_queries
    assert _close(len(small.content), len(large.content))
    html = large.content.decode()
    assert "1–50 of 400 responsibilities" in html
    assert html.count('class="assignments"') <= 4
    last, _ = _get(client, "/roles/big/?page=8")
    assert "351–400 of 400 responsibilities" in last.content.decode()
    assert 'rel="prev"' in last.content.decode() and 'rel="next"' not in last.content.decode()
    # A page number out of range or not a number is a 400 that says why (the one paging
    # rule, roles.inputs.parse_page / check_page), as on the comparison and the matrix.
    beyond = client.get("/roles/big/?page=99")
    assert beyond.status_code == 400
    assert "There is no page 99; the last page is 8." in beyond.content.decode()
    wrong = client.get("/roles/big/?page=x")
    assert wrong.status_code == 400
    assert "Page “x” is not a page number." in wrong.content.decode()


def test_source_page_is_bounded(client):
    role_map = RoleMapFactory()
    source = SourceFactory()
    role = RoleFactory()
    area = AreaFactory()
    batch = Batch()
    for _ in range(60):
        work = batch.add(ResponsibilityFactory.build(area=area))
        batch.add(
            AssignmentFactory.build(
                role_map=role_map, role=role, responsibility=work, level=Level.RESPONSIBLE
            ),
            quotes=[batch.quote(source)],
        )
    batch.write()
    url = source.get_absolute_url()
    small, small_queries = _get(client, url)
    batch = Batch()
    for _ in range(340):
        batch.quote(source)
    batch.write()
    large, large_queries = _get(client, url)
    assert large_queries == small_queries
    assert _close(len(small.content), len(large.content))
    assert "1–50 of 400 quotes" in large.content.decode()
    second, _ = _get(client, url + "?page=2")
    assert 'start="51"' in second.content.decode()
