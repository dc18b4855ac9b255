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


def parse_page(
    raw: object, *, field: str = "page", label: str = "Page", empty_is_first: bool = True
) -> int:
    """The one paging rule: no page is page 1; anything but a whole number from 1 (ASCII
    digits, at most 18) is an InputError, a 400 on pages and API. An empty `page=` is page 1
    on pages (a form submitted with the box empty) and an error on the API
    (`empty_is_first=False`), whose schema says `page` is an integer."""
    if raw is None or (raw == "" and empty_is_first):
        return 1
    text = str(raw)
    if not is_whole_number(text) or int(text) < 1:
        raise InputError(
            f"{label} “{text}” is not a page number. Pages are numbered from 1.", field=field
        )
    return int(text)


def parse_page_size(raw: object, *, default: int, most: int) -> int:
    """The rows a page a client asked for (`page_size`): a whole number from 1 to `most`, or
    an InputError on `page_size`; none asked is `default`."""
    if raw is None:
        return default
    text = str(raw)
    if not is_whole_number(text) or not 1 <= int(text) <= most:
        raise InputError(f"must be a whole number from 1 to {most}.", field="page_size")
    return int(text)


def page_count(count: int, size: int) -> int:
    """Pages needed for `count` rows, `size` a page; an empty list still has page 1."""
    return max(1, -(-count // size))


def check_page(
    page: int, count: int, size: int, *, field: str = "page", label: str = "page"
) -> int:
    """`page` when it exists for `count` rows of `size` a page; an InputError past the last.
    Returns the page count."""
    pages = page_count(count, size)
    if page > pages:
        raise InputError(f"There is no {label} {page}; the last {label} is {pages}.", field=field)
    return pages
