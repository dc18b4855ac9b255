"""Markdown documents from docs/ rendered as page content, safely.

The documents are ours, but a page must never carry markup a document smuggles in: raw
HTML is escaped (the parser's HTML handling is switched off, so `<script>` stays text) and
links or images whose address is not http(s), mailto, a fragment or a relative path lose
it (no `javascript:` links).
"""

from __future__ import annotations

from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = frozenset({"", "http", "https", "mailto"})


def _safe_address(address: str) -> bool:
    try:
        scheme = urlsplit(address.strip()).scheme.lower()
    except ValueError:
        return False
    return scheme in SAFE_SCHEMES


class _DropUnsafeAddresses(Treeprocessor):
    def run(self, root: Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not _safe_address(value):
                    del element.attrib[attribute]


class _SafeHtml(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # the library names it
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_DropUnsafeAddresses(md), "drop_unsafe_addresses", 0)


def render_markdown(text: str) -> str:
    """HTML for a Markdown document: tables, heading anchors, no raw HTML, safe links."""
    md = markdown.Markdown(extensions=["tables", "sane_lists", "toc", _SafeHtml()])
    return md.convert(text)
