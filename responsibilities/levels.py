"""The RACI vocabulary, defined once: every layer that names, ranks or groups levels reads it."""

from __future__ import annotations

from django.db import models


class Level(models.TextChoices):
    RESPONSIBLE = "R", "Responsible"
    ACCOUNTABLE = "A", "Accountable"
    CONSULTED = "C", "Consulted"
    INFORMED = "I", "Informed"
    # A source says in so many words that the role has no part; silence is no assignment.
    NO_PART = "N", "No part (stated)"


class Basis(models.TextChoices):
    """How strongly the sources' own words support an assignment (see docs/evidence.md)."""

    STATED = "stated", "Stated"
    DESCRIBED = "described", "Described"
    INFERRED = "inferred", "Inferred"
    # Not a reading of the sources: the team's own decision, in a team map only (rationale,
    # decided_on and decided_by on the assignment say who decided what and why).
    AGREED = "agreed", "Agreed by the team"


# The bases that claim a source's words say it; `agreed` is the team's decision instead.
SOURCE_BASES: frozenset[str] = frozenset({Basis.STATED, Basis.DESCRIBED, Basis.INFERRED})


class MapKind(models.TextChoices):
    """What a role map records (docs/evidence.md; issue 15)."""

    # What the sources say: every rule of docs/evidence.md applies.
    REFERENCE = "reference", "Reference (what the sources say)"
    # What one organisation has agreed: parts may rest on the team's decision (`agreed`).
    TEAM = "team", "Team (what the team agreed)"


# Strongest part first: used to sort and to pick the "main" holder of a responsibility.
LEVEL_RANK: dict[str, int] = {
    Level.ACCOUNTABLE: 0,
    Level.RESPONSIBLE: 1,
    Level.CONSULTED: 2,
    Level.INFORMED: 3,
    Level.NO_PART: 4,
}

# A role "holds" a responsibility when it does the work or answers for it; comparisons,
# overlap figures and the finder count these parts.
HOLDING_LEVELS: frozenset[str] = frozenset({Level.RESPONSIBLE, Level.ACCOUNTABLE})

# Parts that are claims about a role, so each needs a quote that says so: R, A and the
# explicit "no part".
NEEDS_EVIDENCE: frozenset[str] = frozenset({*HOLDING_LEVELS, Level.NO_PART})
