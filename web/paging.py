"""What a bounded page says about its place in the whole: which rows it shows.

The one paging rule (which `?page=` is a page, how many pages, past the last) is
roles.inputs.parse_page / check_page / page_count, shared with the API's paginator; a bad
page is an InputError, so a 400 page with its sentence. Here: the first and last row numbers
of the grid and the matrix page ("Responsibilities 51–100 of 400" reads the same on both),
and `paged`, the same rule for the pages on Django's Paginator (role and source pages).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.paginator import Page, Paginator

from roles.inputs import check_page, parse_page


def paged(rows: Any, raw_page: str | None, size: int) -> Page:
    """One page of `rows`; a `?page=` that is not a page of them is an InputError."""
    number = parse_page(raw_page)
    paginator = Paginator(rows, size)
    check_page(number, paginator.count, size)
    return paginator.page(number)


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
