"""The comparison page around its grid: attributes and contrasts, evidence opened in place,
print endnotes, downloads, the disputes below the grid and the summary's standout lines."""

import re

import pytest

from responsibilities.models import Level
from tests.factories import (
    AssignmentFactory,
    QuoteFactory,
    RoleFactory,
)
from tests.web.compare_html import cells_of, page_html, row_of
from tests.world import ROLE_SLUGS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("disputes")]

PM_PO = "/compare/?roles=product-manager,product-owner"


def test_attributes_and_stated_contrasts_sit_below_the_grid(client, sample):
    html = page_html(client, PM_PO)
    about = html.split('id="about-heading"', 1)[1].split("</section>", 1)[0]
    assert "Framework-independent" in about and "Scrum" in about and "≠ differs" in about
    assert "The product manager thinks in years, the product owner in sprints." in about
    assert "Both listen to customers." in about
    qualities = html.split('id="qualities-heading"', 1)[1].split("</section>", 1)[0]
    assert "Customer focus</a>" in qualities
    # the holders exactly, one element each (a bare "PM" in the text would also match "PMM")
    holders = re.findall(r'<span class="quality-holder">([^<]*)</span>', qualities)
    assert holders == ["PM", "PO"]


def test_contrasts_need_two_of_the_chosen_roles(client, sample):
    html = page_html(client, "/compare/?roles=product-manager,project-manager")
    assert "The product manager looks years ahead" not in html


def test_expand_all_evidence_opens_every_cell_in_place(client, sample):
    closed = page_html(client, PM_PO)
    assert '<details class="ev" open' not in closed
    assert 'href="/compare/?roles=product-manager,product-owner&amp;evidence=open"' in closed
    opened = page_html(client, PM_PO + "&evidence=open")
    assert '<table class="cgrid compare-grid evidence-open' in opened
    assert opened.count('<details class="ev" open data-ev>') == opened.count("data-ev>")
    assert ">Collapse all evidence</a>" in opened


def test_print_has_numbered_endnotes_with_citations_and_the_address(client, sample):
    html = page_html(client, PM_PO)
    notes = html.split('id="notes-heading"', 1)[1].split("</section>", 1)[0]
    numbered = re.findall(r'<li value="(\d+)" id="note-\d+">“([^”]+)”', notes)
    assert [n for n, _ in numbered] == [str(i) for i in range(1, len(numbered) + 1)]
    assert numbered[0] == ("1", "The product manager owns the product vision.")
    assert "Jane Doe, “Product manager vs product owner”, Example Press" in notes
    assert "https://example.org/pm-vs-po" in notes and ", Roles." in notes
    # The cell names its notes (shown only in print).
    assert '<sup class="refs">1</sup>' in cells_of(html, "product-vision")[0]
    assert f"Printed from http://testserver{PM_PO.replace('&', '&amp;')} on" in html


def test_csv_download(client, sample):
    response = client.get(PM_PO + "&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="product-manager-vs-product-owner.csv"'
    )
    lines = response.content.decode().splitlines()
    assert lines[0].startswith(
        "area,responsibility,kind,Product Manager,Product Owner,status,disputed,"
    )
    assert (
        "Delivery and backlog,Order the product backlog,responsibility,C,A,one role holds it,no,"
        in response.content.decode()
    )


def test_markdown_download(client, sample):
    response = client.get("/compare/?roles=product-owner,product-manager&format=md")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"].endswith(
        'filename="product-owner-vs-product-manager.md"'
    )
    assert response.content.decode().startswith("# Product Owner vs Product Manager")


def _listed_disputes(html):
    section = html.split('id="disputes-heading"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<details class="dispute" id="dispute-([\w-]+)">', section)


def _elsewhere(html):
    section = html.split('id="disputes-heading"', 1)[1].split("</section>", 1)[0]
    return (
        [
            re.sub(r"<[^>]+>", "", item).strip()
            for item in re.findall(r"<li>(.*?)</li>", section.split("disputes-elsewhere", 1)[-1])
        ]
        if "disputes-elsewhere" in section
        else []
    )


