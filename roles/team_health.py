"""The team-map checks of map health (roles/health.py): where the team departs from the
sources, which side it took where the sources disagree, and which of its decisions are past
the map's review date.

"The sources" are the map the team started from: the map it is based on, else the default
(reference) map; roles/departs.py computes the departures for every page, and this reads it.
Only parts on a shared role and a shared responsibility can depart; a map's own roles and
responsibilities have no counterpart there.
"""

from __future__ import annotations

from django.utils import timezone

from responsibilities.levels import Basis

from .departs import departures
from .dispute_sides import Side, dispute_sides
from .health_facts import NOTE, WARNING, Finding, MapFacts, RoleFact
from .models import RoleMap


def load_team_facts(role_map: RoleMap, facts: MapFacts) -> None:
    """The departures (roles/departs.py: the map the team started from, unless it is already
    loaded, and one query for every part) and the disputed parts with the side the team took
    (roles/dispute_sides.py, the pages' computation: two queries, the levels are here)."""
    facts.departs = {pk: found.level for pk, found in departures(role_map).items()}
    levels = [(p.responsibility_id, p.role_id, p.level) for p in facts.parts]
    sides = dispute_sides(role_map, facts.parts, levels=levels)
    facts.disputes = {
        (part.responsibility_id, part.role_id): list(sides[part.id])
        for part in facts.parts
        if part.id in sides
    }
    if role_map.review_due():
        facts.review_due_on = role_map.review_due_on


def team_findings(facts: MapFacts, roles: dict[int, RoleFact]) -> list[Finding]:
    rows = {r.id: r for r in facts.rows}
    departs: list[Finding] = []
    sides: list[Finding] = []
    overdue: list[Finding] = []
    today = timezone.localdate()
    row_at = {r.id: i for i, r in enumerate(facts.rows)}
    role_at = {r.id: i for i, r in enumerate(facts.roles)}
    ordered = sorted(
        facts.parts, key=lambda p: (row_at.get(p.responsibility_id, 0), role_at.get(p.role_id, 0))
    )
    for part in ordered:
        row, role = rows.get(part.responsibility_id), roles.get(part.role_id)
        if row is None or role is None:
            continue
        if part.id in facts.departs and not (row.own or role.own):
            before = facts.departs[part.id]
            if before != part.level:
                said = f"the sources say {before}" if before else "the sources say nothing"
                departs.append(
                    Finding(
                        "departs-from-sources",
                        NOTE,
                        (row,),
                        (role,),
                        f"{role.name} is {part.level} for “{row.name}”; {said}.",
                        "Keep it if the team decided so, with its rationale; otherwise "
                        "follow the sources.",
                    )
                )
        disputed = facts.disputes.get((part.responsibility_id, part.role_id))
        if disputed:
            topics = "; ".join(side.topic for side in disputed)
            sides.append(
                Finding(
                    "dispute-side-taken",
                    NOTE,
                    (row,),
                    (role,),
                    f"The sources disagree ({topics}); the team made {role.name} "
                    f"{part.level} for “{row.name}”.{_taken(disputed)}",
                    "Make sure the rationale says why the team took this side.",
                )
            )
        due = facts.review_due_on
        if due is not None and part.basis == Basis.AGREED and (part.decided_on or today) < due:
            overdue.append(
                Finding(
                    "review-overdue",
                    WARNING,
                    (row,),
                    (role,),
                    f"The team's decision that {role.name} is {part.level} for “{row.name}” "
                    f"(decided on {part.decided_on or 'an unknown date'}) is past the map's "
                    f"review date ({due}).",
                    "Review it with the team, then mark the map reviewed.",
                )
            )
    return departs + sides + overdue


def _taken(sides: list[Side]) -> str:
    """“ It took this side: “…”” for the disputes whose side the team's parts settle."""
    statements = [f"“{p.statement}”" for side in sides for p in side.taken]
    return f" It took this side: {' and '.join(statements)}" if statements else ""
