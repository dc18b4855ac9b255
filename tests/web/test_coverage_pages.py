"""Role pages and the sources page say how much evidence stands behind each role."""

import pytest

from responsibilities.models import Assignment
from tests.factories import QuoteFactory, RoleFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evidence")]


def test_role_page_says_what_the_role_rests_on(client, sample):
    html = client.get("/roles/project-manager/").content.decode()
    coverage = html.split('<div class="coverage" id="coverage">', 1)[1].split("</div>", 1)[0]
    assert (
        "In the map “Map reference”, its 4 assignments rest on 2 quotes from 1 source; "
        "2 without a quote." in coverage
    )
    assert '<span class="basis basis-stated">stated</span> 1' in coverage
    assert '<span class="basis basis-described">described</span> 3' in coverage
    assert "No part (stated) 1" in coverage and "Accountable 1" in coverage
    assert 'href="/method/"' in coverage


def test_sources_page_has_a_coverage_row_per_role(client, sample):
    RoleFactory(slug="newcomer", name="Newcomer")
    html = client.get("/sources/").content.decode()
    table = html.split('id="coverage-heading"', 1)[1].split("</table>", 1)[0]
    project = table.split('data-role="project-manager"', 1)[1].split("</tr>", 1)[0]
    cells = [c.split("</td>", 1)[0] for c in project.split("<td>")[1:]]
    assert cells == ["4", "2", "1", "1", "3", "0", "2"]
    newcomer = table.split('data-role="newcomer"', 1)[1].split("</tr>", 1)[0]
    assert "No assignment in this map yet" in newcomer


def test_sources_page_refuses_an_unknown_map(client, sample):
    response = client.get("/sources/?map=nope")
    assert response.status_code == 400
    assert "Unknown map “nope”" in response.content.decode()


def test_a_thin_role_says_so_on_its_card_and_its_page_above_the_fold(client, sample):
    """GIVEN the sample, where the project manager rests on 2 quotes from 1 source, the
    product manager (with one more quote from a second source) on 4 quotes from 2 sources,
    and a role with no assignment WHEN the home page and the role page are read THEN each
    thin role's card and page say what it is based on, near the top; a role without parts
    says nothing of it."""
    RoleFactory(slug="newcomer", name="Newcomer")
    research = Assignment.objects.get(
        role=sample.roles["pm"], responsibility=sample.responsibilities["customer-research"]
    )
    research.quotes.add(QuoteFactory(key="other-source-quote"))
    home = client.get("/").content.decode()
    cards = {
        slug: home.split(f'href="/roles/{slug}/"', 1)[1].split("</li>", 1)[0]
        for slug in ["project-manager", "product-manager", "newcomer"]
    }
    assert "Thin evidence: based on 2 quotes from 1 source" in cards["project-manager"]
    assert "one author’s view" in cards["project-manager"]
    assert "Thin evidence: based on 4 quotes from 2 sources" in cards["product-manager"]
    assert "a few authors’ view" in cards["product-manager"]
    assert "Thin evidence" not in cards["newcomer"]
    page = client.get("/roles/project-manager/").content.decode()
    top = page.split('<p class="lead">', 1)[1].split("<h2", 1)[0]
    assert "Thin evidence: based on 2 quotes from 1 source" in top
    assert '<a href="#coverage">How much evidence</a>' in top


def test_a_thin_role_says_so_in_the_comparisons_column_header(client, sample):
    """The project manager (2 quotes, 1 source) is thin; so is the product owner of the
    sample; the header of each such column says what it is based on."""
    html = client.get("/compare/?roles=project-manager,product-owner").content.decode()
    head = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    project = head.split('href="/roles/project-manager/"', 1)[1].split("</th>", 1)[0]
    assert '<span class="thin-words">based on 2 quotes from 1 source</span>' in project
    legend = html.split('id="grid-legend"', 1)[1].split("</div>", 1)[0]
    assert "under a role: few quotes or a single source" in legend
