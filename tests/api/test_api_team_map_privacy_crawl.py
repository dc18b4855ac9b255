"""No API answer for the reference map names a team map's own role or responsibility: a
crawl of every link the API's answers give, from its root and its lists, with a dispute, a
stated contrast and a quote naming both team maps' own entries."""

import re
from collections import deque

import pytest

from tests.web.test_team_map_privacy_crawl import cited_everywhere  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

HIDDEN = (
    "Scrum Master",
    "AcmeSM",
    "scrum-master",
    "Run the ceremonies",
    "run-ceremonies",
    "Engineering Manager",
    "GlobexEM",
    "eng-manager",
    "Grow the engineers",
    "grow-engineers",
)
START = [
    "/api/v1/",
    "/api/v1/roles/",
    "/api/v1/responsibilities/",
    "/api/v1/disputes/",
    "/api/v1/quotes/",
    "/api/v1/sources/",
    "/api/v1/assignments/",
    "/api/v1/matrix/",
    "/api/v1/compare/?roles=product-manager,product-owner",
    "/api/v1/finder/?responsibilities=product-vision",
]
LOOKUPS = {
    "roles": "slug",
    "responsibilities": "slug",
    "areas": "slug",
    "disputes": "slug",
    "quotes": "id",
    "sources": "id",
    "assignments": "id",
}
LINK = re.compile(r'"(http://testserver(/api/v1/[^"]*))"')
# Not the version history (editors only), nor the map admin endpoints, nor downloads.
SKIP = re.compile(r"/history/|/editors/|/copy/|/review/|export|format=|/maps/")


def test_no_answer_for_the_reference_map_names_a_team_maps_own_entries(
    api_client,
    cited_everywhere,  # noqa: F811
):
    seen: dict[str, str] = {}
    queue = deque(START)
    # Every resource's detail too, by the key its list gives.
    for resource, key in LOOKUPS.items():
        for item in api_client.get(f"/api/v1/{resource}/?page_size=100").json()["results"]:
            queue.append(f"/api/v1/{resource}/{item[key]}/")
    while queue and len(seen) < 200:
        url = queue.popleft()
        if url in seen:
            continue
        response = api_client.get(url)
        assert response.status_code == 200, (url, response.content[:200])
        seen[url] = body = response.content.decode()
        for _, path in LINK.findall(body):
            path = path.replace("\\u0026", "&")
            if path not in seen and not SKIP.search(path):
                queue.append(path)
    assert len(seen) >= 40
    for url, body in seen.items():
        for word in HIDDEN:
            assert word not in body, (url, word)
