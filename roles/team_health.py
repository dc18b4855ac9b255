"""The team-map checks of map health (roles/health.py): where the team departs from the
sources, which side it took where the sources disagree, and which of its decisions are past
the map's review date.

"The sources" are the map the team started from: the map it is based on, else the default
(reference) map; roles/departs.py computes the departures for every page, and this reads it.
Only parts on a shared role and a shared responsibility can depart; a map's own roles and
responsibilities have no counterpart there.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone

from responsibilities.levels import Basis
from responsibilities.models import Dispute

from .departs import departures
from .health_facts import NOTE, WARNING, Finding, MapFacts, RoleFact
from .models import RoleMap


def load_team_facts(role_map: RoleMap, facts: MapFacts) -> None:
    """The departures (roles/departs.py: the map the team started from, unless it is already
    loaded, and one query for every part) and the disputed parts (one query)."""
    facts.departs = {pk: found.level for pk, found in departures(role_map).items()}
    disputes: dict[tuple[int, int], list[str]] = defaultdict(list)
    rows = (
        Dispute.objects.filter(responsibilities__isnull=False, roles__isnull=False)
        .order_by("order", "slug")
        .values_list("responsibilities", "roles", "topic")
    )
    for resp_id, role_id, topic in rows:
        if topic not in disputes[(resp_id, role_id)]:
            disputes[(resp_id, role_id)].append(topic)
    facts.disputes = dict(disputes)
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
        topics = facts.disputes.get((part.responsibility_id, part.role_id))
        if topics:
            sides.append(
                Finding(
                    "dispute-side-taken",
                    NOTE,
                    (row,),
                    (role,),
                    f"The sources disagree ({'; '.join(topics)}); the team made {role.name} "
                    f"{part.level} for “{row.name}”.",
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
