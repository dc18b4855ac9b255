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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .levels import HOLDING_LEVELS, NEEDS_EVIDENCE, SOURCE_BASES, Basis, Level, MapKind

__all__ = [
    "AGREED_IN_REFERENCE_MESSAGE",
    "AGREED_NEEDS_RATIONALE_MESSAGE",
    "HOLDING_LEVELS",
    "INFERRED_ACCOUNTABLE_MESSAGE",
    "NEEDS_EVIDENCE",
    "QUESTION_ACCOUNTABLE_MESSAGE",
    "Claim",
    "accountable_batch_problems",
    "agreed_problem",
    "entry_map_problem",
    "slug_clash_message",
    "team_change",
    "assignment_evidence_problems",
    "basis_problem",
    "basis_quote_problem",
    "copied_level",
    "evidence_problem",
    "is_question",
    "question_problem",
    "second_accountable_message",
]

INFERRED_ACCOUNTABLE_MESSAGE = (
    "An assignment inferred from context cannot be Accountable: Accountable needs a "
    "source that states ownership in so many words."
)

QUESTION_ACCOUNTABLE_MESSAGE = (
    "An assignment whose only quotes are questions cannot be Accountable: a question names "
    "no owner. Cite the sentence that says who owns it, or choose a weaker level."
)


AGREED_IN_REFERENCE_MESSAGE = (
    "“Agreed by the team” is refused in a reference map: a reference map records only what "
    "the sources say, so every part rests on their words. Record the team's decision in a "
    "team map (copy this map to start one)."
)

AGREED_NEEDS_RATIONALE_MESSAGE = (
    "A part agreed by the team needs its rationale: one line saying what the team decided "
    "and why, so that readers can tell a decision from a source's words."
)


def evidence_problem(
    *, level: str | None, quote_count: int, basis: str | None = None
) -> str | None:
    """Why an assignment at `level` with `quote_count` quotes may not be saved, or None.

    R, A and the explicit "no part" are claims about a role (see docs/evidence.md), so each
    needs a quote that says so; Consulted and Informed may stand on the rationale alone. A
    part agreed by the team claims no source's words, so it needs no quote.
    """
    if basis == Basis.AGREED:
        return None
    if level in NEEDS_EVIDENCE and quote_count < 1:
        name = Level(level).label if level in Level.values else level
        return (
            f"An assignment at level {name} needs at least one quote from a source; it has "
            "none. Add the quote that says so as evidence, or choose Consulted or Informed."
        )
    return None


def basis_problem(*, level: str | None, basis: str | None) -> str | None:
    """An inferred part is never Accountable: A needs ownership stated in so many words."""
    if basis == Basis.INFERRED and level == Level.ACCOUNTABLE:
        return INFERRED_ACCOUNTABLE_MESSAGE
    return None


def is_question(text: str) -> bool:
    """A quote that asks rather than states: its text ends with a question mark.

    "What makes sense to build versus buy?" names nobody and claims nothing, so it can
    describe a responsibility but is evidence for no role's part (docs/evidence.md).
    """
    return text.strip().endswith("?")


def question_problem(
    *, level: str | None, quote_texts: Sequence[str] | None, basis: str | None = None
) -> str | None:
    """An Accountable part needs a statement of ownership; questions alone are none.

    `quote_texts` None means the caller does not know the quotes' texts (the rule is then
    not checked); an empty list is left to evidence_problem. A part agreed by the team rests
    on the team's decision, not on its quotes.
    """
    if level != Level.ACCOUNTABLE or not quote_texts or basis == Basis.AGREED:
        return None
    if all(is_question(text) for text in quote_texts):
        return QUESTION_ACCOUNTABLE_MESSAGE
    return None


def basis_quote_problem(*, basis: str | None, quote_count: int) -> str | None:
    """A stated or described basis names wording in a source, so it must cite that wording.

    Only an inferred part (at C or I, where a quote is not required) may rest on the
    rationale alone. The data audit (check_evidence) applies this; editors meet the
    level rules in evidence_problem first.
    """
    if basis in (Basis.STATED, Basis.DESCRIBED) and quote_count < 1:
        name = Basis(basis).label.lower()
        return (
            f"The basis is “{name}”, which means a source says it, but the assignment cites "
            "no quote. Add the quote, or mark the basis inferred."
        )
    return None


