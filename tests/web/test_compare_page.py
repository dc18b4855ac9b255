"""The side-by-side comparison page: grid first, cells, filters, grouping, bad input, paging.

What sits around the grid (contrasts, evidence, print, downloads, disputes, the standout
lines) is in test_compare_page_around.py."""

import re

import pytest

from responsibilities.models import Basis, Level
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    QuoteFactory,
    ResponsibilityFactory,
)
from tests.web.compare_html import cells_of, column_headers, grid_of, page_html, row_of, rows_of
from tests.web.markup import markup_problems
from tests.world import ROLE_SLUGS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("disputes")]

PM_PO = "/compare/?roles=product-manager,product-owner"


def test_columns_follow_the_url_order(client, sample):
    html = page_html(client, "/compare/?roles=product-owner,product-manager")
    assert column_headers(html) == ["product-owner", "product-manager"]
    assert "<title>Product Owner vs Product Manager: responsibilities compared" in html


def test_repeated_parameters_from_the_picker_work_like_a_list(client, sample):
    html = page_html(client, "/compare/?roles=product-manager&roles=product-owner")
    assert column_headers(html) == ["product-manager", "product-owner"]
    # The canonical permalink is the comma form.
    assert "/compare/?roles=product-manager,product-owner" in html


def test_the_grid_comes_right_after_a_short_summary(client, sample):
    html = page_html(client, PM_PO)
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
    html = page_html(client, PM_PO)
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
    html = page_html(client, PM_PO)
    pm_cell, po_cell = cells_of(html, "product-vision")
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
    html = page_html(client, "/compare/?roles=product-manager,product-owner,project-manager")
    _, po_launch, prj_launch = cells_of(html, "launch-messaging")
    assert '<span class="lv lv-N basis-stated" aria-hidden="true">N</span>' in po_launch
    assert "PO: No part (stated), stated, 1 quote" in po_launch
    assert prj_launch == (
        '<td class="cell not-stated"><span class="visually-hidden">PrM: not stated</span></td>'
    )
    assert "No part" not in grid_of(html).replace("No part (stated)", "")


def test_held_by_one_but_not_another_shows_exactly_those_rows(client, sample):
    # Within an area, rows follow the responsibilities' order, then their names.
    assert rows_of(page_html(client, PM_PO)) == [
        "launch-messaging",
        "product-vision",
        "customer-research",
        "product-backlog",
        "status-reports",
    ]
    pm_not_po = page_html(client, PM_PO + "&held_by=product-manager&not_by=product-owner")
    assert rows_of(pm_not_po) == ["product-vision"]
    assert "Responsibilities 1–1 of 1 that match." in pm_not_po
    assert rows_of(page_html(client, PM_PO + "&held_by=product-owner&not_by=product-manager")) == [
        "product-backlog"
    ]
    assert rows_of(page_html(client, PM_PO + "&held_by=product-owner")) == [
        "customer-research",
        "product-backlog",
    ]


def test_shared_one_only_disputed_and_area_filters(client, sample):
    assert rows_of(page_html(client, PM_PO + "&show=shared")) == ["customer-research"]
    assert rows_of(page_html(client, PM_PO + "&show=one")) == ["product-vision", "product-backlog"]
    assert rows_of(page_html(client, PM_PO + "&show=disputed")) == ["product-vision"]
    assert rows_of(page_html(client, PM_PO + "&area=delivery")) == [
        "product-backlog",
        "status-reports",
    ]
    four = "/compare/?roles=" + ",".join(ROLE_SLUGS)
    # Four roles: the launch is disputed between the project and the marketing manager, and
    # the project manager is in the dispute on the status reports.
    assert rows_of(page_html(client, four + "&show=disputed")) == [
        "launch-messaging",
        "product-vision",
        "status-reports",
    ]
    assert rows_of(page_html(client, four + "&show=shared")) == ["customer-research"]


def test_rows_grouped_by_who_holds_them(client, sample):
    html = page_html(client, PM_PO + "&group=holders")
    labels = re.findall(r'<span class="group-label">([^<]+)</span>', grid_of(html))
    assert labels == [
        "Held by both",
        "Held by the PM only",
        "Held by the PO only",
        "Held by none of them (only Consulted, Informed or no part)",
    ]
    assert rows_of(html) == [
        "customer-research",
        "product-vision",
        "product-backlog",
        "launch-messaging",
        "status-reports",
    ]


