"""No page of one map names another map's own role or responsibility: a crawl of every page
reachable from the reference map's and from acme's pages, with a dispute, a stated contrast
and a quote that name both team maps' own entries, never shows globex's (nor, from the
reference map, acme's)."""

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest

from tests.factories import QuoteFactory

pytestmark = pytest.mark.django_db

# The own roles' names, abbreviations (set below: short ones would match other words) and
# the own responsibilities' names.
ACME = ("Scrum Master", "AcmeSM", "Run the ceremonies")
GLOBEX = ("Engineering Manager", "GlobexEM", "Grow the engineers")
HREF = re.compile(r'href="([^"]*)"')
# Pages, not downloads, the admin or the API.
SKIP = re.compile(r"^/(static|admin|api)/|format=|/export")


@pytest.fixture
def cited_everywhere(own_dispute, own_contrast, team_maps, sample):
    """A quote cited by both team maps' own roles and responsibilities and by the dispute's
    position and the contrast: the evidence pages list what cites it."""
    for role, abbreviation in (
        (team_maps.acme_role, "AcmeSM"),
        (team_maps.globex_role, "GlobexEM"),
    ):
        role.abbreviation = abbreviation
        role.save()
    quote = QuoteFactory(text="Teams share the work.", source=sample.source, key="shared")
    for entry in (team_maps.acme_role, team_maps.globex_role, team_maps.acme_work):
        entry.quotes.add(quote)
    team_maps.globex_work.quotes.add(quote)
    own_dispute.positions.get().quotes.add(quote)
    own_contrast.quotes.add(quote)
    return quote


def _crawl(client, start: list[str], limit: int = 160) -> dict[str, str]:
    pages: dict[str, str] = {}
    queue = deque(start)
    while queue and len(pages) < limit:
        page = queue.popleft()
        if page in pages:
            continue
        response = client.get(page)
        assert response.status_code == 200, page
        pages[page] = text = response.content.decode()
        for href in HREF.findall(text):
            link = urljoin(page, href.replace("&amp;", "&")).split("#")[0]
            if not urlsplit(link).netloc and not SKIP.search(link) and link not in pages:
                queue.append(link)
    return pages


@pytest.mark.parametrize(
    ("start", "hidden"),
    [
        (
            ["/", "/search/?q=team", "/search/?q=ceremonies", "/disputes/", "/sources/"],
            ACME + GLOBEX,
        ),
        (
            [
                "/?map=acme",
                "/search/?q=engineers&map=acme",
                "/disputes/?map=acme",
                "/sources/?map=acme",
            ],
            GLOBEX,
        ),
    ],
)
def test_no_page_names_another_maps_own_entries(client, cited_everywhere, start, hidden):
    pages = _crawl(client, start)
    assert len(pages) >= 40
    for page, text in pages.items():
        for words in hidden:
            assert words not in text, (page, words)
