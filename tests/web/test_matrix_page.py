"""The RACI matrix page: level shading, links to evidence, gaps, filters, pages, CSV."""

import csv
import io
import re

import pytest

from responsibilities.models import Basis, Level
from tests.factories import AreaFactory, AssignmentFactory, ResponsibilityFactory, RoleFactory
from tests.web.markup import markup_problems

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("disputes")]


def _html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


def _rows(html):
    return re.findall(r'<tr id="r-([\w-]+)"', html)


def _row(html, slug):
    return html.split(f'id="r-{slug}"', 1)[1].split("</tr>", 1)[0]


def _cells(html, slug):
    return re.findall(r'<td class="cell.*?</td>', _row(html, slug), re.S)


def _headers(html):
    head = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    return re.findall(r'<span aria-hidden="true">([^<]+)</span>', head)


def test_matrix_shows_all_roles_and_responsibilities_grouped_by_area(client, sample):
    html = _html(client, "/matrix/")
    assert _headers(html) == ["PM", "PO", "PrM", "PMM"]
    table = html.split('<table class="mgrid"', 1)[1]
    assert table.index("Strategy and vision") < table.index("Set the product vision")
    assert table.index("Set the product vision") < table.index("Delivery and backlog")
    assert _rows(html) == [
        "launch-messaging",
        "customer-focus",
        "product-vision",
        "customer-research",
        "product-backlog",
        "project-schedule",
        "status-reports",
    ]


def test_cells_are_shaded_by_level_and_link_to_their_evidence(client, sample):
    html = _html(client, "/matrix/")
    pm, po, prm, pmm = _cells(html, "product-vision")
    assert pm.startswith('<td class="cell at-A">')
    assert '<a href="/responsibilities/product-vision/#role-product-manager">' in pm
    assert '<span class="lv lv-A basis-described" aria-hidden="true">A</span>' in pm
    assert "PM: Accountable, described; the evidence" in pm
    assert po.startswith('<td class="cell at-C">') and "lv-C" in po
    # Silence is an empty cell that says so to a screen reader, not "no part".
    assert prm == (
        '<td class="cell not-stated"><span class="visually-hidden">PrM: not stated</span></td>'
    )
    research = _cells(html, "customer-research")
    assert [c.split('"')[1] for c in research] == [
        "cell at-R",
        "cell at-R",
        "cell not-stated",
        "cell not-stated",
    ]


def test_a_stated_no_part_and_the_basis_show(client, sample):
    AssignmentFactory(
        role=sample.roles["prj"],
        responsibility=sample.responsibilities["product-vision"],
        level=Level.NO_PART,
        basis=Basis.STATED,
    )
    html = _html(client, "/matrix/")
    prm = _cells(html, "product-vision")[2]
    assert prm.startswith('<td class="cell at-N">')
    assert '<span class="lv lv-N basis-stated" aria-hidden="true">N</span>' in prm
    assert "PrM: No part (stated), stated" in prm


def test_the_map_is_kept_in_links(client, sample):
    html = _html(client, "/matrix/?map=reference")
    assert '<a href="/responsibilities/product-vision/?map=reference#role-product-manager">' in (
        html
    )
    assert '<input type="hidden" name="map" value="reference">' in html


def test_gaps_are_a_column_and_a_filter(client, sample):
    orphan = ResponsibilityFactory(name="Run the retrospective", slug="retro")
    AssignmentFactory(role=sample.roles["po"], responsibility=orphan, level=Level.RESPONSIBLE)
    ResponsibilityFactory(name="Set the budget", slug="budget")
    html = _html(client, "/matrix/")
    # The notice is one line above the grid, not a banner with a heading.
    warnings = html.split('<p class="gap-line" id="gap-line">', 1)[1].split("</p>", 1)[0]
    assert 'class="warnings"' not in html
    # In the sample, "Understand customer needs" and "Read the status reports" also have a
    # Responsible but no Accountable.
    assert "4 responsibilities have a gap" in warnings
    assert '<a href="/matrix/?gaps=1">Show only these</a>' in warnings
    assert "Responsible without Accountable</td>" in _row(html, "retro")
    assert "No Accountable role</td>" in _row(html, "budget")
    assert '<td class="gap"></td>' in _row(html, "product-vision")
    # A shared quality has no owner by nature.
    assert '<td class="gap"></td>' in _row(html, "customer-focus")
    gaps = _html(client, "/matrix/?gaps=1")
    assert sorted(_rows(gaps)) == ["budget", "customer-research", "retro", "status-reports"]


