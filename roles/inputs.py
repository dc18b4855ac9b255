"""What a reader or a client asked for, checked: the errors the computations raise on bad input.

Pages turn an InputError into a 400 page with the form, the API into a 400 JSON body; both
read `message` (what to fix) and `field` (which parameter).
"""

from __future__ import annotations

from collections.abc import Iterable


class InputError(ValueError):
    """Bad input from a reader or client; the message says what to fix."""

    def __init__(self, message: str, *, field: str = "roles"):
        super().__init__(message)
        self.message = message
        self.field = field


def parse_slugs(raw: str | Iterable[str] | None) -> list[str]:
    """Accept `a,b,c` or repeated parameters; keep order, drop blanks."""
    if raw is None:
        return []
    items = raw.split(",") if isinstance(raw, str) else [p for r in raw for p in r.split(",")]
    return [item.strip() for item in items if item.strip()]


def is_whole_number(raw: object) -> bool:
    """ASCII digits of a sane length: str.isdigit() also accepts "²" and other digits that
    int() refuses, which turned a page number into a 500."""
    text = str(raw)
    return text.isascii() and text.isdigit() and len(text) <= 18
