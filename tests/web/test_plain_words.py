"""Public pages speak plainly to product people: no statistics jargon, no file paths, no
commands, no editors' shorthand. Every public page of the reference data is walked and its
visible text (and its hover titles) searched for a list of words that have no place there."""

import re
from html.parser import HTMLParser

import pytest

from responsibilities.models import Dispute, Responsibility, Source
from roles.models import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_reads")]

# Lower-case; each is searched in the lower-cased visible text.
JARGON = [
    "jaccard",
    "index over",
    "is filled in",
    "activity wording",
    "manage.py",
    "loaddata",
    "verify_quotes",
    "check_evidence",
    "fixtures/",
    ".yaml",
    ".md",
    "../",
    "shared/seeds",
    "docs/",
    "pmroles_",
    "queryset",
    "traceback",
    "none of these roles has a mapped",
]
# A path-like token: a word, a slash, a word with a dot extension (e.g. roles/grid.py).
FILE_PATH = re.compile(r"\b[\w-]+/[\w./-]*\.(py|md|yaml|json|txt|html|css|js)\b")


class _VisibleText(HTMLParser):
    """The text a reader sees: element text outside script, style and head, and titles."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "head"}:
            self._hidden += 1
        self.parts.extend(value or "" for name, value in attrs if name in {"title", "alt"})

    def handle_endtag(self, tag):
        if tag in {"script", "style", "head"}:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def public_pages() -> list[str]:
    """Every public page of the loaded data: each role, responsibility, source and dispute,
    every pair of roles and all four compared, the matrix, the maps, search, the finder."""
    roles = list(Role.objects.order_by("order").values_list("slug", flat=True))
    pairs = [f"{a},{b}" for i, a in enumerate(roles) for b in roles[i + 1 :]]
    responsibilities = Responsibility.objects.values_list("slug", flat=True)
    return [
        "/",
        "/method/",
        "/matrix/",
        "/matrix/?map=no-product-manager",
        "/maps/compare/",
        "/maps/compare/?b=no-product-manager",
        "/finder/",
        "/finder/?find=1&responsibilities=manage-product-backlog"
        "&responsibilities=define-product-strategy-and-roadmap",
        "/search/?q=backlog",
        "/search/?q=who+owns+the+roadmap",
        "/sources/",
        "/disputes/",
        "/no-such-page/",
        *(f"/compare/?roles={pair}" for pair in pairs),
        "/compare/?roles=" + ",".join(roles),
        *(f"/roles/{slug}/" for slug in roles),
        *(f"/roles/{slug}/?map=no-product-manager" for slug in roles),
        *(f"/responsibilities/{slug}/" for slug in responsibilities),
        *(f"/sources/{pk}/" for pk in Source.objects.values_list("pk", flat=True)),
        *(f"/disputes/{slug}/" for slug in Dispute.objects.values_list("slug", flat=True)),
    ]


def test_no_jargon_on_any_public_page(client, reference_data_once):
    """GIVEN the reference data WHEN every public page is read THEN none of its visible text
    holds a word from the list or a file path; the failure lists each page and word."""
    found = []
    pages = public_pages()
    assert len(pages) > 60  # every responsibility of the reference data is there
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        text = visible_text(response.content.decode()).lower()
        found.extend((url, word) for word in JARGON if word in text)
        found.extend((url, m.group(0)) for m in FILE_PATH.finditer(text))
    assert found == [], "\n".join(f"{url}: {word}" for url, word in found)


def test_the_walker_sees_jargon_where_there_is_some():
    html = (
        "<head><title>docs/evidence.md</title></head><p>Overlap (Jaccard index over 9)</p>"
        '<script>var x = "manage.py";</script><span title="see roles/grid.py">x</span>'
    )
    text = visible_text(html).lower()
    assert "jaccard" in text and "manage.py" not in text and "docs/" not in text
    assert [m.group(0) for m in FILE_PATH.finditer(text)] == ["roles/grid.py"]


def test_the_legends_explain_the_coloured_bars_at_the_left_of_rows(client, reference_data_once):
    compare = client.get("/compare/?roles=product-manager,product-owner").content.decode()
    legend = compare.split('id="grid-legend"', 1)[1].split("</div>", 1)[0]
    assert '<span class="legend-bar bar-shared"' in legend
    assert "green bar: held (R or A) by two or more of these roles" in legend
    assert "brown bar: held by one of them only" in legend
    assert 'class="row status-shared"' in compare and 'class="row status-unique"' in compare
    matrix = client.get("/matrix/").content.decode()
    legend = matrix.split('id="matrix-legend"', 1)[1].split("</div>", 1)[0]
    assert "red bar: a gap, no role is Accountable" in legend
    assert "bar-shared" not in legend
