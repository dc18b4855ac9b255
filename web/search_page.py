"""The search page's results as HTML: matched words in <mark>, everything else escaped.

The domain search (roles.search) marks matched words in plain text with two private-use
characters (START, STOP) on each row's `*_hl` attributes; here the text is escaped first and
only then are the marks turned into <mark>, so nothing from the database becomes markup.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from roles.search import START, STOP, SearchResults
from roles.search import search as find


def marked(text: str | None) -> SafeString:
    """Text with START/STOP around matches as escaped HTML with <mark>."""
    html = str(escape(text or ""))
    return mark_safe(html.replace(START, "<mark>").replace(STOP, "</mark>"))  # escaped above


def _mark(row: object, *names: str) -> None:
    """row.<name>_html from row.<name>_hl, for each name (attributes the search set on it)."""
    for name in names:
        setattr(row, f"{name}_html", marked(getattr(row, f"{name}_hl")))


def search(raw: str | None, role_map: Any = None) -> SearchResults:
    """roles.search.search (among what `role_map` shows), with the HTML the page shows on
    each row (`*_html`)."""
    results = find(raw, role_map)
    for role in results.roles:
        _mark(role, "name", "summary")
    for duty in (*results.responsibilities, *results.area_matches):
        _mark(duty, "name", "description")
    for quote in results.quotes:
        _mark(quote, "text")
    return results
