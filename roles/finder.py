"""The role finder: "which role is mine?", ranked by how much of the ticked work each does."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from responsibilities.levels import HOLDING_LEVELS, LEVEL_RANK, Level
from responsibilities.models import Assignment, Kind, Responsibility

from .inputs import InputError, parse_slugs
from .models import Role, RoleMap

# How much a role's part counts when a reader ticks a responsibility in the finder.
FINDER_WEIGHTS: dict[str, float] = {
    Level.ACCOUNTABLE: 1.0,
    Level.RESPONSIBLE: 1.0,
    Level.CONSULTED: 0.5,
    Level.INFORMED: 0.25,
    Level.NO_PART: 0.0,  # a stated "no part" is not doing the work
}


@dataclass
class FinderResult:
    role: Role
    score: float
    matched: list[Assignment]
    not_done: list[Responsibility]
    also_holds: list[Responsibility]

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def find_roles(
    raw: str | Iterable[str] | None, *, role_map: RoleMap | None = None
) -> list[FinderResult]:
    """Rank roles by how much of the ticked work they do, with what matched and what did not.

    The score is the weighted share of the ticked responsibilities the role has a part in
    (A or R count fully, C half, I a quarter); ties go to the role with less unticked work.
    """
    role_map = role_map or RoleMap.objects.resolve()
    slugs = list(dict.fromkeys(parse_slugs(raw)))
    if not slugs:
        raise InputError("Tick at least one responsibility.", field="responsibilities")
    chosen = {
        r.slug: r for r in Responsibility.objects.select_related("area").filter(slug__in=slugs)
    }
    unknown = [s for s in slugs if s not in chosen]
    if unknown:
        raise InputError(f"Unknown responsibility: {', '.join(unknown)}.", field="responsibilities")
    wanted = {r.pk for r in chosen.values()}
    results = []
    for role in Role.objects.order_by("order", "name").with_assignments(role_map):
        parts = {a.responsibility_id: a for a in role.map_assignments}
        matched = sorted(
            (parts[pk] for pk in wanted if pk in parts),
            key=lambda a: (LEVEL_RANK[a.level], a.responsibility.name),
        )
        score = sum(FINDER_WEIGHTS[a.level] for a in matched) / len(wanted)
        results.append(
            FinderResult(
                role=role,
                score=score,
                matched=matched,
                not_done=sorted(
                    (r for r in chosen.values() if r.pk not in parts), key=lambda r: r.name
                ),
                also_holds=sorted(
                    (
                        a.responsibility
                        for a in role.map_assignments
                        if a.level in HOLDING_LEVELS
                        and a.responsibility_id not in wanted
                        and a.responsibility.kind == Kind.RESPONSIBILITY
                    ),
                    key=lambda r: r.name,
                ),
            )
        )
    results.sort(key=lambda r: (-r.score, len(r.also_holds), r.role.order, r.role.name))
    return results
