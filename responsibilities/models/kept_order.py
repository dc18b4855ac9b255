"""Reading a page whose order is known already: its rows by id, in that order (a matrix
page's ids, sorted as narrow rows; a role page's, kept per role)."""

from __future__ import annotations

from typing import TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def by_ids(rows: models.QuerySet[M], ids: list[int]) -> list[M]:
    """Those of `rows` among `ids`, in the order of `ids`: one query, with the queryset's own
    select_related and prefetches, whatever it is ordered by."""
    found = {row.pk: row for row in rows.filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]
