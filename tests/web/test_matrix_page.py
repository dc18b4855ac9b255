"""The RACI matrix page: every role and responsibility, quote shading, warnings, CSV."""

import pytest

from responsibilities.models import Level
from tests.factories import AssignmentFactory, ResponsibilityFactory
from tests.web.pages_data import build_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    return build_sample()


def test_matrix_shows_all_roles_and_responsibilities_grouped_by_area(client, sample):
    html = client.get("/matrix/").content.decode()
    head = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert [abbr in head for abbr in ("PM", "PO", "PrM", "PMM")] == [True] * 4
    assert html.index("Strategy and vision") < html.index("Set the product vision")
    assert html.index("Set the product vision") < html.index("Delivery and backlog")
    vision = html.split('id="r-product-vision"', 1)[1].split("</tr>", 1)[0]
    # PM is Accountable with one quote (shade-1); PO Consulted without quote (shade-0).
    assert '<td class="cell shade-1"><abbr title="Accountable">A</abbr>' in vision
    assert '<span class="quote-count">1</span>' in vision
    assert '<td class="cell shade-0"><abbr title="Consulted">C</abbr></td>' in vision
    assert "no part" in vision


def test_matrix_warns_about_missing_accountable(client, sample):
    orphan = ResponsibilityFactory(name="Run the retrospective", slug="retro")
    AssignmentFactory(role=sample.roles["po"], responsibility=orphan, level=Level.RESPONSIBLE)
    ResponsibilityFactory(name="Set the budget", slug="budget")
    html = client.get("/matrix/").content.decode()
    warnings = html.split('id="warnings-heading"', 1)[1].split("</section>", 1)[0]
    # In the sample, "Understand customer needs" and "Read the status reports" also have a
    # Responsible but no Accountable.
    assert "4 responsibilities have a gap" in warnings
    assert 'href="#r-retro">Run the retrospective</a>: Responsible without Accountable' in warnings
    assert 'href="#r-budget">Set the budget</a>: No Accountable role' in warnings
    assert "Set the product vision" not in warnings
    assert "⚠ No Accountable role" in html.split('id="r-budget"', 1)[1]


def test_matrix_csv(client, sample):
    response = client.get("/matrix/?format=csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="raci-matrix.csv"'
    body = response.content.decode()
    assert body.splitlines()[0] == (
        "area,responsibility,kind,Product Manager,Product Owner,Project Manager,"
        "Product Marketing Manager,warnings,Product Manager basis,Product Owner basis,"
        "Project Manager basis,Product Marketing Manager basis"
    )
    assert (
        "Strategy and vision,Set the product vision,responsibility,A,C,,,,described,described,,\r\n"
        in body
    )


def test_matrix_refuses_an_unknown_format(client, sample):
    response = client.get("/matrix/?format=xlsx")
    assert response.status_code == 400
    assert "Unknown format “xlsx”; choose one of: html, csv." in response.content.decode()