def test_filters_keep_their_choices_and_links_keep_the_map(client, sample):
    html = page_html(client, PM_PO + "&map=reference&held_by=product-manager&not_by=product-owner")
    form = html.split("data-grid-tools>", 1)[1].split("</form>", 1)[0]
    assert '<input type="hidden" name="map" value="reference">' in form
    assert '<option value="product-manager" selected>' in form.split('name="held_by"')[1]
    assert '<option value="product-owner" selected>' in form.split('name="not_by"')[1]
    assert '<a href="/responsibilities/product-vision/?map=reference">' in grid_of(html)
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
    html = page_html(client, PM_PO + query, status=400)
    assert 'role="alert"' in html
    assert message.replace("“", "&ldquo;").replace("”", "&rdquo;") in html or message in html


def test_disputed_rows_carry_a_marker_and_the_disputes_are_listed(client, sample):
    html = page_html(client, PM_PO)
    vision = row_of(html, "product-vision")
    assert '<a class="flag" href="#dispute-who-owns-the-vision"' in vision
    assert "The sources disagree: Who owns the product vision: PM or PO?" in vision
    assert 'class="flag"' not in row_of(html, "product-backlog")
    section = html.split('id="disputes-heading"', 1)[1].split("</section>", 1)[0]
    assert 'id="dispute-who-owns-the-vision"' in section
    assert "The product manager owns the vision." in section
    assert "The product owner owns the vision." in section
    assert "The product manager owns the product vision." in section
    assert "The product owner creates the product vision." in section
    # Not between the chosen roles: neither listed nor marked.
    assert "Who runs the launch" not in html
    assert 'class="flag"' not in row_of(html, "launch-messaging")


def test_pairwise_overlap_for_three_or_four_roles(client, sample):
    html = page_html(client, "/compare/?roles=" + ",".join(ROLE_SLUGS))
    assert column_headers(html) == ROLE_SLUGS
    pairs = html.split('id="pairs-heading"', 1)[1].split("</section>", 1)[0]
    assert "<strong>PM &amp; PO: 33% overlap</strong>" in pairs
    assert (
        '<a href="/compare/?roles=product-manager,product-owner,project-manager,'
        'product-marketing-manager&amp;held_by=product-manager&amp;not_by=product-owner">'
        "1 by the PM but not the PO</a>"
    ) in pairs
    assert len(re.findall("<li>", pairs)) == 6


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
    html = page_html(client, "/compare/" + query, status=400)
    assert 'role="alert"' in html
    assert message.replace("“", "&ldquo;").replace("”", "&rdquo;") in html or message in html
    assert '<form class="picker"' in html
    assert 'name="roles" value="product-owner"' in html


def test_the_form_keeps_what_was_ticked(client, sample):
    html = page_html(client, "/compare/?roles=product-manager", status=400)
    assert 'value="product-manager" id="pick-product-manager" checked' in html
    assert 'value="product-owner" id="pick-product-owner">' in html


def test_comparison_escapes_content(client, sample):
    sample.roles["pm"].name = "<script>alert(1)</script>"
    sample.roles["pm"].save()
    html = page_html(client, PM_PO)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_long_comparisons_are_paged(client, sample):
    area = AreaFactory(name="Meetings", slug="meetings", order=9)
    for n in range(65):
        duty = ResponsibilityFactory(name=f"Meeting {n:02}", area=area, order=n)
        AssignmentFactory(role=sample.roles["pm"], responsibility=duty, level=Level.INFORMED)
    first = page_html(client, PM_PO)
    assert len(rows_of(first)) == 60
    assert "Responsibilities 1–60 of 70 (page 1 of 2)." in first
    assert 'href="/compare/?roles=product-manager,product-owner&amp;page=2" rel="next"' in first
    second = page_html(client, PM_PO + "&page=2")
    assert len(rows_of(second)) == 10
    assert "Meeting 64" in grid_of(second) and "Meeting 54" not in grid_of(second)
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
    html = page_html(client, "/compare/?roles=" + ",".join(ROLE_SLUGS) + query)
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
    html = page_html(client, PM_PO + query)
    form = html.split('<form class="grid-tools"', 1)[1].split("</form>", 1)[0]
    details = re.search(r"<details class=\"grid-filters\"( open)? data-grid-filters>", form)
    assert details is not None
    assert bool(details.group(1)) is is_open
    assert "<summary>Filter and group" in form
    # Every control is inside the one disclosure.
    inside = form.split("<details", 1)[1]
    for name in ["show", "held_by", "not_by", "area", "group"]:
        assert f'name="{name}"' in inside, name
