"""The side-by-side comparison page: grid first, cells, filters, evidence, disputes, downloads."""

import re

import pytest

from responsibilities.models import Basis, Level
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    QuoteFactory,
    ResponsibilityFactory,
    RoleFactory,
)
from tests.web.markup import markup_problems
from tests.world import ROLE_SLUGS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("disputes")]

PM_PO = "/compare/?roles=product-manager,product-owner"


def _html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


def _grid(html):
    return html.split('<table class="cgrid', 1)[1].split("</table>", 1)[0]


def _rows(html):
    """The responsibilities in the grid, in order."""
    return re.findall(r'<tr class="row [^"]*" data-responsibility="([\w-]+)"', _grid(html))


def _row(html, slug):
    return _grid(html).split(f'data-responsibility="{slug}"', 1)[1].split("</tr>", 1)[0]


def _cells(html, slug):
    return re.findall(r"<td class=\"cell.*?</td>", _row(html, slug), re.S)


def _column_headers(html):
    head = _grid(html).split("</thead>", 1)[0]
    return re.findall(r'<th scope="col" class="role-col"><a href="/roles/([\w-]+)/">', head)


def test_columns_follow_the_url_order(client, sample):
    html = _html(client, "/compare/?roles=product-owner,product-manager")
    assert _column_headers(html) == ["product-owner", "product-manager"]
    assert "<title>Product Owner vs Product Manager: responsibilities compared" in html


def test_repeated_parameters_from_the_picker_work_like_a_list(client, sample):
    html = _html(client, "/compare/?roles=product-manager&roles=product-owner")
    assert _column_headers(html) == ["product-manager", "product-owner"]
    # The canonical permalink is the comma form.
    assert "/compare/?roles=product-manager,product-owner" in html


def test_the_grid_comes_right_after_a_short_summary(client, sample):
    html = _html(client, PM_PO)
    main = html.split('<main id="main"', 1)[1]
    order = [
        main.index('id="summary-heading"'),
        main.index('<table class="cgrid'),
        main.index('id="disputes-heading"'),
        main.index('id="about-heading"'),
    ]
    assert order == sorted(order)
    # Between the summary and the grid: the filters (one disclosure) and the legend, no
    # stated contrast and no quote.
    between = main[order[0] : order[1]]
    assert "thinks in years" not in between
    assert re.findall(r"<details[^>]*>", between) == [
        '<details class="grid-filters" data-grid-filters>'
    ]
    nav = html.split('aria-label="On this page"', 1)[1].split("</nav>", 1)[0]
    assert [h for h in re.findall(r'href="#([\w-]+)"', nav)] == [
        "grid",
        "disputes",
        "about",
        "qualities",
        "downloads",
    ]


def test_summary_counts_overlap_and_where_each_role_stands_alone(client, sample):
    html = _html(client, PM_PO)
    summary = html.split('id="summary-heading"', 1)[1].split("</section>", 1)[0]
    # PM holds vision (A) and research (R); PO holds research (R) and backlog (A).
    assert '<strong>2</strong> by the PM <span class="muted">(1 alone)</span>' in summary
    assert '<strong>2</strong> by the PO <span class="muted">(1 alone)</span>' in summary
    assert "<strong>1</strong> by both</a>" in summary
    assert "<strong>33%</strong> overlap" in summary
    assert "Only the PM holds 1</a>: 1 in Strategy and vision." in summary
    assert "Only the PO holds 1</a>: 1 in Delivery and backlog." in summary
    # The attribute table is not repeated in the summary.
    assert "Time horizon" not in summary


def test_cells_show_a_letter_with_its_basis_and_open_their_quotes(client, sample):
    html = _html(client, PM_PO)
    pm_cell, po_cell = _cells(html, "product-vision")
    assert '<span class="lv lv-A basis-described" aria-hidden="true">A</span>' in pm_cell
    assert '<span class="visually-hidden">PM: Accountable, described, 1 quote</span>' in pm_cell
    assert "<details" in pm_cell and "The product manager owns the product vision." in pm_cell
    assert "Jane Doe, “Product manager vs product owner”, Example Press" in pm_cell
    assert f'href="{sample.source.get_absolute_url()}#quote-' in pm_cell
    assert '<span class="lv lv-C basis-described" aria-hidden="true">C</span>' in po_cell
    assert "No quote backs this part yet." in po_cell


