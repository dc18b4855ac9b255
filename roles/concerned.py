"""Which disputes and stated contrasts a comparison concerns, from those each role takes part
in, kept per role (roles.pieces).

A dispute or a contrast concerns a comparison when at least two of the compared roles take
part in it; a dispute that involves a single compared role is counted for that role as a
dispute elsewhere. What a role takes part in is the same on every comparison that shows the
role, so it is kept under the role's version (disputes and contrasts are evidence, which
that version includes): the page of a new pair of roles reads nothing when they share none,
and otherwise only the first it shows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from responsibilities.models import Dispute

from .models import Contrast, Role, RoleMap
from .pieces import Tokens, per_role

# What a role takes part in, as tuples that sort in the page's order and end with the id:
# (order, slug, id) for a dispute, (kind, order, slug, id) for a contrast.
Entry = tuple
KINDS: dict[str, Callable[[list[int]], Iterable[tuple]]] = {
    "disputes": Dispute.objects.taken_part_in,
    "contrasts": Contrast.objects.taken_part_in,
}


@dataclass(frozen=True)
class Concerned:
    first: list[int]  # the ids of the first `limit` that concern the comparison, in order
    total: int
    elsewhere: list[tuple[Role, int]]  # per compared role, in column order: the others


def concerned(
    kind: str,
    role_map: RoleMap,
    roles: Sequence[Role],
    *,
    limit: int,
    tokens: Tokens | None = None,
) -> Concerned:
    """The `kind` ("disputes", "contrasts") two or more of `roles` take part in."""
    chosen = list(roles)
    taking_part = per_role(
        kind, role_map, [role.pk for role in chosen], _reader(kind), tokens=tokens
    )
    roles_in = Counter(entry for role in chosen for entry in taking_part[role.pk])
    found = sorted(entry for entry, n in roles_in.items() if n >= 2)
    elsewhere = [
        (role, n)
        for role in chosen
        if (n := sum(1 for entry in taking_part[role.pk] if roles_in[entry] == 1))
    ]
    return Concerned([entry[-1] for entry in found[:limit]], len(found), elsewhere)


def _reader(kind: str) -> Callable[[list[int]], dict[int, list[Entry]]]:
    def read(role_ids: list[int]) -> dict[int, list[Entry]]:
        """Each role's entries (one query for all of them)."""
        found: dict[int, list[Entry]] = {pk: [] for pk in role_ids}
        for role_id, *entry in KINDS[kind](role_ids):
            found[role_id].append(tuple(entry))
        return found

    return read