def test_a_gap_counts_every_role_not_only_the_columns_shown(client, sample):
    html = _html(client, "/matrix/?roles=product-owner&gaps=1")
    # The PM is Accountable for the vision: no gap, though the PM's column is not shown.
    assert _headers(html) == ["PO"]
    assert "product-vision" not in _rows(html)


def test_filter_by_area_and_by_role(client, sample):
    html = _html(client, "/matrix/?area=delivery&roles=product-owner,product-manager")
    assert _rows(html) == ["product-backlog", "project-schedule", "status-reports"]
    assert _headers(html) == ["PO", "PM"]
    assert 'value="product-owner" id="m-role-product-owner" checked' in html
    assert '<option value="delivery" selected>' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?format=pdf", "Unknown format “pdf”; choose one of: html, csv, xlsx."),
        ("?format=csv&bom=yes", "bom “yes” must be 1 (start with a byte order mark) or 0."),
        ("?area=nowhere", "Unknown area “nowhere”."),
        ("?roles=ceo", "Unknown role: ceo."),
        ("?page=x", "Page “x” is not a page number."),
        ("?page=3", "There is no page 3; the last page is 1."),
        ("?cols=2", "There is no column page 2; the last column page is 1."),
        ("?map=nope", "Unknown map “nope”"),
    ],
)
def test_bad_input_is_a_400_that_says_what_to_fix(client, sample, query, message):
    response = client.get("/matrix/" + query)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html or message.replace("“", "&ldquo;").replace("”", "&rdquo;") in html


def test_disputed_rows_carry_a_marker(client, sample):
    html = _html(client, "/matrix/")
    assert "The sources disagree: Who owns the product vision: PM or PO?" in _row(
        html, "product-vision"
    )
    assert "The sources disagree: Who runs the launch" in _row(html, "launch-messaging")
    assert 'class="flag"' not in _row(html, "product-backlog")


def test_the_matrix_is_paged_by_responsibilities_and_role_columns(client, sample):
    area = AreaFactory(name="Zeta", slug="zeta", order=99)
    for n in range(100):
        ResponsibilityFactory(name=f"Zeta {n:02}", area=area, order=n)
    for n in range(10):
        RoleFactory(name=f"Extra role {n:02}", abbreviation=f"X{n:02}", order=100 + n)
    first = _html(client, "/matrix/")
    assert len(_rows(first)) == 100
    assert "Responsibilities 1–100 of 107 (page 1 of 2)" in first
    assert len(_headers(first)) == 12
    assert '<a href="/matrix/?page=2" rel="next">' in first
    assert '<a href="/matrix/?cols=2">More roles →</a>' in first
    second = _html(client, "/matrix/?page=2&cols=2")
    assert len(_rows(second)) == 7 and "Zeta 99" in second
    assert _headers(second) == ["X08", "X09"]


def test_matrix_csv_streams_every_row(client, sample):
    area = AreaFactory(name="Zeta", slug="zeta", order=99)
    for n in range(60):
        ResponsibilityFactory(name=f"Zeta {n:02}", area=area, order=n)
    response = client.get("/matrix/?format=csv")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="raci-matrix.csv"'
    body = b"".join(response.streaming_content).decode()
    lines = body.splitlines()
    names = ["Product Manager", "Product Owner", "Project Manager", "Product Marketing Manager"]
    assert lines[0] == ",".join(
        ["area", "responsibility", "kind", *names, "warnings", "disputed"]
        + [f"{n} basis" for n in names]
        + [f"{n} rationale" for n in names]
        + [f"{n} quotes" for n in names]
    )
    assert body.startswith("area,")  # no byte order mark unless asked for (bom=1)
    vision = next(
        r
        for r in csv.DictReader(io.StringIO(body))
        if r["responsibility"] == "Set the product vision"
    )
    # The module's sample has the vision dispute (PM and PO).
    assert (vision["Product Manager"], vision["Product Owner"], vision["disputed"]) == (
        "A",
        "C",
        "yes",
    )
    assert vision["Product Manager basis"] == "described"
    assert vision["Product Manager quotes"].startswith(
        "“The product manager owns the product vision.” — Jane Doe"
    )
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 1 + 7 + 60
    assert rows[-1][:9] == [
        "Zeta",
        "Zeta 59",
        "responsibility",
        "",
        "",
        "",
        "",
        "No Accountable role",
        "no",
    ]


@pytest.mark.parametrize("query", ["", "?gaps=1&roles=product-owner,product-manager&area=strategy"])
def test_the_markup_is_well_formed(client, sample, query):
    assert markup_problems(_html(client, "/matrix/" + query)) == []