def test_silence_is_an_empty_cell_and_a_stated_no_part_is_a_letter(client, sample):
    AssignmentFactory(
        role=sample.roles["po"],
        responsibility=sample.responsibilities["launch-messaging"],
        level=Level.NO_PART,
        basis=Basis.STATED,
        quotes=[QuoteFactory(text="The product owner does not write launch copy.")],
    )
    html = _html(client, "/compare/?roles=product-manager,product-owner,project-manager")
    _, po_launch, prj_launch = _cells(html, "launch-messaging")
    assert '<span class="lv lv-N basis-stated" aria-hidden="true">N</span>' in po_launch
    assert "PO: No part (stated), stated, 1 quote" in po_launch
    assert prj_launch == (
        '<td class="cell not-stated"><span class="visually-hidden">PrM: not stated</span></td>'
    )
    assert "No part" not in _grid(html).replace("No part (stated)", "")


def test_held_by_one_but_not_another_shows_exactly_those_rows(client, sample):
    # Within an area, rows follow the responsibilities' order, then their names.
    assert _rows(_html(client, PM_PO)) == [
        "launch-messaging",
        "product-vision",
        "customer-research",
        "product-backlog",
        "status-reports",
    ]
    pm_not_po = _html(client, PM_PO + "&held_by=product-manager&not_by=product-owner")
    assert _rows(pm_not_po) == ["product-vision"]
    assert "Responsibilities 1–1 of 1 that match." in pm_not_po
    assert _rows(_html(client, PM_PO + "&held_by=product-owner&not_by=product-manager")) == [
        "product-backlog"
    ]
    assert _rows(_html(client, PM_PO + "&held_by=product-owner")) == [
        "customer-research",
        "product-backlog",
    ]


def test_shared_one_only_disputed_and_area_filters(client, sample):
    assert _rows(_html(client, PM_PO + "&show=shared")) == ["customer-research"]
    assert _rows(_html(client, PM_PO + "&show=one")) == ["product-vision", "product-backlog"]
    assert _rows(_html(client, PM_PO + "&show=disputed")) == ["product-vision"]
    assert _rows(_html(client, PM_PO + "&area=delivery")) == ["product-backlog", "status-reports"]
    four = "/compare/?roles=" + ",".join(ROLE_SLUGS)
    # Four roles: the launch is disputed between the project and the marketing manager, and
    # the project manager is in the dispute on the status reports.
    assert _rows(_html(client, four + "&show=disputed")) == [
        "launch-messaging",
        "product-vision",
        "status-reports",
    ]
    assert _rows(_html(client, four + "&show=shared")) == ["customer-research"]


def test_rows_grouped_by_who_holds_them(client, sample):
    html = _html(client, PM_PO + "&group=holders")
    labels = re.findall(r'<span class="group-label">([^<]+)</span>', _grid(html))
    assert labels == [
        "Held by both",
        "Held by the PM only",
        "Held by the PO only",
        "Held by none of them (only Consulted, Informed or no part)",
    ]
    assert _rows(html) == [
        "customer-research",
        "product-vision",
        "product-backlog",
        "launch-messaging",
        "status-reports",
    ]


def test_filters_keep_their_choices_and_links_keep_the_map(client, sample):
    html = _html(client, PM_PO + "&map=reference&held_by=product-manager&not_by=product-owner")
    form = html.split("data-grid-tools>", 1)[1].split("</form>", 1)[0]
    assert '<input type="hidden" name="map" value="reference">' in form
    assert '<option value="product-manager" selected>' in form.split('name="held_by"')[1]
    assert '<option value="product-owner" selected>' in form.split('name="not_by"')[1]
    assert '<a href="/responsibilities/product-vision/?map=reference">' in _grid(html)
    reset = re.search(r'<a href="([^"]+)">Show everything</a>', html).group(1)
    assert reset == "/compare/?roles=product-manager,product-owner&amp;map=reference"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("&show=bogus", "Unknown view “bogus”; choose one of: all, shared, one, disputed."),
        ("&group=size", "Unknown grouping “size”; choose one of: area, holders."),
        ("&held_by=ceo", "“ceo” is not one of the roles compared; choose one of them."),
        (
            "&held_by=product-owner&not_by=product-owner",
            "“Held by” and “but not by” need two different roles.",
        ),
        ("&area=nowhere", "Unknown area “nowhere”."),
        ("&page=0", "Page “0” is not a page number."),
        ("&page=2", "There is no page 2; the last page is 1."),
    ],
)
def test_bad_filters_are_a_400_that_says_what_to_fix(client, sample, query, message):
    html = _html(client, PM_PO + query, status=400)
    assert 'role="alert"' in html
    assert message.replace("“", "&ldquo;").replace("”", "&rdquo;") in html or message in html


