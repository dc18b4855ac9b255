"""The facts a map's health is computed from, and what the computation returns.

Plain data (no database): roles/health.py reads a stored map into MapFacts; an import can
build them from a sheet. Kept apart so the reference checks (health.py) and the team-map checks
(team_health.py) share them without importing each other.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from responsibilities.levels import HOLDING_LEVELS
from responsibilities.models import Kind

if TYPE_CHECKING:  # plain data: the type only
    from .dispute_sides import Side

ERROR, WARNING, NOTE = "error", "warning", "note"
SEVERITIES = (ERROR, WARNING, NOTE)

# Below this many Accountable parts in a map, a share is not a meaningful figure.
MIN_A_FOR_SHARE = 5


# Kind of finding → its title in plain words, in the order pages list them.
KINDS: dict[str, str] = {
    "several-accountable": "More than one Accountable role",
    "no-accountable": "No Accountable role",
    "nobody-does-the-work": "Only Consulted or Informed: nobody does the work",
    "accountable-share": "A role carries a large share of the Accountable parts",
    "holds-nothing": "A role holds nothing",
    "inferred-basis": "Parts read from context (inferred)",
    "thin-evidence": "Roles with thin evidence",
    "departs-from-sources": "Parts that depart from the sources",
    "dispute-side-taken": "Sides taken where the sources disagree",
    "review-overdue": "Agreed parts past the review date",
}
# The kinds as a list of choices (the API schema names their enum from it).
FINDING_KINDS = list(KINDS)


@dataclass(frozen=True)
class RoleFact:
    id: int
    slug: str
    name: str
    abbreviation: str = ""
    own: bool = False  # the map's own role, not the shared catalogue's


class RowFact(NamedTuple):
    """A responsibility (a row of the matrix).

    Rows and parts are named tuples, not dataclasses: a generated map has tens of thousands
    of each, and tuples of plain values drop out of the garbage collector's passes, which
    took half of the health's Python time while they were being built (scale 3)."""

    id: int
    slug: str
    name: str
    area: str
    kind: str = Kind.RESPONSIBILITY
    area_slug: str = ""
    own: bool = False  # the map's own responsibility


class PartFact(NamedTuple):
    """A part: a role's level in a responsibility (a named tuple, as RowFact says why)."""

    role_id: int
    responsibility_id: int
    level: str
    basis: str
    decided_on: datetime.date | None = None
    id: int = 0  # the assignment's, when the part is stored


@dataclass(frozen=True)
class PartTally:
    """What the role checks need to know of every part of a map, whether or not `parts` lists
    it: how many parts there are, which roles have any and which hold one (R or A)."""

    count: int
    roles_with_parts: frozenset[int]
    holding_roles: frozenset[int]

    @classmethod
    def of(cls, parts: list[PartFact]) -> PartTally:
        return cls(
            len(parts),
            frozenset(p.role_id for p in parts),
            frozenset(p.role_id for p in parts if p.level in HOLDING_LEVELS),
        )


@dataclass
class MapFacts:
    slug: str
    name: str
    kind: str  # "reference" or "team"
    roles: list[RoleFact]
    rows: list[RowFact]
    # Every part, or, when `tally` is given, at least the parts a finding can name: every
    # Accountable part, every inferred one, every part of a row with no Accountable role (and
    # in a team map every part). roles/health.py reads a stored reference map that way: the
    # other parts (nine in ten of a generated map) change no finding, only the tally.
    parts: list[PartFact]
    # {role id: (distinct quotes, distinct sources)} behind its parts in this map; a role
    # in `ample` may be left out.
    evidence: dict[int, tuple[int, int]] = field(default_factory=dict)
    # Roles known to pass the evidence check at the threshold the facts were read for (a
    # stored map: roles.thinness.evidence_below), their exact counts not read.
    ample: frozenset[int] = frozenset()
    # Counted over every part (the database does it for a stored map); None: from `parts`.
    tally: PartTally | None = None
    # Team maps: the parts that depart from the sources (roles/departs.py), by assignment id:
    # what the sources' map gives there (None: nothing).
    departs: dict[int, str | None] = field(default_factory=dict)
    # Team maps: {(responsibility id, role id): the disputes about that part, each with the
    # side the team took (roles/dispute_sides.Side)}.
    disputes: dict[tuple[int, int], list[Side]] = field(default_factory=dict)
    # Team maps: the date the map's review was due, when it is past it (else None).
    review_due_on: datetime.date | None = None


@dataclass(frozen=True)
class Finding:
    kind: str
    severity: str
    rows: tuple[RowFact, ...]
    roles: tuple[RoleFact, ...]
    message: str  # what is wrong, in plain words
    advice: str  # what to do

    @property
    def title(self) -> str:
        return KINDS[self.kind]


@dataclass
class Health:
    map_slug: str
    map_name: str
    map_kind: str
    findings: list[Finding]
    max_a_share: int
    min_quotes: int
    row_count: int
    role_count: int
    part_count: int

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def counts(self) -> dict[str, int]:
        return {severity: self.count(severity) for severity in SEVERITIES}

    @property
    def has_errors(self) -> bool:
        return self.count(ERROR) > 0

    @property
    def groups(self) -> list[tuple[str, str, list[Finding]]]:
        """(kind, title, findings) in the order of KINDS, kinds without findings left out."""
        by_kind: dict[str, list[Finding]] = defaultdict(list)
        for finding in self.findings:
            by_kind[finding.kind].append(finding)
        return [(kind, title, by_kind[kind]) for kind, title in KINDS.items() if by_kind[kind]]
