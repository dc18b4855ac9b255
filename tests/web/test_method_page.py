"""/method/ renders docs/reading.md (for readers) safely; every page and the API docs link to
it."""

import pytest

from tests.api.api_support import api_schema

pytestmark = pytest.mark.django_db

DOCUMENT = """# How evidence is read

A level rests on a **basis**:

| basis | meaning |
| --- | --- |
| stated | a source says so in so many words |

<script>alert("smuggled")</script>

An inline <b onclick="x()">tag</b>, a [bad link](javascript:alert(1)) and a
[good one](https://example.org/guide).
"""


@pytest.fixture
def method_doc(tmp_path, settings):
    path = tmp_path / "evidence.md"
    path.write_text(DOCUMENT, encoding="utf-8")
    settings.PMROLES_METHOD_DOC = path
    return path


def test_method_page_renders_the_document(client, method_doc):
    response = client.get("/method/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 id="how-evidence-is-read">How evidence is read</h1>' in html
    assert "<strong>basis</strong>" in html
    assert "<td>stated</td>" in html
    assert '<a href="https://example.org/guide">good one</a>' in html


def test_method_page_escapes_raw_html_and_drops_unsafe_links(client, method_doc):
    html = client.get("/method/").content.decode()
    assert "<script>alert" not in html
    assert '&lt;script&gt;alert("smuggled")&lt;/script&gt;' in html
    assert "<b onclick" not in html and "&lt;b onclick" in html
    assert "javascript:" not in html
    assert "<a>bad link</a>" in html


def test_missing_document_is_said_plainly(client, settings, tmp_path):
    settings.PMROLES_METHOD_DOC = tmp_path / "gone.md"
    response = client.get("/method/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "This page's text is missing from this installation" in html
    assert "gone.md" not in html


@pytest.mark.parametrize(
    "url", ["/", "/roles/product-manager/", "/sources/", "/matrix/", "/no-such-page/"]
)
def test_every_page_footer_links_the_method(sample, client, url):
    html = client.get(url).content.decode()
    footer = html.split('<footer class="site-footer">', 1)[1]
    assert '<a href="/method/">How evidence is read</a>' in footer


def test_api_docs_link_the_method():
    assert "[How evidence is read](/method/)" in api_schema()["info"]["description"]


def test_the_real_method_page_is_written_for_readers(client):
    """GIVEN the shipped document WHEN /method/ is read THEN it explains letters, their marks,
    silence and disputes in plain words, and carries none of the editors' material (commands,
    files, checks)."""
    html = client.get("/method/").content.decode()
    for heading in [
        "Reading a letter",
        "Reading its mark",
        "An empty cell is not “no part”",
        "When the sources disagree",
    ]:
        assert f">{heading}</h2>" in html, heading
    for word in ["manage.py", "check_evidence", "verify_quotes", ".yaml", "seeds", "rules.py"]:
        assert word not in html, word
