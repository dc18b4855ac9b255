"""Who holds each responsibility in a list of results, and at what level.

Search and finder results answer the question a reader came with ("who owns the roadmap?")
on the results page: each responsibility carries `holders`, its parts in the map shown
(Accountable first, a stated "no part" left out), read in one query for the whole list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from responsibilities.levels import LEVEL_RANK
from responsibilities.models import Assignment, Responsibility
from roles.models import RoleMap


def attach_holders(responsibilities: Iterable[Responsibility], role_map: RoleMap | None) -> None:
    """Set `holders` (a list of Assignment, strongest level first, then role order) on each
    responsibility; one query, none for an empty list or no map (an empty install)."""
    rows = list(responsibilities)
    by_pk: dict[int, list[Assignment]] = defaultdict(list)
    if rows and role_map is not None:
        for part in Assignment.objects.holders_of(role_map, [r.pk for r in rows]):
            by_pk[part.responsibility_id].append(part)
    for row in rows:
        parts = by_pk.get(row.pk, [])
        parts.sort(key=lambda a: (LEVEL_RANK[a.level], a.role.order, a.role.name))
        row.holders = parts  # type: ignore[attr-defined]  # read by the templates