@pytest.mark.parametrize(
    ("roles", "listed", "elsewhere"),
    [
        # The sample's disputes: the vision (PM, PO), the status reports (the project manager
        # alone), the launch (the project and the marketing manager).
        ("product-manager,product-owner", ["who-owns-the-vision"], []),
        (
            "product-manager,project-manager",
            [],
            [
                "1 dispute involves the product manager with a role not compared here.",
                "2 disputes involve the project manager with a role not compared here.",
            ],
        ),
        (
            "project-manager,product-marketing-manager",
            ["who-runs-the-launch"],
            ["1 more dispute involves the project manager with a role not compared here."],
        ),
        (
            "product-owner,product-marketing-manager",
            [],
            [
                "1 dispute involves the product owner with a role not compared here.",
                "1 dispute involves the product marketing manager with a role not compared here.",
            ],
        ),
        (
            ",".join(ROLE_SLUGS),
            ["who-owns-the-vision", "who-runs-the-launch"],
            ["1 more dispute involves the project manager with a role not compared here."],
        ),
    ],
)
def test_a_comparison_lists_only_the_disputes_two_compared_roles_take_part_in(
    client, roles, listed, elsewhere
):
    """GIVEN the sample's three disputes WHEN roles are compared THEN the list holds exactly
    the disputes at least two compared roles take part in, and each compared role with other
    disputes gets a link line counting them (to its page's disputes)."""
    html = page_html(client, f"/compare/?roles={roles}")
    assert _listed_disputes(html) == listed
    assert _elsewhere(html) == elsewhere
    nav = html.split('<nav class="page-nav"', 1)[1].split("</nav>", 1)[0]
    assert f"Where the sources disagree ({len(listed)})" in nav


def test_disputes_are_collapsed_below_the_grid_and_rows_link_to_them(client):
    html = page_html(client, "/compare/?roles=project-manager,product-marketing-manager")
    main = html.split('<main id="main"', 1)[1]
    assert main.index('<table class="cgrid') < main.index('id="disputes-heading"')
    # Closed by default: a <details> without `open`, its topic the control.
    assert '<details class="dispute" id="dispute-who-runs-the-launch">' in html
    assert (
        '<summary><h3 class="dispute-topic"><span class="flag" aria-hidden="true">⚑</span> '
        "Who runs the launch: project or marketing?</h3></summary>"
    ) in html
    # A listed dispute's flag leads to it below the grid; one the comparison only links to
    # (the status reports, the project manager alone) leads to its own page.
    assert 'href="#dispute-who-runs-the-launch"' in row_of(html, "launch-messaging")
    assert 'href="/disputes/who-writes-reports/"' in row_of(html, "status-reports")
    assert "/roles/project-manager/#disputes-heading" in html


def _standouts(html):
    section = html.split('id="summary-heading"', 1)[1].split("</section>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", section, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip() for item in items]


@pytest.mark.parametrize(
    ("roles", "lines"),
    [
        (
            "product-manager,product-owner",
            [
                "Only the PM holds 1: 1 in Strategy and vision.",
                "Only the PO holds 1: 1 in Delivery and backlog.",
            ],
        ),
        (
            "product-manager,product-owner,project-manager",
            [
                "Only the PrM holds 2: 2 in Delivery and backlog.",
                "Only the PM holds 1: 1 in Strategy and vision.",
                "Only the PO holds 1: 1 in Delivery and backlog.",
            ],
        ),
        (
            ",".join(ROLE_SLUGS),
            [
                "Only the PrM holds 2: 2 in Delivery and backlog.",
                "Only the PM holds 1: 1 in Strategy and vision.",
                "Only the PO holds 1: 1 in Delivery and backlog.",
                "Only the PMM holds 1: 1 in Strategy and vision.",
            ],
        ),
    ],
)
def test_every_compared_role_with_parts_of_its_own_gets_its_summary_line(client, roles, lines):
    """GIVEN the sample WHEN 2, 3 or 4 roles are compared THEN the summary names, for every
    role that holds something alone, how much and where (four roles: four lines, the
    project manager's among them), the most first."""
    html = page_html(client, f"/compare/?roles={roles}")
    assert _standouts(html) == lines
    held = html.split('class="summary-line"', 1)[1].split("</p>", 1)[0]
    assert held.count('class="stat"') == len(lines)


def test_a_role_without_parts_of_its_own_gets_no_summary_line(client, sample):
    """A newcomer Responsible only for the product vision, which the PM holds too."""
    newcomer = RoleFactory(slug="newcomer", name="Newcomer", abbreviation="NEW")
    AssignmentFactory(
        role=newcomer,
        responsibility=sample.responsibilities["product-vision"],
        level=Level.RESPONSIBLE,
        quotes=[QuoteFactory()],
    )
    html = page_html(client, "/compare/?roles=product-manager,newcomer")
    assert _standouts(html) == ["Only the PM holds 1: 1 in Strategy and vision."]
    held = html.split('class="summary-line"', 1)[1].split("</p>", 1)[0]
    assert 'by the NEW <span class="muted">(0 alone)</span>' in held
