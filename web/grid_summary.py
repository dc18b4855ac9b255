"""What the comparison page shows around its grid, computed over everything, bounded in size.

The summary is one GROUP BY (area, holder mask) over every responsibility
(roles.holder_masks.summarise, shared with the API), so its counts are exact at any size;
the sections below the grid (shared qualities, stated contrasts, disputes) show their first
few with the total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from responsibilities.models import Dispute, Responsibility
from roles.holder_masks import MAX_CONTRASTS, Summary, contrasts, summarise, summary_of
from roles.models import Role, RoleMap
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


def disputes(roles: Sequence[Role]) -> Disputes:
    """Three queries and the evidence's prefetches: the count of disputes two or more chosen
    roles take part in, the first of them with positions and quotes, and the disputes that
    involve exactly one chosen role, counted per role."""
    chosen = list(roles)
    taking_part = Dispute.objects.annotate(
        chosen=Count("roles", filter=Q(roles__in=chosen), distinct=True)
    )
    concerned = taking_part.filter(chosen__gte=2).values("pk")
    total = Dispute.objects.filter(pk__in=concerned).count()
    found = list(
        Dispute.objects.with_evidence()
        .filter(pk__in=concerned)
        .order_by("order", "slug")[:MAX_DISPUTES]
    )
    counts = {
        row["role_id"]: row["n"]
        for row in Dispute.roles.through.objects.filter(
            dispute_id__in=taking_part.filter(chosen=1).values("pk"), role_id__in=chosen
        )
        .values("role_id")
        .annotate(n=Count("dispute_id"))
    }
    elsewhere = [(role, counts[role.pk]) for role in chosen if counts.get(role.pk)]
    return Disputes(found=found, total=total, elsewhere=elsewhere)


__all__ = [
    "MAX_CONTRASTS",
    "Summary",
    "contrasts",
    "disputes",
    "qualities",
    "summarise",
    "summary_of",
]
