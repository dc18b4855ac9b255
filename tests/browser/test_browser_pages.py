"""The pages in a real Chromium: picking roles, the comparison, quotes, axe-core, phone width."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.browser import PHONE, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pick_two_roles_compare_open_quote_and_follow_it_to_the_source(live_server, page, sample):
    page.goto(live_server.url + "/")
    picker = page.locator("form.picker")
    picker.get_by_label("Product Manager").check()
    picker.get_by_label("Product Owner").check()
    picker.get_by_role("button", name="Compare").click()

    expect(page).to_have_url(re.compile(r"/compare/\?roles=product-manager&roles=product-owner$"))
    headers = page.locator("table.cgrid thead th")
    expect(headers).to_have_text(
        [re.compile("Responsibility"), re.compile("Product Manager"), re.compile("Product Owner")]
    )
    cell = page.locator('tr[data-responsibility="product-vision"] td').first
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
    # The page itself does not scroll sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(page.locator("table.cgrid")).to_be_visible()
    assert screenshot(page, "compare-phone").stat().st_size > 0
    assert_accessible(page)


# The 4-role comparison with every cell's evidence open and the matrix are checked at
# desktop and phone width in test_browser_compare.py (COMPARE_PAGES), not again here.
PAGES = [
    "/",
    "/roles/product-manager/",
    "/compare/?roles=product-manager,product-owner",
    "/compare/?roles=product-manager,product-owner&show=one",
    "/compare/?roles=product-manager",
    "/maps/reference/health/",
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


def test_a_big_maps_download_starts_by_itself_once_prepared(live_server, page, big_maps):
    """GIVEN a map big enough for its downloads to be prepared WHEN a reader asks for the
    whole matrix as CSV THEN a page says it is being prepared (and passes axe), its script
    asks again quietly, and the download starts by itself once the file is ready."""
    with page.expect_download(timeout=30_000) as started:
        response = page.goto(live_server.url + "/matrix/?format=csv")
        assert response is not None and response.status == 202
        expect(page.get_by_role("heading", name="Preparing your download")).to_be_visible()
        assert_accessible(page)
    assert started.value.suggested_filename == "raci-matrix.csv"
    expect(page.get_by_role("status")).to_contain_text("ready and has started")
