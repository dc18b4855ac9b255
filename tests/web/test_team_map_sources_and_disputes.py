"""The source page lists the viewed map's parts only (never another map's, a draft's, or
another map's own entries); the disputes pages name only what the viewed map sees."""

import pytest

from responsibilities.levels import Basis
from responsibilities.models import Assignment, Level
from tests.factories import QuoteFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_reads")]

ACME = ("Scrum Master", "Run the ceremonies")
GLOBEX = ("Engineering Manager", "Grow the engineers")


@pytest.fixture
def cited(team_maps, sample):
    """One quote cited by every part of both team maps, by both own roles and own
    responsibilities, and by globex's (a draft's) part on the shared vision."""
    team_maps.globex.status = "draft"
    team_maps.globex.save()
    quote = QuoteFactory(
        text="Teams share the work in their own way.", source=sample.source, key="shared-work"
    )
    Assignment.objects.create(
        role_map=team_maps.globex,
        role=sample.roles["po"],
        responsibility=sample.responsibilities["product-vision"],
        level=Level.RESPONSIBLE,
        basis=Basis.AGREED,
        rationale="Globex gives the vision to the product owner.",
        decided_on="2026-11-05",
    ).quotes.add(quote)
    for part in Assignment.objects.filter(role_map__kind="team"):
        part.quotes.add(quote)
    for entry in (team_maps.acme_role, team_maps.globex_role):
        entry.quotes.add(quote)
    for entry in (team_maps.acme_work, team_maps.globex_work):
        entry.quotes.add(quote)
    return quote


def _quote_block(text: str, quote) -> str:
    """The quote's item on a source page: up to the next quote or the end of the list."""
    start = text.index(f'<li id="quote-{quote.pk}">')
    ends = [i for i in (text.find('<li id="quote-', start + 1), text.find("</ol>", start)) if i > 0]
    return text[start : min(ends)]


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("?map=acme", [ACME], [GLOBEX]),
        ("", [], [ACME, GLOBEX]),
        ("?map=reference", [], [ACME, GLOBEX]),
    ],
)
def test_a_source_page_lists_the_viewed_maps_parts_only(client, cited, query, shown, hidden):
    """GIVEN a quote cited by the parts of two team maps (globex a draft, with a part on the
    shared vision) WHEN its source page is read for acme or the reference map THEN the quote
    lists that map's parts and entries only: never globex's own role or responsibility, nor
    globex's part on the vision."""
    text = client.get(f"/sources/{cited.source_id}/{query}").content.decode()
    block = _quote_block(text, cited)
    for words in hidden:
        for word in words:
            assert word not in text, word
    for name, work in shown:
        assert f">{name}</a>: " in block  # acme's own role's part
        assert f">{work}</a>" in block
    # globex's part on the shared vision is the quote's only part there: never listed.
    assert "Set the product vision" not in block
    if not shown:
        assert "<dt>Assignments</dt>" not in block


def test_a_source_page_lists_a_team_maps_part_on_a_shared_entry(client, cited, team_maps):
    """The viewed map's parts on shared entries are listed (and another map's are not)."""
    text = client.get(f"/sources/{cited.source_id}/?map=acme").content.decode()
    block = _quote_block(text, cited)
    assert ">Product Manager</a>: " in block  # acme's PM, Consulted on its own work
    assert block.count("<li><a href=") == 2  # acme's two parts, none of globex's


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("?map=acme", [ACME], [GLOBEX]),
        ("?map=globex", [GLOBEX], [ACME]),
        ("", [], [ACME, GLOBEX]),
    ],
)
@pytest.mark.parametrize("url", ["/disputes/", "/disputes/who-runs-the-team/"])
def test_disputes_pages_name_only_what_the_map_sees(client, own_dispute, url, query, shown, hidden):
    text = client.get(f"{url}{query}").content.decode()
    assert "Who runs the team?" in text
    assert "Product Manager" in text and "Set the product vision" in text
    for words in hidden:
        for word in words:
            assert word not in text, (url, word)
    for words in shown:
        for word in words:
            assert word in text, (url, word)


def test_a_comparison_names_only_what_the_map_sees_in_its_disputes(client, own_dispute):
    """GIVEN a dispute between the PM, acme's own role and globex's (a draft's) own role
    WHEN acme's comparison of the PM with its own role lists the dispute
    THEN it names acme's role and work, never globex's."""
    text = client.get("/compare/?roles=product-manager,scrum-master&map=acme").content.decode()
    assert 'id="dispute-who-runs-the-team"' in text
    for word in ACME:
        assert word in text
    for word in GLOBEX:
        assert word not in text


def test_disputes_pages_keep_the_map_in_their_links(client, own_dispute):
    text = client.get("/disputes/?map=acme").content.decode()
    assert 'href="/disputes/who-runs-the-team/?map=acme"' in text
    assert 'href="/roles/scrum-master/?map=acme"' in text
    text = client.get("/responsibilities/product-vision/?map=acme").content.decode()
    assert 'href="/disputes/who-runs-the-team/?map=acme"' in text


def test_disputes_pages_refuse_an_unknown_map(client, own_dispute):
    for url in ("/disputes/?map=nope", "/disputes/who-runs-the-team/?map=nope"):
        response = client.get(url)
        assert response.status_code == 400
        assert "nope" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "shown", "hidden"),
    [
        ("/roles/product-manager/", "(PM)", ["scr", "eng"]),
        ("/roles/product-manager/?map=acme", "(PM, scr)", ["eng"]),
        ("/roles/scrum-master/?map=acme", "(PM, scr)", ["eng"]),
    ],
)
def test_a_role_page_names_only_the_maps_roles_in_its_contrasts(
    client, own_contrast, url, shown, hidden
):
    """GIVEN a contrast between the PM and both team maps' own roles WHEN a role page lists
    it THEN it names the roles the viewed map sees: never another map's own role."""
    text = client.get(url).content.decode()
    start = text.index("<strong>Who leads the team</strong>")
    line = text[start : text.index("</p>", start)]
    assert shown in line
    for abbreviation in hidden:
        assert abbreviation not in line


def test_a_comparison_lists_a_contrast_the_map_sees(client, own_contrast):
    """Acme's comparison of the PM with its own role lists the contrast; globex's role
    stays off the page."""
    text = client.get("/compare/?roles=product-manager,scrum-master&map=acme").content.decode()
    assert "Who leads the team" in text
    assert "Engineering Manager" not in text
