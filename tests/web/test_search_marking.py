"""The search page's HTML for matched words (web/search_page.py): marks in <mark>, the rest escaped.

Moved from tests/domain/test_search.py with the code it tests; the assertions are unchanged.
"""

import pytest

from tests.factories import QuoteFactory, ResponsibilityFactory
from web.search_page import search

pytestmark = pytest.mark.django_db


def test_matched_words_are_marked_and_everything_else_escaped(db):
    ResponsibilityFactory(
        slug="x",
        name="Prioritise the <b>backlog</b>",
        description="Backlogs & roadmaps: prioritising them.",
    )
    QuoteFactory(key="q", text='He said "prioritize <script>" first.')
    results = search("prioritization")
    duty = results.responsibilities[0]
    assert str(duty.name_html) == "<mark>Prioritise</mark> the &lt;b&gt;backlog&lt;/b&gt;"
    assert "<mark>prioritising</mark>" in str(duty.description_html)
    assert "&amp;" in str(duty.description_html)
    text = str(results.quotes[0].text_html)
    assert "<mark>prioritize</mark>" in text and "&lt;script&gt;" in text
    assert "<script>" not in text
