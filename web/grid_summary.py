"""What the comparison page shows around its grid, computed over everything, bounded in size.

The summary is one GROUP BY (area, holder mask) over every responsibility
(roles.holder_masks.summarise, shared with the API), so its counts are exact at any size;
the sections below the grid (shared qualities, stated contrasts, disputes) show their first
few with the total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Prefetch

from responsibilities.models import Dispute, Responsibility
from roles.concerned import concerned
from roles.holder_masks import MAX_CONTRASTS, Summary, contrasts, summarise, summary_of
from roles.models import Role, RoleMap
from roles.pieces import Tokens
from roles.stated import Stated, stated

from .grid import GridCell, annotation, by_chosen_role, chosen_parts

MAX_QUALITIES = 30
MAX_DISPUTES = 20


# --- The sections below the grid ------------------------------------------------------------


@dataclass
class Quality:
    responsibility: Responsibility
    cells: list[GridCell]


def qualities(
    role_map: RoleMap, roles: Sequence[Role], chosen: Stated | None = None
) -> tuple[list[Quality], int]:
    """Shared qualities of the chosen roles (the first few) and how many there are: which,
    and in what order, from their stated responsibilities (roles.stated)."""
    if chosen is None:
        chosen = stated(role_map, roles)
    first = chosen.qualities[:MAX_QUALITIES]
    if not first:
        return [], len(chosen.qualities)
    parts = chosen_parts(role_map, roles)
    by_id = {
        responsibility.pk: responsibility
        for responsibility in Responsibility.objects.filter(pk__in=first).prefetch_related(
            Prefetch("assignments", queryset=parts, to_attr="chosen_parts")
        )
    }
    found = []
    for pk in first:
        responsibility = by_id[pk]
        by_role = by_chosen_role(annotation(responsibility, "chosen_parts"), roles)
        found.append(Quality(responsibility, [GridCell(r, by_role.get(r.pk)) for r in roles]))
    return found, len(chosen.qualities)


@dataclass
class Disputes:
    """The disputes a comparison lists, and those it only links to.

    A dispute concerns a comparison when at least two of the compared roles take part in it
    (it is about how they split the work); one that involves a single compared role is about
    that role and some other, and is counted per role (`elsewhere`) for a link to it.
    """

    found: list[Dispute]  # the first MAX_DISPUTES that concern the comparison
    total: int
    elsewhere: list[tuple[Role, int]]  # per compared role, in column order: other disputes

    @property
    def slugs(self) -> set[str]:
        return {d.slug for d in self.found}


def disputes(role_map: RoleMap, roles: Sequence[Role], tokens: Tokens | None = None) -> Disputes:
    """The disputes two or more chosen roles take part in (the first with positions and
    quotes) and those that involve exactly one, counted per role: from each role's disputes,
    kept per role (roles.concerned); the first are read only when there are some, with the
    roles and responsibilities the map sees (never another map's own)."""
    taken = concerned("disputes", role_map, roles, limit=MAX_DISPUTES, tokens=tokens)
    found = []
    if taken.first:
        found = list(
            Dispute.objects.with_evidence(role_map)
            .filter(pk__in=taken.first)
            .order_by("order", "slug")
        )
    return Disputes(found=found, total=taken.total, elsewhere=taken.elsewhere)


__all__ = [
    "MAX_CONTRASTS",
    "Summary",
    "contrasts",
    "disputes",
    "qualities",
    "summarise",
    "summary_of",
]
