"""The evidence rules for assignments, written once (see docs/evidence.md).

Plain functions over plain values, so that every write path (admin, API, import, services)
and the `check_evidence` command can ask the same question and show the same sentences.
"""

from __future__ import annotations

# Levels that mean "this role holds the work" (Accountable or Responsible).
HOLDING_LEVELS = frozenset({"R", "A"})
# Levels that are claims about a role and so need at least one quote: R, A and "no part".
NEEDS_EVIDENCE = frozenset({"R", "A", "N"})

LEVEL_NAMES = {
    "R": "Responsible",
    "A": "Accountable",
    "C": "Consulted",
    "I": "Informed",
    "N": "No part (stated)",
}


def assignment_evidence_problems(*, level: str, basis: str, quote_count: int) -> list[str]:
    """Readable sentences saying what is wrong with an assignment's evidence; empty if fine.

    - an R, A or N assignment needs at least one quote;
    - an assignment whose basis is "inferred" is never Accountable.
    """
    problems = []
    if level in NEEDS_EVIDENCE and quote_count < 1:
        name = LEVEL_NAMES.get(level, level)
        problems.append(
            f"An assignment at level {name} needs at least one quote from a source; it has none."
        )
    if basis == "inferred" and level == "A":
        problems.append(
            "An assignment inferred from context cannot be Accountable: Accountable needs a "
            "source that states ownership in so many words."
        )
    return problems
