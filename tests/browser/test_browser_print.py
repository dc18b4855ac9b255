"""Map health and the matrix on paper: A4 landscape, the legend on every page (read from the
PDF Chromium prints, as the comparison's print test does)."""

import re
import unicodedata

import pytest

from tests.browser.browser import ARTIFACTS
from tests.browser.pdftext import pdf_pages
from tests.factories import ResponsibilityFactory
from tests.health_world import build_health_map

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEALTH_LEGEND = "Severity: error: fix it before relying on the map"


@pytest.fixture
def long_map():
    """The hand-built map with 80 more responsibilities nobody is Accountable for: more
    findings than one page holds."""
    world = build_health_map()
    for n in range(80):
        ResponsibilityFactory(
            name=f"Unowned piece of work number {n:02}", area=world.rows["hire"].area, order=50 + n
        )
    return world


def _print(page, url, name):
    page.goto(url)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    page.pdf(path=str(path), format="A4", prefer_css_page_size=True)
    sizes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", path.read_bytes())
    pages = [unicodedata.normalize("NFKC", text) for text in pdf_pages(path)]
    return pages, [(float(w), float(h)) for w, h in sizes]


def test_health_prints_landscape_with_the_legend_on_every_page(live_server, page, long_map):
    pages, sizes = _print(page, live_server.url + "/maps/health-check/health/", "health-a4")
    assert len(pages) >= 2
    # A4 landscape: 297 × 210 mm, 842 × 595 points.
    assert sizes and all(round(w) == 842 and round(h) == 595 for w, h in sizes)
    for number, text in enumerate(pages, start=1):
        assert HEALTH_LEGEND in text, f"page {number} has no legend"
    everything = " ".join(pages)
    assert (
        "No Accountable role (50 shown of 83)" in everything
        or "No Accountable role (83)" in everything
    )
    assert "Check again" not in everything  # the thresholds form is not printed


MATRIX_LEGEND = "empty: the sources say nothing"


def test_the_matrix_prints_landscape_with_the_legend_on_every_page(live_server, page, long_map):
    """The matrix page (50 rows) of the long map: more than one sheet of paper."""
    url = live_server.url + "/matrix/?map=health-check"
    pages, sizes = _print(page, url, "matrix-a4")
    assert len(pages) >= 2
    assert sizes and all(round(w) == 842 and round(h) == 595 for w, h in sizes)
    for number, text in enumerate(pages, start=1):
        assert MATRIX_LEGEND in text, f"page {number} has no legend"
        assert text.count(MATRIX_LEGEND) == 1, f"page {number} prints the legend twice"
