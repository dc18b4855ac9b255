"""Role pages and the sources page say how much evidence stands behind each role."""

import pytest

from tests.factories import RoleFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evidence")]


def test_role_page_says_what_the_role_rests_on(client, sample):
    html = client.get("/roles/project-manager/").content.decode()
    coverage = html.split('<div class="coverage">', 1)[1].split("</div>", 1)[0]
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
