"""Every link a page of a team map gives to another page that reads a map carries that map:
a reader who opened acme's map stays in it wherever they click (a link that drops `?map=`
shows the reference map instead, and refuses acme's own roles with a 400)."""

import re
from collections import deque
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from responsibilities.models import Assignment
from tests.factories import QuoteFactory

pytestmark = pytest.mark.django_db

# The pages that read `?map=` (web/urls.py): a link to one of them must carry it.
MAP_PAGES = re.compile(
    r"^/(|roles/[^/]+/|compare/|matrix/|finder/|search/|responsibilities/[^/]+/"
    r"|sources/(\d+/)?|disputes/([^/]+/)?)$"
)
START = [
    "/?map=acme",
    "/roles/scrum-master/?map=acme",
    "/roles/product-manager/?map=acme",
    "/compare/?roles=product-manager,scrum-master&map=acme",
    "/matrix/?map=acme",
    "/finder/?map=acme",
    "/search/?q=ceremonies&map=acme",
    "/responsibilities/run-ceremonies/?map=acme",
    "/disputes/?map=acme",
]
HREF = re.compile(r'href="([^"]*)"')


def _links(page: str, text: str) -> list[str]:
    return [urljoin(page, href.replace("&amp;", "&")) for href in HREF.findall(text)]


def test_a_team_maps_pages_keep_the_map_in_every_link(
    client, own_dispute, own_contrast, team_maps, sample
):
    """GIVEN acme's pages (its own role and work, a dispute and a contrast naming them, a
    part of acme's cited by a quote, which the source's page lists)
    WHEN every page reachable from them through links to pages that read a map is read
    THEN each such link carries map=acme, and each page answers 200."""
    quote = QuoteFactory(text="Acme's part, quoted.", source=sample.source, key="acme-part")
    Assignment.objects.get(role_map=team_maps.acme, role=team_maps.acme_role).quotes.add(quote)
    seen, queue, dropped = set(START), deque(START), []
    while queue and len(seen) < 150:
        page = queue.popleft()
        response = client.get(page)
        assert response.status_code == 200, page
        for link in _links(page, response.content.decode()):
            parts = urlsplit(link)
            if parts.netloc or not MAP_PAGES.match(parts.path):
                continue
            if parse_qs(parts.query).get("map") != ["acme"]:
                dropped.append((page, link))
                continue
            address = link.split("#")[0]
            if address not in seen and "format=" not in address:
                seen.add(address)
                queue.append(address)
    assert dropped == []
    # Every kind of page was read, not only the starting ones.
    kinds = {urlsplit(page).path.split("/")[1] for page in seen}
    assert kinds >= {"", "roles", "compare", "matrix", "finder", "search", "responsibilities"}
    assert kinds >= {"sources", "disputes"}
    assert len(seen) >= 40
