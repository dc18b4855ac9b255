"""Evidence pages in Chromium: the method, the disputes, bases and "not stated", with axe."""

import pytest
from playwright.sync_api import expect

from tests.browser.browser import assert_accessible
from tests.world import NO_PART_QUOTE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("evidence", "disputes", "method_doc"),
]


@pytest.fixture
def method_doc(settings, tmp_path):
    doc = tmp_path / "evidence.md"
    doc.write_text("# How evidence is read\n\n| basis | meaning |\n|---|---|\n| stated | said |\n")
    settings.PMROLES_METHOD_DOC = doc


PAGES = [
    "/method/",
    "/disputes/",
    "/disputes/who-owns-the-vision/",
    "/roles/project-manager/",
    "/responsibilities/product-vision/",
    "/compare/?roles=project-manager,product-marketing-manager",
    "/sources/",
]


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violations_on_evidence_pages(live_server, page, sample, path):
    page.goto(live_server.url + path)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert_accessible(page)


def test_follow_a_dispute_from_the_footer_to_its_quotes(live_server, page, sample):
    page.goto(live_server.url + "/roles/product-owner/")
    page.locator("footer").get_by_role("link", name="Where the sources disagree").click()
    page.get_by_role("link", name="Who owns the product vision: PM or PO?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Who owns the product vision: PM or PO?"
    )
    expect(page.get_by_text("The product owner creates the product vision.")).to_be_visible()


def test_stated_no_part_opens_to_its_quote(live_server, page, sample):
    page.goto(live_server.url + "/compare/?roles=project-manager,product-marketing-manager")
    row = page.locator('tr[data-responsibility="product-vision"]')
    project, marketing = row.locator("td").nth(0), row.locator("td").nth(1)
    expect(marketing).to_contain_text("not stated")
    expect(project).to_contain_text("No part (stated)")
    quote = project.get_by_text(NO_PART_QUOTE)
    expect(quote).to_be_hidden()
    project.locator("summary").click()
    expect(quote).to_be_visible()
