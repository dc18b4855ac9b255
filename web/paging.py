"""What a bounded page says about its place in the whole: how many pages, which rows it shows.

The comparison grid and the matrix page both cut their rows into pages of a fixed size; the
arithmetic lives here once so that "Responsibilities 51–100 of 400" reads the same on both.
"""

from __future__ import annotations

from typing import ClassVar


def page_count(count: int, size: int) -> int:
    """Pages needed for `count` rows, `size` a page; an empty list still has page 1."""
    return max(1, -(-count // size))


class PageSpan:
    """Mixin for a page dataclass with `page` and `total`: its first and last row numbers."""

    page_size: ClassVar[int]
    page: int
    total: int

    @property
    def first(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.page * self.page_size, self.total)
