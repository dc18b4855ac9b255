"""The comparison grid and the matrix in Chromium: at a glance on a desktop and a phone, on paper.

A long comparison (the sample plus 40 responsibilities) so that the grid scrolls: the header row
must stay in view, the page must never scroll sideways, evidence opens without moving the grid,
and an A4 print starts with the grid and ends with the quotes as endnotes.
"""

import re
import unicodedata

import pytest
from playwright.sync_api import expect

from responsibilities.models import Level
from tests.browser.browser import ARTIFACTS, assert_accessible, screenshot
from tests.browser.pdftext import pdf_pages
from tests.factories import AreaFactory, AssignmentFactory, QuoteFactory, ResponsibilityFactory
from tests.snapshot import added_once
from tests.world import ROLE_SLUGS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("disputes", "team_duties"),
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TWO = "/compare/?roles=product-manager,product-owner"
FOUR = "/compare/?roles=" + ",".join(ROLE_SLUGS)


@pytest.fixture
def team_duties(sample):
    """The sample plus 40 team duties: built once, then written back for each test like the
    sample itself (tests/snapshot.py), as every test here only reads them."""
    added_once("team_duties", sample, _add_team_duties)
    return sample


def _add_team_duties(sample) -> None:
    area = AreaFactory(name="Working with the team", slug="team", order=5)
    levels = [Level.RESPONSIBLE, Level.CONSULTED, Level.INFORMED, Level.ACCOUNTABLE]
    # Team duties: the PM is R, A, C or I by turns; the other roles only C or I, never holding.
    for n in range(40):
        duty = ResponsibilityFactory(
            name=f"Team duty number {n:02} with a longer name",
            slug=f"team-{n:02}",
            area=area,
            order=n,
        )
        for i, key in enumerate(("pm", "po", "prj", "pmm")):
            if (n + i) % 3:
                AssignmentFactory(
                    role=sample.roles[key],
                    responsibility=duty,
                    level=levels[(n + i) % 3] if i else levels[n % 4],
                    quotes=[QuoteFactory(source=sample.source, text=f"Team quote {n}-{i}.")],
                )


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def _grid_rows(page) -> list[str]:
    return page.locator("table.cgrid tr.row").evaluate_all(
        "rows => rows.map(r => r.dataset.responsibility)"
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", [TWO, FOUR, "/matrix/"], ids=["two", "four", "matrix"])
def test_the_page_never_scrolls_sideways(live_server, page, sample, viewport, path):
    page.set_viewport_size(viewport)
    page.goto(live_server.url + path)
    assert _overflow(page) <= 0
    if path != "/matrix/":
        # Open a cell's evidence too: the panel floats inside the screen.
        page.locator("table td.cell summary").first.click()
        expect(page.locator("details[data-ev][open] .ev-panel")).to_be_in_viewport()
        assert _overflow(page) <= 0


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_header_row_stays_in_view_down_to_the_last_row(live_server, page, sample, viewport):
    page.set_viewport_size(viewport)
    page.goto(live_server.url + FOUR)
    last = page.locator("table.cgrid tr.row").last
    last.scroll_into_view_if_needed()
    expect(last).to_be_in_viewport()
    header = page.locator("table.cgrid thead th.corner")
    box = header.bounding_box()
    assert 0 <= box["y"] < 5, box
    # Nothing covers it: the element at its middle is the header cell itself.
    hit = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('thead') !== null",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert hit
    screenshot(page, f"compare-four-scrolled-{viewport['width']}")


def test_the_grid_starts_on_the_first_screen_on_a_desktop(live_server, page, sample):
    page.set_viewport_size(DESKTOP)
    for path in (TWO, FOUR):
        page.goto(live_server.url + path)
        top = page.locator("table.cgrid").bounding_box()["y"]
        assert top < DESKTOP["height"] - 200, (path, top)
    screenshot(page, "compare-four-desktop")


def test_held_by_one_but_not_the_other_with_and_without_javascript(
    live_server, page, page_without_js, sample
):
    # The PM holds the vision and, among the team duties, those it is R or A for; the PO
    # holds none of those (see the fixture).
    team = [f"team-{n:02}" for n in range(40) if n % 3 and n % 4 in (0, 3)]
    expected = ["product-vision", *team]
    for browser_page in (page, page_without_js):
        browser_page.goto(live_server.url + TWO)
        assert len(_grid_rows(browser_page)) == 45
        # The filters are folded behind one control until one is in use.
        filters = browser_page.locator("details.grid-filters")
        expect(filters).not_to_have_attribute("open", "")
        filters.locator("summary").click()
        browser_page.get_by_label("Held by", exact=True).select_option("product-manager")
        browser_page.get_by_label("but not by", exact=True).select_option("product-owner")
        browser_page.get_by_role("button", name="Apply").click()
        expect(browser_page).to_have_url(
            re.compile(r"held_by=product-manager&not_by=product-owner")
        )
        status = browser_page.locator("[data-grid-status]")
        expect(status).to_contain_text(f"1–{len(expected)} of {len(expected)} that match")
        assert _grid_rows(browser_page) == expected
    # With JavaScript the grid was replaced in place and the status took the focus.
    expect(page.locator("[data-grid-status]")).to_be_focused()


def test_a_cell_opens_its_evidence_without_moving_the_grid(live_server, page, sample):
    page.goto(live_server.url + TWO)
    table = page.locator("table.cgrid")
    before = table.bounding_box()
    cell = page.locator('tr[data-responsibility="product-vision"] td.cell').first
    quote = cell.get_by_text("The product manager owns the product vision.")
    expect(quote).to_be_hidden()
    cell.locator("summary").click()
    expect(quote).to_be_in_viewport()
    assert table.bounding_box() == before
    # One panel at a time; Escape closes it and gives the focus back to the cell.
    other = page.locator('tr[data-responsibility="customer-research"] td.cell').first
    other.locator("summary").click()
    expect(quote).to_be_hidden()
    page.keyboard.press("Escape")
    expect(other.locator("summary")).to_be_focused()
    assert_accessible(page)
    cell.locator("summary").click()
    cell.get_by_role("link", name=re.compile("Product manager vs product owner")).click()
    expect(page).to_have_url(re.compile(rf"/sources/{sample.source.pk}/#quote-"))
    item = page.locator("li", has_text="The product manager owns the product vision.")
    expect(item.locator("p.muted")).to_have_text("Roles")  # the quote's locator


def test_expand_all_evidence_opens_every_cell_in_place(live_server, page, sample):
    page.goto(live_server.url + TWO)
    page.get_by_role("button", name="Expand all evidence").click()
    expect(page.locator("details[data-ev]:not([open])")).to_have_count(0)
    expect(page).to_have_url(re.compile("evidence=open"))
    grid = page.locator("table.cgrid")
    expect(grid.get_by_text("The product manager owns the product vision.")).to_be_visible()
    assert _overflow(page) <= 0
    assert_accessible(page)


def _pdf_text(page, url, name):
    page.goto(url)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    page.pdf(path=str(path), format="A4")
    return [unicodedata.normalize("NFKC", text) for text in pdf_pages(path)]


def test_a_four_role_comparison_prints_grid_first_and_quotes_last(live_server, page, sample):
    pages = _pdf_text(page, live_server.url + FOUR, "compare-four-a4")
    first = pages[0]
    # Each column header says when its role rests on one source (all do in the sample).
    assert re.search(
        r"Responsibility Product Manager PM ⚠ based on \d+ quotes from 1 source "
        r"Product Owner PO ⚠ based on \d+ quotes from 1 source",
        first,
    )
    assert "Strategy and vision Craft the launch messaging" in first
    assert "Set the product vision ⚑ A 1 C Understand customer needs R 2 R 3" in first
    # Levels print as letters (no white glyphs on colour), quotes as numbered endnotes.
    last_pages = " ".join(pages[-2:])
    assert "1. “The product manager owns the product vision.” — Jane Doe" in " ".join(pages)
    assert "https://example.org/pm-vs-po" in last_pages
    assert pages[-1].rstrip().endswith(".")
    assert re.search(r"Printed from http://[^ ]+/compare/\?roles=product-manager,", pages[-1])
    assert re.search(r"on \d{1,2} \w+ \d{4}", pages[-1])
    # No dead disclosure labels ("2 quotes") on paper.
    # (The column headers' "based on 29 quotes from 1 source" is a sentence, not a label.)
    printed = re.sub(r"based on \d+ quotes? from \d+ sources?", "", " ".join(pages))
    assert not re.search(r"\d quotes?\b|\bquotes \d", printed)
    # The screen's tools are not printed.
    assert "Expand all evidence" not in " ".join(pages)
    assert "Apply" not in first


def test_the_matrix_keeps_its_header_and_first_column_and_links_to_evidence(
    live_server, page, sample
):
    """No scroll box of its own: the page scrolls, the header row stays at the top of the
    screen, the responsibility column at its left, and the gap column keeps room for words."""
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/matrix/")
    assert page.locator(".matrix-scroll").count() == 0
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    corner = page.locator("table.mgrid thead th.corner").bounding_box()
    assert abs(corner["y"]) < 2 and corner["x"] >= 0
    assert _overflow(page) <= 0
    gap = page.locator("#r-status-reports td.gap").bounding_box()
    assert gap["width"] >= 80 and gap["x"] + gap["width"] <= PHONE["width"]
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)
    # The full width of the page's column.
    table = page.locator("table.mgrid").bounding_box()
    main = page.locator("main").evaluate("m => m.clientWidth - 32")
    assert table["width"] >= main - 4, (table, main)
    page.locator("#r-product-vision td.cell a").first.click()
    expect(page).to_have_url(re.compile(r"/responsibilities/product-vision/#role-product-manager$"))
    expect(page.locator("#role-product-manager")).to_contain_text("Accountable")


