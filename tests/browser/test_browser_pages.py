"""The pages in a real Chromium: picking roles, the comparison, quotes, axe-core, phone width."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.browser import ARTIFACTS, PHONE, assert_accessible, screenshot
from tests.web.pages_data import ROLE_SLUGS, build_sample

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sample(transactional_db):
    return build_sample()


def test_pick_two_roles_compare_open_quote_and_follow_it_to_the_source(live_server, page, sample):
    page.goto(live_server.url + "/")
    picker = page.locator("form.picker")
    picker.get_by_label("Product Manager").check()
    picker.get_by_label("Product Owner").check()
    picker.get_by_role("button", name="Compare").click()

    expect(page).to_have_url(re.compile(r"/compare/\?roles=product-manager&roles=product-owner$"))
    headers = page.locator("table.compare-table thead th")
    expect(headers).to_have_text(
        [re.compile("Responsibility"), re.compile("Product Manager"), re.compile("Product Owner")]
    )
    same_row = page.locator('tr[data-responsibility="status-reports"]')
    differing_row = page.locator('tr[data-responsibility="product-vision"]')
    expect(same_row).to_be_visible()

    page.get_by_label(re.compile("Only differences")).check()
    expect(same_row).to_be_hidden()
    expect(differing_row).to_be_visible()
    expect(page).to_have_url(re.compile(r"diff=1"))
    page.get_by_label(re.compile("Only differences")).uncheck()
    expect(same_row).to_be_visible()

    cell = differing_row.locator("td").first
    quote = cell.get_by_text("The product manager owns the product vision.")
    expect(quote).to_be_hidden()
    cell.locator("summary").click()
    expect(quote).to_be_visible()
    cell.get_by_role("link", name=re.compile("Product manager vs product owner")).click()

    expect(page).to_have_url(re.compile(rf"/sources/{sample.source.pk}/#quote-"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Product manager vs product owner")
    expect(page.get_by_text("The product manager owns the product vision.")).to_be_visible()


def test_comparison_screenshots_at_desktop_and_phone_width(live_server, page, sample):
    page.goto(live_server.url + "/compare/?roles=product-manager,product-owner")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Product Owner")
    assert screenshot(page, "compare-desktop").stat().st_size > 0

    page.set_viewport_size(PHONE)
    page.reload()
    # The page itself does not scroll sideways on a phone; only the table region does.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(page.locator("table.compare-table")).to_be_visible()
    assert screenshot(page, "compare-phone").stat().st_size > 0
    assert_accessible(page)


def test_four_role_comparison_prints_on_a4(live_server, page, sample):
    page.goto(live_server.url + "/compare/?roles=" + ",".join(ROLE_SLUGS))
    page.emulate_media(media="print")
    # A4 minus 12 mm margins is about 186 mm, roughly 700 CSS pixels.
    page.set_viewport_size({"width": 700, "height": 990})
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.locator("form.diff-switch")).to_be_hidden()
    table = page.locator("table.compare-table")
    expect(table).to_be_visible()
    assert table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth + 1")
    ARTIFACTS.mkdir(exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "compare-a4.pdf"), format="A4")
    assert (ARTIFACTS / "compare-a4.pdf").stat().st_size > 0


def test_only_differences_works_without_javascript(live_server, page_without_js, sample):
    page = page_without_js
    page.goto(live_server.url + "/compare/?roles=product-manager,product-owner")
    expect(page.locator('tr[data-responsibility="status-reports"]')).to_be_visible()
    page.get_by_label(re.compile("Only differences")).check()
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"diff=1"))
    expect(page.locator('tr[data-responsibility="status-reports"]')).to_have_count(0)
    expect(page.locator('tr[data-responsibility="product-vision"]')).to_be_visible()
    # Quotes open without JavaScript too: <details> is native.
    cell = page.locator('tr[data-responsibility="product-vision"] td').first
    cell.locator("summary").click()
    expect(cell.get_by_text("The product manager owns the product vision.")).to_be_visible()


PAGES = [
    "/",
    "/roles/product-manager/",
    "/compare/?roles=product-manager,product-owner",
    "/compare/?roles=product-manager,product-owner,project-manager,product-marketing-manager",
    "/compare/?roles=product-manager,product-owner&diff=1",
    "/compare/?roles=product-manager",
    "/matrix/",
    "/responsibilities/product-vision/",
    "/sources/",
    "/search/",
    "/search/?q=product",
    "/finder/",
    "/finder/?find=1&responsibilities=product-vision&responsibilities=customer-research",
    "/finder/?find=1",
    "/no-such-page/",
]


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violations(live_server, page, sample, path):
    page.goto(live_server.url + path)
    # Open every disclosure so that axe also checks the quotes inside them.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert_accessible(page)


def test_axe_on_a_source_page(live_server, page, sample):
    page.goto(live_server.url + sample.source.get_absolute_url())
    expect(page.get_by_role("heading", level=2, name="Quotes")).to_be_visible()
    assert_accessible(page)


def test_keyboard_focus_is_visible(live_server, page, sample):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    outline = skip.evaluate(
        "e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth"
    )
    assert outline.startswith("solid") and not outline.endswith(" 0px")
