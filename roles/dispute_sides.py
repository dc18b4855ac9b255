"""Which side a team map took where the sources disagree: one computation for the pages, the
API and map health (roles/team_health.py).

A dispute affects responsibilities and involves roles; each of its positions names the roles
it concerns. In a team map, the team settles a dispute by whom it makes the holder of the
work: the disputed roles it made Accountable there, else those it made Responsible. The side
it took is every position whose roles, among the dispute's roles, are exactly those holders.
A position naming both sides' roles (or none) cannot be told apart that way, so it is never
claimed as taken: the page then says the team's parts match no single position. Reference
maps take no side: they record every position with its quotes.

At most three queries, whatever the map's size: the disputes on the parts' responsibilities
with their roles, their positions with their roles, and (unless the caller has them) the
team's holders on those responsibilities.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from responsibilities.levels import Level
from responsibilities.models import Assignment, Dispute, DisputePosition

from .models import RoleMap


class PartLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def role_id(self) -> int: ...
    @property
    def responsibility_id(self) -> int: ...


@dataclass(frozen=True)
class Position:
    key: str
    statement: str


@dataclass(frozen=True)
class Side:
    """A dispute about a team-map part, the position(s) the team's parts agree with and the
    others (positions in the dispute's order)."""

    dispute: str  # slug
    topic: str
    taken: tuple[Position, ...]
    others: tuple[Position, ...]


def _holders(levels: dict[int, str], disputed: set[int]) -> frozenset[int]:
    for level in (Level.ACCOUNTABLE, Level.RESPONSIBLE):
        found = frozenset(r for r, lv in levels.items() if lv == level and r in disputed)
        if found:
            return found
    return frozenset()


def dispute_sides(
    role_map: RoleMap,
    parts: Sequence[PartLike],
    *,
    levels: Iterable[tuple[int, int, str]] | None = None,
) -> dict[int, tuple[Side, ...]]:
    """{part id: the disputes about it, each with the side the team took} for a team map's
    parts whose responsibility is disputed and whose role the dispute involves.

    `levels`: (responsibility id, role id, level) of the map's parts on those
    responsibilities, when the caller already has them (map health); else one query.
    Empty for a reference map.
    """
    if not role_map.is_team or not parts:
        return {}
    wanted = {p.responsibility_id for p in parts}
    rows = (
        Dispute.responsibilities.through.objects.filter(responsibility_id__in=wanted)
        .order_by("dispute__order", "dispute__slug")
        .values_list(
            "dispute_id", "responsibility_id", "dispute__slug", "dispute__topic", "dispute__roles"
        )
    )
    about: dict[int, list[int]] = defaultdict(list)  # responsibility -> disputes, in order
    roles_of: dict[int, set[int]] = defaultdict(set)
    named: dict[int, tuple[str, str]] = {}
    for dispute_id, resp_id, slug, topic, role_id in rows:
        if dispute_id not in about[resp_id]:
            about[resp_id].append(dispute_id)
        if role_id is not None:
            roles_of[dispute_id].add(role_id)
        named[dispute_id] = (slug, topic)
    relevant = [
        p
        for p in parts
        if any(p.role_id in roles_of[d] for d in about.get(p.responsibility_id, ()))
    ]
    if not relevant:
        return {}
    positions: dict[int, dict[int, tuple[Position, set[int]]]] = defaultdict(dict)
    for pk, dispute_id, key, statement, role_id in (
        DisputePosition.objects.filter(dispute_id__in=list(named))
        .order_by("order", "key")
        .values_list("pk", "dispute_id", "key", "statement", "roles")
    ):
        position, roles = positions[dispute_id].setdefault(pk, (Position(key, statement), set()))
        if role_id is not None:
            roles.add(role_id)
    disputed_resps = {p.responsibility_id for p in relevant}
    if levels is None:
        levels = (
            Assignment.objects.filter(
                role_map=role_map,
                responsibility_id__in=disputed_resps,
                level__in=[Level.ACCOUNTABLE, Level.RESPONSIBLE],
            )
            .order_by()
            .values_list("responsibility_id", "role_id", "level")
        )
    by_resp: dict[int, dict[int, str]] = defaultdict(dict)
    for resp_id, role_id, level in levels:
        if resp_id in disputed_resps:
            by_resp[resp_id][role_id] = level
    found: dict[int, tuple[Side, ...]] = {}
    for part in relevant:
        sides = []
        for dispute_id in about[part.responsibility_id]:
            disputed = roles_of[dispute_id]
            if part.role_id not in disputed:
                continue
            holders = _holders(by_resp[part.responsibility_id], disputed)
            taken: list[Position] = []
            others: list[Position] = []
            for position, roles in positions[dispute_id].values():
                agrees = bool(holders) and frozenset(roles & disputed) == holders
                (taken if agrees else others).append(position)
            slug, topic = named[dispute_id]
            sides.append(Side(slug, topic, tuple(taken), tuple(others)))
        found[part.id] = tuple(sides)
    return found


def mark_dispute_sides(role_map: RoleMap, assignments: list[Assignment]) -> None:
    """Set `dispute_sides` (a tuple of Side, empty when none) on each of these parts of
    `role_map`: what pages show where the sources disagree (no query for a reference map)."""
    found = dispute_sides(role_map, assignments)
    for assignment in assignments:
        assignment.dispute_sides = found.get(assignment.id, ())  # type: ignore[attr-defined]
