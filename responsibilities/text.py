"""The normalisation under which a quote counts as verbatim.

Only presentation may differ between a stored quote and its source document: runs of
whitespace, text broken by a wrong encoding (UTF-8 read as Windows-1252, e.g. ``â€™``
for ``’``), non-breaking spaces, and Markdown emphasis markers (``*word*``), which are
markup rather than text. Nothing else is forgiven: wording, punctuation and case must
match.
"""

import re
import unicodedata

# UTF-8 bytes of common punctuation decoded as Windows-1252.
_MOJIBAKE = {
    "â€™": "’",
    "â€˜": "‘",
    "â€œ": "“",
    "â€\x9d": "”",
    "â€": "”",
    "â€“": "–",
    "â€”": "—",
    "â€¦": "…",
    "â€¢": "•",
    "Ã©": "é",
    "Ã¨": "è",
    "Ã¼": "ü",
    "Ã¶": "ö",
    "Ã¤": "ä",
    "Â ": " ",
    "Â": "",
}
_MOJIBAKE_RE = re.compile("|".join(re.escape(k) for k in sorted(_MOJIBAKE, key=len, reverse=True)))
_EMPHASIS_RE = re.compile(r"(\*\*|\*|__|(?<![\w])_)(?=\S)(.+?)(?<=\S)\1")
_WHITESPACE_RE = re.compile(r"\s+")


def repair_encoding(text: str) -> str:
    return _MOJIBAKE_RE.sub(lambda m: _MOJIBAKE[m.group(0)], text)


def normalise(text: str) -> str:
    text = repair_encoding(text)
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    text = _EMPHASIS_RE.sub(r"\2", text)
    return _WHITESPACE_RE.sub(" ", text).strip()


def found_verbatim(quote: str, document: str) -> bool:
    """True when the quote appears in the document under the normalisation above."""
    needle = normalise(quote)
    return bool(needle) and needle in normalise(document)
