"""The method's mechanical parts (docs/evidence.md), applied by `check_evidence`.

These read the reference wording, so they audit the stored data rather than refuse an
editor's save (the write-path rules are in rules.py): a map that records how a team divides
the work may hold ownership the sources never state, and says so in its own rationale.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .levels import Level

# Wording that states ownership or answerability (docs/evidence.md, "The level comes from the
# verb"). Stems, matched case-insensitively from a word boundary: "decid" covers decide,
# decides and deciding.
OWNERSHIP_WORDING: tuple[str, ...] = (
    "responsible for",
    "accountable for",
    "owns",
    "in charge of",
    "decid",
    "determin",
    "ensur",
    "make sure",
    "makes sure",
    "making sure",
    "oversee",
    "leads",
    "leading",
    "the job of",
    "their job is",
    "key responsibilit",
    "responsibilities of",
)
_OWNERSHIP_RE = re.compile(r"\b(" + "|".join(re.escape(w) for w in OWNERSHIP_WORDING) + ")")


def has_ownership_wording(text: str) -> bool:
    """True when the text uses one of the words that state ownership (OWNERSHIP_WORDING)."""
    return bool(_OWNERSHIP_RE.search(text.lower()))


def ownership_wording_problems(
    *, level: str, rationale: str, quote_texts: Sequence[str]
) -> list[str]:
    """An Accountable part whose rationale, or whose quotes, use no ownership wording.

    The level comes from the verb: "manages", "helps to execute" or "works closely with"
    describe work, not ownership. The rationale has to name the owning words so a reader
    can see them, and a cited quote has to contain them so that they are the source's words.
    Quotes are not checked when there are none (evidence_problem says that already).
    """
    if level != Level.ACCOUNTABLE:
        return []
    problems = []
    if not has_ownership_wording(rationale):
        problems.append(
            "The part is Accountable, but its rationale names no ownership wording "
            "(“responsible for”, “ensures”, “decides”, “the job of” … see the method). Quote "
            "the words that state ownership, or choose Responsible."
        )
    if quote_texts and not any(has_ownership_wording(text) for text in quote_texts):
        problems.append(
            "The part is Accountable, but none of its quotes states ownership (“responsible "
            "for”, “ensures”, “decides”, “the job of” … see the method). Cite the sentence "
            "that says so, or choose Responsible."
        )
    return problems


@dataclass(frozen=True)
class AccountablePart:
    """One Accountable assignment as the audit reads it: who, what, where, and its quotes."""

    role_map: str
    role: str
    responsibility: str
    quotes: tuple[str, ...]


def shared_ownership_quote_problems(parts: Iterable[AccountablePart]) -> list[str]:
    """A quote that backs Accountable parts of two different roles in one map.

    A sentence that hands ownership to two roles ("The PM sets the strategic direction …,
    while the PO ensures that the development team executes this vision") divides one piece
    of work between them; two roles owning nearly the same work is a dispute, not two A's in
    disguise (docs/evidence.md). So one quote backs the ownership of one role at most.
    """
    backed: dict[tuple[str, str], list[AccountablePart]] = defaultdict(list)
    for part in parts:
        for quote in part.quotes:
            backed[(part.role_map, quote)].append(part)
    problems = []
    for (role_map, quote), found in sorted(backed.items()):
        if len({part.role for part in found}) < 2:
            continue
        holders = "; ".join(
            f"{part.role} on {part.responsibility}"
            for part in sorted(found, key=lambda p: (p.role, p.responsibility))
        )
        problems.append(
            f"{role_map}: quote {quote} backs Accountable parts of more than one role "
            f"({holders}). One sentence backs one role's ownership: cite it for one of them "
            "at most, or record the dispute and lower both."
        )
    return problems


# The words a source uses for each value of a role attribute (roles.models Focus, Horizon,
# Stakeholders), lower case. Methodology is free text and not checked.
ATTRIBUTE_WORDING: dict[str, dict[str, tuple[str, ...]]] = {
    "focus": {
        "strategic": ("strategic",),
        "tactical": ("tactical",),
        "operational": ("operational", "operations"),
        "market": ("market-facing", "telling the world"),
    },
    "horizon": {
        "long-term": ("long-term",),
        "short-to-mid-term": ("short to midterm", "short to mid-term", "short-term"),
        "project": ("project",),
    },
    "stakeholders": {
        "external": ("external stakeholders",),
        "internal": ("internal stakeholders",),
        "both": ("internal and external",),
    },
}


@dataclass(frozen=True)
class PositionView:
    """One dispute position as the attribute audit reads it."""

    dispute: str
    key: str
    roles: frozenset[str]
    quote_texts: tuple[str, ...]


def disputed_attribute_problems(
    *, role: str, attributes: Mapping[str, str], positions: Iterable[PositionView]
) -> list[str]:
    """Role attributes set on a point the sources dispute about that role.

    A dispute is about a role when two or more of its positions name the role: the sources
    then say different things about it. An attribute value is on that disputed point when a
    quote of one of those positions uses the value's own wording (ATTRIBUTE_WORDING), e.g.
    the product manager's focus "strategic" against Rathke's "long-term and strategic" and
    Racki's "think strategically and tactically". By the method such an attribute stays
    blank ("not stated"), with the note saying why.
    """
    about_role: dict[str, list[PositionView]] = defaultdict(list)
    for position in positions:
        if role in position.roles:
            about_role[position.dispute].append(position)
    problems = []
    for name, value in attributes.items():
        wording = ATTRIBUTE_WORDING.get(name, {}).get(value, ())
        if not value or not wording:
            continue
        for dispute, found in sorted(about_role.items()):
            if len(found) < 2:
                continue
            used = sorted(
                {
                    word
                    for position in found
                    for text in position.quote_texts
                    for word in wording
                    if word in text.lower()
                }
            )
            if used:
                words = ", ".join(f"“{word}”" for word in used)
                problems.append(
                    f"Role {role}: its {name} is set to “{value}”, but the sources disagree "
                    f"about this role in the dispute {dispute}, whose quotes use {words}. An "
                    "attribute on a disputed point stays blank (not stated), with a note."
                )
    return problems
