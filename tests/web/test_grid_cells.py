"""The grid's cells written in Python (web.grid_cells) are byte for byte what the template
`web/_grid_cell.html` writes: browser and print tests read this HTML, and the template stays
the cell's definition (a change to it fails here until grid_cells follows)."""

import pytest
from django.template.loader import render_to_string

from roles.departs import mark_departures
from roles.dispute_sides import mark_dispute_sides
from roles.models import Role, RoleMap
from tests.factories import QuoteFactory
from tests.world import ROLE_SLUGS
from web.grid import GridFilter, grid_page
from web.grid_cells import _needs_template, cell_html, quotes_html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evidence", "disputes")]


def _cells(map_slug: str, evidence_open: bool):
    role_map = RoleMap.objects.resolve(map_slug)
    roles = [Role.objects.get(slug=slug) for slug in ROLE_SLUGS]
    page = grid_page(role_map, roles, GridFilter())
    parts = [cell.assignment for row in page.rows for cell in row.cells if cell.assignment]
    mark_departures(role_map, parts)
    mark_dispute_sides(role_map, parts)
    return [(cell, row) for row in page.rows for cell in row.cells]


@pytest.mark.parametrize("evidence_open", [False, True])
@pytest.mark.parametrize("map_slug", ["reference", "acme"])
def test_every_cell_is_the_templates(awkward, map_slug, evidence_open):
    cells = _cells(map_slug, evidence_open)
    query = "" if map_slug == "reference" else f"?map={map_slug}"
    written = 0
    for cell, row in cells:
        context = {"cell": cell, "row": row, "evidence_open": evidence_open, "map_query": query}
        assert cell_html(cell, row, evidence_open, map_query=query) == render_to_string(
            "web/_grid_cell.html", context
        ), (row.responsibility.slug, cell.role.slug)
        written += not _needs_template(cell)
    assert written >= 5  # cells the Python path wrote (the rest: the template)


def test_the_awkward_cell_takes_the_python_path_and_escapes(awkward):
    cell, row = next(
        (cell, row)
        for cell, row in _cells("reference", False)
        if row.responsibility.slug == "customer-research" and cell.role.slug == "product-manager"
    )
    assert not _needs_template(cell)
    html = cell_html(cell, row, False, map_query="")
    assert "Say &quot;no&quot; &amp; &lt;mean&gt; it&#x27;s" in html
    assert "First line &amp; &lt;more&gt;<br>Second &quot;line&quot; it&#x27;s" in html


def test_team_decisions_and_departures_are_left_to_the_template(awkward):
    cells = [cell for cell, _ in _cells("acme", False) if cell.assignment]
    departing = [c for c in cells if getattr(c.assignment, "departure", None)]
    agreed = [c for c in cells if c.assignment.is_agreed]
    assert departing and agreed
    assert all(_needs_template(c) for c in departing + agreed)


@pytest.mark.parametrize("query", ["", "?map=acme"])
def test_quotes_are_the_quotes_template(awkward, query):
    quotes = list(awkward.quotes.values()) + [QuoteFactory(locator="")]
    html = quotes_html(quotes, map_query=query)
    assert html == render_to_string("web/_quotes.html", {"quotes": quotes, "map_query": query})
    source = quotes[0].source
    assert f'href="{source.get_absolute_url()}{query}#quote-{quotes[0].pk}"' in html
