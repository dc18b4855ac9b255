"""A role page's parts written in Python (web.role_parts) are byte for byte what the template
`web/_role_part.html` writes, and the pages show them: the template stays the part's
definition (a change to it fails here until role_parts follows)."""

import pytest
from django.template.loader import render_to_string

from responsibilities.models import Assignment, Level
from roles.departs import mark_departures
from roles.dispute_sides import mark_dispute_sides
from roles.models import RoleMap
from web.role_parts import needs_template, part_html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evidence", "disputes")]


def _parts(map_slug: str) -> list[Assignment]:
    role_map = RoleMap.objects.resolve(map_slug)
    parts = list(Assignment.objects.filter(role_map=role_map).for_role_list(role_map))
    mark_departures(role_map, parts)
    mark_dispute_sides(role_map, parts)
    return parts


@pytest.mark.parametrize("map_slug", ["reference", "acme"])
def test_every_part_is_the_templates(awkward, map_slug):
    parts = _parts(map_slug)
    query = "" if map_slug == "reference" else f"?map={map_slug}"
    written = 0
    for part in parts:
        rendered = render_to_string("web/_role_part.html", {"a": part, "map_query": query})
        assert rendered.endswith("\n")  # the file's last newline, which no page shows
        html = part_html(part, map_query=query)
        assert html == rendered[:-1], (part.role.slug, part.responsibility.slug)
        written += not needs_template(part)
    if map_slug == "reference":  # a team map's parts are its decisions: the template's
        assert written >= 10  # parts the Python path wrote
        levels = {part.level for part in parts if not needs_template(part)}
        assert Level.NO_PART in levels  # the "∅" letter is covered


def test_the_awkward_part_takes_the_python_path_and_escapes(awkward):
    part = next(
        p
        for p in _parts("reference")
        if p.role.slug == "product-manager" and p.responsibility.slug == "customer-research"
    )
    assert not needs_template(part)
    html = part_html(part, map_query="")
    assert "Say &quot;no&quot; &amp; &lt;mean&gt; it&#x27;s" in html
    assert 'title="Says &lt;talks&gt; &amp; &quot;listens&quot;"' in html


def test_team_decisions_and_departures_are_left_to_the_template(awkward):
    parts = _parts("acme")
    assert any(getattr(p, "departure", None) for p in parts)
    assert any(p.is_agreed for p in parts)
    assert all(needs_template(p) for p in parts if p.is_agreed or getattr(p, "departure", None))


def test_the_role_page_shows_the_written_parts(client, awkward):
    html = client.get("/roles/product-manager/").content.decode()
    assert "Say &quot;no&quot; &amp; &lt;mean&gt; it&#x27;s" in html
