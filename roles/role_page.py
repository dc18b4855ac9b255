"""What a role page reads from pieces kept per role: the order of the role's parts.

A role holds up to thousands of parts in a map (1,000 at scale 1) and its page shows 50 at
a time in area order. Sorting them all joined to their responsibilities and areas for every
first build (and counting them in a second query) was 4–5 ms of its SQL. The order depends
only on the role's parts and the catalogue (areas, responsibilities, their order and names),
so the parts' ids in page order are kept under the role's version (roles.pieces.per_role:
the role's row in the map with `all` and `evidence`); a page then reads its 50 rows by id.
"""

from __future__ import annotations

from array import array

from responsibilities.models import Assignment

from .models import RoleMap
from .pieces import Tokens, per_role


def part_ids(role_map: RoleMap, role_id: int, tokens: Tokens | None = None) -> array:
    """The ids of the role's parts in the map, in its page's order
    (AssignmentQuerySet.for_role_list)."""

    def build(missing: list[int]) -> dict[int, array]:
        found: dict[int, array] = {pk: array("q") for pk in missing}
        for role, pk in Assignment.objects.role_page_order(role_map, missing):
            found[role].append(pk)
        return found

    return per_role("page-order", role_map, [role_id], build, tokens=tokens)[role_id]