def assignment_evidence_problems(
    *,
    level: str,
    basis: str,
    quote_count: int,
    quote_texts: Sequence[str] | None = None,
) -> list[str]:
    """Every evidence problem of one assignment, as sentences; empty when it may stand.

    Callers that hold the quotes' texts pass them so that an Accountable part resting only
    on questions is refused too.
    """
    found = (
        evidence_problem(level=level, quote_count=quote_count, basis=basis),
        basis_problem(level=level, basis=basis),
        question_problem(level=level, quote_texts=quote_texts, basis=basis),
    )
    return [problem for problem in found if problem]


def agreed_problem(*, basis: str | None, map_kind: str | None, rationale: str) -> str | None:
    """The team's own decision (basis `agreed`) belongs in a team map and says why.

    `map_kind` None means the caller does not know the map's kind (only the rationale is
    then checked). The database repeats the rationale rule as a check constraint.
    """
    if basis != Basis.AGREED:
        return None
    if map_kind == MapKind.REFERENCE:
        return AGREED_IN_REFERENCE_MESSAGE
    if not (rationale or "").strip():
        return AGREED_NEEDS_RATIONALE_MESSAGE
    return None


def entry_map_problem(
    *, what: str, entry: object, entry_map_id: int | None, role_map_id: int | None
) -> str | None:
    """A map's own role or responsibility has parts in that map only.

    `entry_map_id` None: the entry belongs to the shared catalogue, which every map uses.
    """
    if entry_map_id is None or role_map_id is None or entry_map_id == role_map_id:
        return None
    return (
        f"The {what} “{entry}” belongs to another map, so it cannot have a part in this one. "
        f"Choose a shared {what} or one of this map's own."
    )


def slug_clash_message(*, what: str, slug: str, clash: object, shared: bool) -> str:
    """The sentence for a slug that a map could already see (slugs compare case-insensitively).

    A map shows the shared catalogue and its own entries; two of them with one slug (even
    `Product-Manager` beside `product-manager`) would make addresses ambiguous.
    """
    where = "the shared catalogue" if shared else "this map"
    return (
        f"The slug “{slug}” is already used by the {what} “{clash}” in {where} (slugs are "
        "compared without regard to case). Choose another slug."
    )


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


@dataclass(frozen=True)
class TeamChange:
    """What a team-map edit is saved as: its basis and rationale (see team_change)."""

    basis: str
    rationale: str


def team_change(
    *,
    map_kind: str | None,
    before_level: str | None,
    before_basis: str | None,
    before_rationale: str,
    before_quote_ids: Iterable[int],
    level: str | None,
    basis: str,
    rationale: str,
    quote_ids: Iterable[int],
) -> TeamChange:
    """A team that changes the level of a part read from the sources has decided something.

    In a team map, a part whose level changes away from what its (source) basis read stays
    a reading of the sources only if the editor attaches at least one new quote for the
    new level; otherwise it becomes the team's decision (basis agreed), so a copied quote
    never seems to say what it does not. A rationale left as it was (it names the source's
    wording) is replaced by a sentence saying what the team changed. Reference maps, new
    parts and unchanged levels are saved as given.
    """
    if (
        map_kind != MapKind.TEAM
        or before_level is None
        or level == before_level
        or before_basis not in SOURCE_BASES
        or basis == Basis.AGREED
        or set(quote_ids) - set(before_quote_ids)
    ):
        return TeamChange(basis=basis, rationale=rationale)
    if not rationale.strip() or rationale == before_rationale:
        rationale = (
            f"The team changed this part from {_level_name(before_level)} (as read from the "
            f"sources) to {_level_name(level)}."
        )
    return TeamChange(basis=Basis.AGREED, rationale=rationale)


def _level_name(level: str | None) -> str:
    return Level(level).label if level in Level.values else str(level)
