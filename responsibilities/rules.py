"""The rule book for assignments: every write path asks these functions.

Model clean(), the admin forms, the API serializers, the import check and the services all
call the same functions, so a rule is stated once and its message reads the same wherever
an editor or a client meets it. The database repeats what it can express (one Accountable
per map and responsibility) as constraints; these functions give the readable sentence
before the database refuses, and check what it cannot express (evidence is a many-to-many
relation, set after the row is saved).

The functions take plain values, not querysets, so that each caller can feed them what it
already holds: a form's cleaned data, a file's records, or rows read from the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .levels import NEEDS_EVIDENCE, Level

EVIDENCE_MESSAGE = (
    "A Responsible or Accountable part needs at least one quote as evidence. "
    "Add the quote that says so, or choose Consulted or Informed."
)


def evidence_problem(*, level: str | None, quote_count: int) -> str | None:
    """Why an assignment at `level` with `quote_count` quotes may not be saved, or None."""
    if level in NEEDS_EVIDENCE and quote_count == 0:
        return EVIDENCE_MESSAGE
    return None


def second_accountable_message(*, holder: object, responsibility: object) -> str:
    """The sentence for a responsibility that already has an Accountable role in the map."""
    return (
        f"{holder} is already Accountable for “{responsibility}” in this map; a "
        "responsibility has at most one Accountable role. Make this role Responsible, or "
        "change the other assignment first."
    )


@dataclass(frozen=True)
class Claim:
    """One proposed part, as a batch (a formset, an import file) holds it before saving."""

    role: object
    responsibility: object
    role_map: object
    level: str | None


def accountable_batch_problems(claims: Iterable[Claim]) -> list[str]:
    """Two or more claims in one batch that make different roles Accountable for one thing.

    Each row's own check only sees the database, where none of the batch exists yet.
    """
    holders: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.level == Level.ACCOUNTABLE:
            holders[(str(claim.role_map), str(claim.responsibility))].append(claim)
    problems = []
    for found in holders.values():
        if len(found) > 1:
            roles = " and ".join(f"“{claim.role}”" for claim in found)
            problems.append(
                f"{roles} are both marked Accountable for “{found[0].responsibility}” in map "
                f"“{found[0].role_map}”. A responsibility has at most one Accountable role per "
                "map: make all but one Responsible."
            )
    return problems


def copied_level(level: str) -> str:
    """The level a copy of an assignment gets beside its original in the same map.

    The original keeps the Accountable part, and a map allows one Accountable per
    responsibility, so the copy is Responsible.
    """
    return Level.RESPONSIBLE if level == Level.ACCOUNTABLE else level