def test_disputed_rows_carry_a_marker_and_the_disputes_are_listed(client, sample):
    html = _html(client, PM_PO)
    vision = _row(html, "product-vision")
    assert '<a class="flag" href="#dispute-who-owns-the-vision"' in vision
    assert "The sources disagree: Who owns the product vision: PM or PO?" in vision
    assert 'class="flag"' not in _row(html, "product-backlog")
    section = html.split('id="disputes-heading"', 1)[1].split("</section>", 1)[0]
    assert 'id="dispute-who-owns-the-vision"' in section
    assert "The product manager owns the vision." in section
    assert "The product owner owns the vision." in section
    assert "The product manager owns the product vision." in section
    assert "The product owner creates the product vision." in section
    # Not between the chosen roles: neither listed nor marked.
    assert "Who runs the launch" not in html
    assert 'class="flag"' not in _row(html, "launch-messaging")


def test_pairwise_overlap_for_three_or_four_roles(client, sample):
    html = _html(client, "/compare/?roles=" + ",".join(ROLE_SLUGS))
    assert _column_headers(html) == ROLE_SLUGS
    pairs = html.split('id="pairs-heading"', 1)[1].split("</section>", 1)[0]
    assert "<strong>PM &amp; PO: 33% overlap</strong>" in pairs
    assert (
        '<a href="/compare/?roles=product-manager,product-owner,project-manager,'
        'product-marketing-manager&amp;held_by=product-manager&amp;not_by=product-owner">'
        "1 by the PM but not the PO</a>"
    ) in pairs
    assert len(re.findall("<li>", pairs)) == 6


def test_attributes_and_stated_contrasts_sit_below_the_grid(client, sample):
    html = _html(client, PM_PO)
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
    html = _html(client, "/compare/?roles=product-manager,project-manager")
    assert "The product manager looks years ahead" not in html


def test_expand_all_evidence_opens_every_cell_in_place(client, sample):
    closed = _html(client, PM_PO)
    assert '<details class="ev" open' not in closed
    assert 'href="/compare/?roles=product-manager,product-owner&amp;evidence=open"' in closed
    opened = _html(client, PM_PO + "&evidence=open")
    assert '<table class="cgrid compare-grid evidence-open' in opened
    assert opened.count('<details class="ev" open data-ev>') == opened.count("data-ev>")
    assert ">Collapse all evidence</a>" in opened


def test_print_has_numbered_endnotes_with_citations_and_the_address(client, sample):
    html = _html(client, PM_PO)
    notes = html.split('id="notes-heading"', 1)[1].split("</section>", 1)[0]
    numbered = re.findall(r'<li value="(\d+)" id="note-\d+">“([^”]+)”', notes)
    assert [n for n, _ in numbered] == [str(i) for i in range(1, len(numbered) + 1)]
    assert numbered[0] == ("1", "The product manager owns the product vision.")
    assert "Jane Doe, “Product manager vs product owner”, Example Press" in notes
    assert "https://example.org/pm-vs-po" in notes and ", Roles." in notes
    # The cell names its notes (shown only in print).
    assert '<sup class="refs">1</sup>' in _cells(html, "product-vision")[0]
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


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Choose at least 2 roles to compare (you chose 0)."),
        ("?roles=product-manager", "Choose at least 2 roles to compare (you chose 1)."),
        (
            "?roles=" + ",".join([*ROLE_SLUGS, "extra"]),
            "Choose at most 4 roles to compare (you chose 5).",
        ),
        (
            "?roles=product-manager&roles=product-manager",
            "Each role can appear only once; repeated: product-manager.",
        ),
        ("?roles=product-manager,ceo", "Unknown role: ceo. Pick roles from the list."),
        (
            "?roles=product-manager,product-owner&format=pdf",
            "Unknown format “pdf”; choose one of: html, csv, md, xlsx.",
        ),
        ("?roles=product-manager,product-owner&map=nope", "Unknown map “nope”"),
    ],
)
def test_bad_input_is_a_400_with_the_form_and_what_to_fix(client, sample, query, message):
    html = _html(client, "/compare/" + query, status=400)
    assert 'role="alert"' in html
    assert message.replace("“", "&ldquo;").replace("”", "&rdquo;") in html or message in html
    assert '<form class="picker"' in html
    assert 'name="roles" value="product-owner"' in html


