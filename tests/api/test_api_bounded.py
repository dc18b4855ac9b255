"""API roles nest counts and a link, not every assignment: the same size at 60 and 400."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from responsibilities.models import Level
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    QuoteFactory,
    ResponsibilityFactory,
    RoleFactory,
    RoleMapFactory,
)
from tests.world_scale import grow_role

# Count what each request itself costs (no answer from the data version's cache).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_reads")]


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return response, len(ctx.captured_queries)


@pytest.fixture
def big_role():
    RoleMapFactory()
    role = RoleFactory(slug="big")
    RoleFactory(slug="other")
    return role, AreaFactory.create_batch(3)


def test_role_list_and_detail_stay_bounded(api_client, big_role):
    role, areas = big_role
    grow_role(role, areas, 60, 0)
    urls = ["/api/v1/roles/", "/api/v1/roles/big/"]
    small = {url: _get(api_client, url) for url in urls}
    grow_role(role, areas, 340, 60)
    large = {url: _get(api_client, url) for url in urls}
    for url in urls:
        (s, s_queries), (big, big_queries) = small[url], large[url]
        assert big_queries == s_queries, url
        assert abs(len(big.content) - len(s.content)) <= len(s.content) * 0.02 + 200, url
    listed = next(r for r in large[urls[0]][0].json()["results"] if r["slug"] == "big")
    assert listed["assignment_count"] == 400
    assert listed["assignment_levels"] == {"C": 266, "I": 134}
    assert "assignments" not in listed
    detail = large[urls[1]][0].json()
    assert len(detail["assignments"]) == 50 and detail["assignment_count"] == 400
    assert sum(a["count"] for a in detail["assignment_areas"]) == 400
    assert [a["area"] for a in detail["assignment_areas"]] == [a.slug for a in areas]


def test_the_link_pages_through_every_assignment(api_client, big_role):
    role, areas = big_role
    grow_role(role, areas, 120, 0)
    url = api_client.get("/api/v1/roles/big/").json()["assignments_url"]
    assert url == "/api/v1/assignments/?role=big&map=reference"
    seen, pages = [], 0
    while url:
        page = api_client.get(url, {"page_size": 100} if pages == 0 else None).json()
        seen += [a["id"] for a in page["results"]]
        url, pages = page["next"], pages + 1
    assert len(seen) == len(set(seen)) == 120 and pages == 2
    assert seen == sorted(seen), "id order: a page without sorting the whole map"


def test_a_write_answers_with_the_counts(editor_client, big_role):
    role, areas = big_role
    grow_role(role, areas, 5, 0)
    AssignmentFactory(
        role=role,
        level=Level.RESPONSIBLE,
        quotes=[QuoteFactory()],
        responsibility=ResponsibilityFactory(area=areas[0]),
    )
    response = editor_client.patch("/api/v1/roles/big/", {"summary": "New."}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["assignment_count"] == 6 and body["assignment_levels"]["R"] == 1
    assert len(body["assignments"]) == 6
