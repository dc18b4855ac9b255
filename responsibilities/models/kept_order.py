"""Reading a page whose order is known already: its rows by id, in that order (a matrix
page's ids, sorted as narrow rows; a role page's, kept per role)."""

from __future__ import annotations

from typing import TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def by_ids(rows: models.QuerySet[M], ids: list[int]) -> list[M]:
    """Those of `rows` among `ids`, in the order of `ids`: one query, with the queryset's own
    select_related and prefetches. Its ordering is dropped: the rows are put in the order of
    `ids` here, so sorting them in SQL too (over the joined area and responsibility columns
    of a matrix or role page) would be work thrown away."""
    found = {row.pk: row for row in rows.filter(pk__in=ids).order_by()}
    return [found[pk] for pk in ids if pk in found]
