"""How much evidence stands behind each role in a map: quotes, sources, parts by basis and level.

Shown on role pages, the sources page and the API's role resource, so that a reader sees
whether a role's picture rests on one article or many. Two grouped queries whatever the
number of roles or assignments (AssignmentQuerySet.parts_by_role / evidence_by_role).

The home page and the comparison only say whether a role's evidence is thin (a card, a
column's header): roles.thinness settles that from a bounded sample. The full coverage of a
role page is kept per role under the role's data version (roles.pieces): the counts behind
a role are a join through every part and its quotes, the same for every page showing it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from responsibilities.levels import Basis, Level
from responsibilities.models import Assignment

from .models import RoleMap
from .pieces import Tokens, per_role

# A role's picture is thin when it rests on fewer quotes than this, or on a single source:
# the pages say so where a reader decides (its card, the comparison's column, its page).
THIN_QUOTES = 10


def _zeros(choices: type[Basis] | type[Level]) -> dict[str, int]:
    return {str(value): 0 for value in choices.values}


def based_on_words(q: int, s: int) -> str:
    """E.g. "based on 3 quotes from 1 source"."""
    return f"based on {q} quote{'s' if q != 1 else ''} from {s} source{'s' if s != 1 else ''}"


@dataclass
class EvidenceCounts:
    """How many parts a role has in one map, and the distinct quotes and sources behind them:
    enough to say whether its picture is thin."""

    quote_count: int = 0
    source_count: int = 0
    assignment_count: int = 0

    @property
    def in_words(self) -> str:
        """E.g. "12 assignments rest on 3 quotes from 1 source"."""
        if not self.assignment_count:
            return "no assignment in this map yet"
        q, s, a = self.quote_count, self.source_count, self.assignment_count
        return (
            f"{a} assignment{'s' if a != 1 else ''} rest{'s' if a == 1 else ''} on "
            f"{q} quote{'s' if q != 1 else ''} from {s} source{'s' if s != 1 else ''}"
        )

    @property
    def is_thin(self) -> bool:
        """Few quotes or a single source: one author's view rather than a settled picture.
        A role with no assignment is not "thin": it has no picture at all."""
        return bool(self.assignment_count) and (
            self.quote_count < THIN_QUOTES or self.source_count < 2
        )

    @property
    def based_on(self) -> str:
        """E.g. "based on 3 quotes from 1 source"."""
        return based_on_words(self.quote_count, self.source_count)


@dataclass
class Coverage(EvidenceCounts):
    """The evidence behind one role's assignments in one map, by basis and level too."""

    unquoted_count: int = 0
    by_basis: dict[str, int] = field(default_factory=lambda: _zeros(Basis))
    by_level: dict[str, int] = field(default_factory=lambda: _zeros(Level))

    @property
    def basis_items(self) -> list[tuple[str, str, int]]:
        """(value, label, count) for each basis, strongest first, for templates."""
        return [(str(b.value), str(b.label), self.by_basis[b.value]) for b in Basis]

    @property
    def level_items(self) -> list[tuple[str, str, int]]:
        return [(str(lv.value), str(lv.label), self.by_level[lv.value]) for lv in Level]


def coverage_by_role(
    role_map: RoleMap, role_ids: Iterable[int] | None = None
) -> dict[int, Coverage]:
    """Coverage for the given roles (every role with an assignment when None); two queries.

    A role asked for with no assignment gets an empty Coverage, so callers need not check.
    """
    assignments = Assignment.objects.in_map(role_map)
    wanted = None if role_ids is None else list(role_ids)
    if wanted is not None:
        assignments = assignments.filter(role_id__in=wanted)
    result: dict[int, Coverage] = {pk: Coverage() for pk in wanted or []}
    for row in assignments.parts_by_role():
        coverage = result.setdefault(row["role_id"], Coverage())
        coverage.assignment_count += row["count"]
        coverage.unquoted_count += row["unquoted"]
        coverage.by_basis[row["basis"]] = coverage.by_basis.get(row["basis"], 0) + row["count"]
        coverage.by_level[row["level"]] = coverage.by_level.get(row["level"], 0) + row["count"]
    for row in assignments.evidence_by_role():
        coverage = result.setdefault(row["role_id"], Coverage())
        coverage.quote_count = row["quotes_count"]
        coverage.source_count = row["sources_count"]
    return result


def exact_counts(role_map: RoleMap, role_ids: list[int]) -> dict[int, EvidenceCounts]:
    """EvidenceCounts of the given roles, in one query (evidence_by_role; none for no role)."""
    if not role_ids:
        return {}
    result = {pk: EvidenceCounts() for pk in role_ids}
    rows = Assignment.objects.in_map(role_map).filter(role_id__in=role_ids).evidence_by_role()
    for row in rows:
        result[row["role_id"]] = EvidenceCounts(
            row["quotes_count"], row["sources_count"], row["parts_count"]
        )
    return result


def stored_coverage(
    role_map: RoleMap, role_ids: Iterable[int], tokens: Tokens | None = None
) -> dict[int, Coverage]:
    """coverage_by_role for the given roles, kept per role (roles.pieces); `tokens` when the
    page read them already (tokens_for)."""
    return per_role(
        "coverage",
        role_map,
        role_ids,
        lambda missing: coverage_by_role(role_map, missing),
        tokens=tokens,
    )
