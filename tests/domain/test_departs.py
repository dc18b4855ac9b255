"""Where a team map departs from the sources (roles.departs), on pages and in the API."""

import datetime

import pytest

from responsibilities.models import Assignment, Basis, Level
from roles.departs import departures
from roles.models import RoleMap
from roles.services import copy_role_map

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_reads")]


@pytest.fixture
def ours(evidence):
    """A copy of the reference map where the team moved the vision to the product owner."""
    team = copy_role_map(source=RoleMap.objects.get(slug="reference"), name="Ours", slug="ours")
    Assignment.objects.filter(
        role_map=team, role__slug="product-manager", responsibility__slug="product-vision"
    ).update(
        level=Level.RESPONSIBLE,
        basis=Basis.AGREED,
        rationale="We moved it.",
        decided_on=datetime.date(2026, 11, 5),
    )
    return team


def test_only_changed_parts_on_shared_entries_depart(ours, team_maps):
    found = departures(ours)
    changed = Assignment.objects.get(
        role_map=ours, role__slug="product-manager", responsibility__slug="product-vision"
    )
    assert set(found) == {changed.pk}
    assert found[changed.pk].level == "A"
    assert found[changed.pk].in_words == "“Map reference” says Accountable (stated)."
    # Own entries have no counterpart in the sources; reference maps never depart.
    assert departures(team_maps.acme) == {}
    assert departures(RoleMap.objects.get(slug="reference")) == {}


def test_a_fresh_copy_departs_nowhere(evidence):
    team = copy_role_map(source=RoleMap.objects.get(slug="reference"), name="Fresh")
    assert departures(team) == {}


def test_pages_and_api_mark_the_departing_part(client, api_client, ours):
    text = client.get("/roles/product-manager/?map=ours").content.decode()
    assert "departs from the sources" in text
    assert "“Map reference” says Accountable (stated)." in text
    text = client.get(
        "/compare/?roles=product-manager,product-owner&map=ours&evidence=open"
    ).content.decode()
    assert "<strong>Departs from the sources.</strong>" in text
    assert "departs from the sources" not in client.get("/roles/product-manager/").content.decode()
    body = api_client.get("/api/v1/assignments/?map=ours&page_size=100").json()
    departing = {(a["role"], a["responsibility"]) for a in body["results"] if a["departs"]}
    assert departing == {("product-manager", "product-vision")}


def test_the_map_comparison_counts_departures(client, api_client, ours):
    body = api_client.get("/api/v1/maps/compare/?a=reference&b=ours").json()
    assert (body["departs"], body["count"]) == (1, 1)
    text = client.get("/maps/compare/?b=ours").content.decode()
    assert "In “Ours”, 1 part departs from the sources." in text


def _sources_block(text: str) -> str:
    start = text.index('<div class="departs-sources">')
    return text[start : text.index("</div>", start)]


@pytest.mark.parametrize(
    "url",
    [
        "/compare/?roles=product-manager,product-owner&map=ours&evidence=open",
        "/responsibilities/product-vision/?map=ours",
        "/roles/product-manager/?map=ours",
    ],
)
def test_the_panel_shows_the_sources_part_with_its_quotes(client, ours, url):
    """GIVEN a team map that moved the vision away from the product manager WHEN the grid's
    evidence panel, the responsibility page or the role page is read THEN beside the team's
    part stands what the sources say: the reference map's rationale and its quote with its
    citation."""
    from tests.world import RATIONALE

    text = client.get(url).content.decode()
    assert text.count('<div class="departs-sources">') == 1
    block = _sources_block(text)
    assert "What the sources say</strong> (“Map reference”)" in block
    assert RATIONALE in block
    assert "“The product manager owns the product vision.”" in block
    assert "Jane Doe, “Product manager vs product owner”, Example Press" in block


def test_the_sources_quotes_cost_one_query_whatever_departs(ours, sample, evidence):
    """mark_departures: the departures (one query) and the quotes of the sources' parts (one
    query), however many parts depart."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from roles.departs import mark_departures

    parts = list(Assignment.objects.filter(role_map=ours))
    with CaptureQueriesContext(connection) as ctx:
        mark_departures(ours, parts)
    small = len(ctx.captured_queries)
    assert small == 2
    (departing,) = [p for p in parts if p.departure]
    assert [q.key for q in departing.departure.quotes] == ["pm-owns-vision"]
    Assignment.objects.filter(role_map=ours, level=Level.RESPONSIBLE).update(
        level=Level.CONSULTED,
        basis=Basis.AGREED,
        rationale="Ours.",
        decided_on=datetime.date(2026, 11, 6),
    )
    parts = list(Assignment.objects.filter(role_map=ours))
    with CaptureQueriesContext(connection) as ctx:
        mark_departures(ours, parts)
    assert len(ctx.captured_queries) == small
    assert len([p for p in parts if p.departure]) > 3
    research = {
        p.role.slug: [q.key for q in p.departure.quotes]
        for p in parts
        if p.departure and p.responsibility.slug == "customer-research"
    }
    assert research == {"product-manager": ["pm-research"], "product-owner": ["po-research"]}