def test_the_form_keeps_what_was_ticked(client, sample):
    html = _html(client, "/compare/?roles=product-manager", status=400)
    assert 'value="product-manager" id="pick-product-manager" checked' in html
    assert 'value="product-owner" id="pick-product-owner">' in html


def test_comparison_escapes_content(client, sample):
    sample.roles["pm"].name = "<script>alert(1)</script>"
    sample.roles["pm"].save()
    html = _html(client, PM_PO)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_long_comparisons_are_paged(client, sample):
    area = AreaFactory(name="Meetings", slug="meetings", order=9)
    for n in range(65):
        duty = ResponsibilityFactory(name=f"Meeting {n:02}", area=area, order=n)
        AssignmentFactory(role=sample.roles["pm"], responsibility=duty, level=Level.INFORMED)
    first = _html(client, PM_PO)
    assert len(_rows(first)) == 60
    assert "Responsibilities 1–60 of 70 (page 1 of 2)." in first
    assert 'href="/compare/?roles=product-manager,product-owner&amp;page=2" rel="next"' in first
    second = _html(client, PM_PO + "&page=2")
    assert len(_rows(second)) == 10
    assert "Meeting 64" in _grid(second) and "Meeting 54" not in _grid(second)
    # The summary counts everything, whatever the page.
    assert "Meetings (65)" in second


@pytest.mark.parametrize(
    "query",
    [
        "",
        "&group=holders&evidence=open",
        "&show=disputed&area=strategy",
        "&held_by=product-owner&not_by=product-manager",
    ],
)
def test_the_markup_is_well_formed(client, sample, query):
    html = _html(client, "/compare/?roles=" + ",".join(ROLE_SLUGS) + query)
    assert markup_problems(html) == []


@pytest.mark.parametrize(
    ("query", "is_open"),
    [
        ("", False),
        ("&evidence=open", False),
        ("&held_by=product-manager", True),
        ("&show=shared", True),
        ("&group=holders", True),
    ],
)
def test_the_filters_sit_behind_one_control_open_only_while_in_use(client, query, is_open):
    html = _html(client, PM_PO + query)
    form = html.split('<form class="grid-tools"', 1)[1].split("</form>", 1)[0]
    details = re.search(r"<details class=\"grid-filters\"( open)? data-grid-filters>", form)
    assert details is not None
    assert bool(details.group(1)) is is_open
    assert "<summary>Filter and group" in form
    # Every control is inside the one disclosure.
    inside = form.split("<details", 1)[1]
    for name in ["show", "held_by", "not_by", "area", "group"]:
        assert f'name="{name}"' in inside, name


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
    html = _html(client, f"/compare/?roles={roles}")
    assert _listed_disputes(html) == listed
    assert _elsewhere(html) == elsewhere
    nav = html.split('<nav class="page-nav"', 1)[1].split("</nav>", 1)[0]
    assert f"Where the sources disagree ({len(listed)})" in nav


def test_disputes_are_collapsed_below_the_grid_and_rows_link_to_them(client):
    html = _html(client, "/compare/?roles=project-manager,product-marketing-manager")
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
    assert 'href="#dispute-who-runs-the-launch"' in _row(html, "launch-messaging")
    assert 'href="/disputes/who-writes-reports/"' in _row(html, "status-reports")
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
    html = _html(client, f"/compare/?roles={roles}")
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
    html = _html(client, "/compare/?roles=product-manager,newcomer")
    assert _standouts(html) == ["Only the PM holds 1: 1 in Strategy and vision."]
    held = html.split('class="summary-line"', 1)[1].split("</p>", 1)[0]
    assert 'by the NEW <span class="muted">(0 alone)</span>' in held
