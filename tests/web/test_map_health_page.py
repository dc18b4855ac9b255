"""The map health page /maps/<slug>/health/: counts first, findings grouped by kind with links
to their rows and roles, thresholds from the query, bounded queries, A4 landscape print."""

import re

import pytest

from tests.factories import AssignmentFactory, ResponsibilityFactory, RoleFactory
from tests.health_world import build_health_map

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_reads")]

URL = "/maps/health-check/health/"


@pytest.fixture(autouse=True)
def world(settings):
    settings.PMROLES_HEALTH_MAX_A_SHARE, settings.PMROLES_HEALTH_MIN_QUOTES = 40, 3
    return build_health_map()


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_counts_first_then_findings_grouped_by_kind(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    text = _text(html)
    assert "0 errors , 6 warnings , 4 notes across 8 responsibilities and 4 roles." in text
    counts_at, findings_at = html.index('id="counts-heading"'), html.index('id="findings-heading"')
    assert counts_at < findings_at
    kinds = re.findall(r'<tbody id="([a-z-]+)">', html)
    assert kinds == [
        "no-accountable",
        "nobody-does-the-work",
        "accountable-share",
        "holds-nothing",
        "inferred-basis",
        "thin-evidence",
    ]
    assert "No Accountable role (3)" in text
    assert "Lead is Accountable for 4 of 5 responsibilities (80%, above 40%)." in text
    assert "Check whether some of these could be answered for by another role." in text


def test_each_finding_links_to_its_row_in_the_matrix_and_its_roles(client):
    html = client.get(URL).content.decode()
    # Not the default map: links keep ?map=.
    assert '<a href="/matrix/?area=work&amp;map=health-check#r-review-it">Review it</a>' in html
    assert '<a href="/roles/advisor/?map=health-check">Advisor</a>' in html
    assert 'href="/matrix/?format=xlsx&amp;map=health-check"' in html


def test_the_legend_repeats_in_the_table_head_and_the_page_prints_landscape(client):
    html = client.get(URL).content.decode()
    thead = html[html.index("<thead>") : html.index("</thead>")]
    assert 'class="health-legend"' in thead and "Severity:" in thead and "A Accountable" in thead
    assert "css/landscape.css" in html


def test_thresholds_from_the_query_and_a_bad_one_is_a_400(client):
    text = _text(client.get(URL, {"max_a_share": "90"}).content.decode())
    assert "0 errors , 5 warnings" in text and "Lead is Accountable" not in text
    response = client.get(URL, {"min_quotes": "many"})
    assert response.status_code == 400
    assert "min_quotes must be a whole number from 0 to 1000." in response.content.decode()


def test_an_unknown_map_is_a_404(client):
    assert client.get("/maps/nope/health/").status_code == 404


def test_the_page_costs_the_same_queries_small_and_large(client, world, django_assert_num_queries):
    """The maps (switcher and the slug), then the health computation's five (roles, rows,
    parts, the tally per role, a sample of each role's evidence: was four, with one join
    counting parts and evidence together)."""
    with django_assert_num_queries(6):
        client.get(URL)
    for i in range(30):
        AssignmentFactory(
            role_map=world.role_map,
            role=RoleFactory(),
            responsibility=ResponsibilityFactory(area=world.rows["hire"].area, order=50 + i),
            level="C",
        )
    with django_assert_num_queries(6):
        response = client.get(URL)
    assert "across 38 responsibilities and 34 roles" in _text(response.content.decode())


def test_a_kind_shows_at_most_50_findings(client, world):
    for i in range(55):
        ResponsibilityFactory(area=world.rows["hire"].area, order=100 + i)
    text = _text(client.get(URL).content.decode())
    assert "No Accountable role (58)" in text
    assert "And 8 more of this kind: the spreadsheet download lists them all." in text


def test_a_team_maps_page_shows_its_errors_and_departures(client, world):
    from tests.health_world import build_team_map

    build_team_map(world)
    response = client.get("/maps/health-team/health/")
    text = _text(response.content.decode())
    assert "5 errors , 3 warnings , 2 notes across 8 responsibilities and 5 roles." in text
    assert "Parts that depart from the sources (1)" in text
    assert "Builder is A for “Build it”; the sources say R." in text
    assert "Agreed parts past the review date (1)" in text
    # The team map's own Coach is shown there, never on the reference map's page.
    assert "Coach" not in _text(client.get(URL).content.decode())