COMPARE_PAGES = [
    TWO,
    FOUR,
    TWO + "&held_by=product-manager&not_by=product-owner",
    FOUR + "&group=holders&show=shared",
    FOUR + "&evidence=open",
    "/matrix/",
    "/matrix/?gaps=1&roles=product-owner",
]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", COMPARE_PAGES)
def test_axe_finds_no_violations(live_server, page, sample, path, viewport):
    page.set_viewport_size(viewport)
    page.goto(live_server.url + path)
    page.evaluate("document.querySelectorAll('details:not([data-ev])').forEach(d => d.open = true)")
    assert_accessible(page)


def test_disputes_are_collapsed_and_a_rows_flag_opens_its_own(live_server, page, page_without_js):
    """GIVEN the PM and the PO compared WHEN the page opens THEN the dispute on the vision is
    below the grid, closed; following the vision row's ⚑ opens it (JavaScript), and without
    JavaScript its topic opens it."""
    page.goto(live_server.url + TWO)
    dispute = page.locator("#dispute-who-owns-the-vision")
    expect(dispute).not_to_have_attribute("open", "")
    expect(page.get_by_text("The product owner owns the vision.")).to_be_hidden()
    page.locator('tr[data-responsibility="product-vision"] a.flag').click()
    expect(dispute).to_have_attribute("open", "")
    expect(page.get_by_text("The product owner owns the vision.")).to_be_visible()
    page_without_js.goto(live_server.url + TWO)
    closed = page_without_js.locator("#dispute-who-owns-the-vision")
    expect(closed).not_to_have_attribute("open", "")
    closed.locator("summary").click()
    expect(page_without_js.get_by_text("The product owner owns the vision.")).to_be_visible()
