"""Saving the admin's grid editor: every changed cell of a map in one transaction.

The grid sends back, for every cell it showed, the state the cell had when the editor loaded
it and the state the editor wants. Nothing is written unless
- no cell on the grid was changed by someone else since it was loaded (else GridConflict,
  with each such cell's current state, so the editor sees both versions), and
- every changed cell passes the rule book (responsibilities.rules: evidence for R, A and
  N, never an inferred Accountable) and every row keeps at most one Accountable role once
  all its changes are applied (else GridRefused, with the sentences per cell).
Then every changed cell is written with one change reason, one history row per assignment.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction

from responsibilities.history import clip_reason, recording
from responsibilities.levels import Basis, Level
from responsibilities.models import Assignment, Responsibility
from responsibilities.rules import (
    Claim,
    accountable_batch_problems,
    agreed_problem,
    assignment_evidence_problems,
    team_change,
)

from .grid_window import CellState
from .models import Role, RoleMap

CellKey = tuple[int, int]  # (role id, responsibility id)


@dataclass(frozen=True)
class CellEdit:
    """One cell as the form sent it back: what it was when loaded and what the editor wants."""

    role_id: int
    responsibility_id: int
    was: CellState
    new: CellState

    @property
    def key(self) -> CellKey:
        return (self.role_id, self.responsibility_id)

    @property
    def changed(self) -> bool:
        return not self.was.same_as(self.new)


class GridConflict(Exception):
    """Cells someone else changed since the grid was loaded: their state now, by cell."""

    def __init__(self, current: dict[CellKey, CellState]):
        self.current = current
        super().__init__(f"{len(current)} cell(s) changed by someone else")


class GridRefused(Exception):
    """Changed cells the rule book refuses: sentences by cell; nothing was written."""

    def __init__(self, problems: dict[CellKey, list[str]]):
        self.problems = problems
        super().__init__(f"{len(problems)} cell(s) refused")


@dataclass
class GridSaved:
    created: int = 0
    changed: int = 0
    removed: int = 0
    cells: list[CellKey] = field(default_factory=list)

    @property
    def count(self) -> int:
        return self.created + self.changed + self.removed


# The basis a new part gets when the editor leaves it blank: it rests on no quote yet.
DEFAULT_NEW_BASIS = Basis.INFERRED


def save_grid(
    *,
    role_map: RoleMap,
    edits: list[CellEdit],
    user: AbstractBaseUser | None = None,
    reason: str = "",
    agreed_rationale: str = "",
) -> GridSaved:
    """Apply every changed cell of `edits` to `role_map` in one transaction, or nothing.

    `edits` holds every cell the grid showed, changed or not, so that a change by someone
    else to any of them is noticed. In a team map, a level changed on a part read from the
    sources becomes the team's decision (rules.team_change: the grid attaches no quote that
    could support the new level), and a new part is the team's decision unless the editor
    chose a basis. `agreed_rationale` is the rationale of agreed parts that have none of
    their own. Raises GridConflict or GridRefused (nothing written).
    """
    reason = clip_reason(reason) or "Edited as a grid"
    with transaction.atomic(), recording(user=user, reason=reason):
        rows = {edit.responsibility_id for edit in edits}
        current = {
            (a.role_id, a.responsibility_id): a
            for a in Assignment.objects.select_for_update()
            .filter(role_map=role_map, responsibility_id__in=rows)
            .prefetch_related("quotes")
        }
        conflicts = {
            edit.key: CellState.of(current.get(edit.key))
            for edit in edits
            if not edit.was.same_as(CellState.of(current.get(edit.key)))
        }
        if conflicts:
            raise GridConflict(conflicts)
        changed = [edit for edit in edits if edit.changed]
        wanted = {
            edit.key: _filled(edit, current.get(edit.key), role_map, agreed_rationale)
            for edit in changed
        }
        problems = _problems(role_map, wanted, current)
        if problems:
            raise GridRefused(problems)
        try:
            return _apply(role_map, wanted, current, reason)
        except IntegrityError:
            # A part created by someone else between our read and our write (the row lock
            # cannot cover a row that did not exist yet).
            raise GridConflict(
                {key: CellState() for key, state in wanted.items() if key not in current}
            ) from None


def _filled(
    edit: CellEdit, existing: Assignment | None, role_map: RoleMap, agreed_rationale: str
) -> CellState:
    """The state to write: a blank basis filled (the part's own; for a new part, the team's
    decision in a team map, DEFAULT_NEW_BASIS in a reference map), then the rule book's
    team_change (a team's level change without a new quote is the team's decision; the grid
    attaches no quotes), and the grid's rationale for agreed parts that have none."""
    new = edit.new
    if new.empty:
        return CellState()
    if existing is not None:
        basis = new.basis or existing.basis
    else:
        basis = new.basis or (Basis.AGREED if role_map.is_team else DEFAULT_NEW_BASIS)
    rationale = new.rationale
    if existing is not None:
        quote_ids = [quote.pk for quote in existing.quotes.all()]
        change = team_change(
            map_kind=role_map.kind,
            before_level=existing.level,
            before_basis=existing.basis,
            before_rationale=existing.rationale,
            before_quote_ids=quote_ids,
            level=new.level,
            basis=basis,
            rationale=rationale,
            quote_ids=quote_ids,
        )
        basis, rationale = change.basis, change.rationale
    if basis == Basis.AGREED and not rationale:
        rationale = clip_rationale(agreed_rationale)
    return CellState(new.level, basis, rationale)


def clip_rationale(text: str) -> str:
    text = " ".join((text or "").split())
    return text[:RATIONALE_MAX_LENGTH]


RATIONALE_MAX_LENGTH = Assignment._meta.get_field("rationale").max_length or 300


def _problems(
    role_map: RoleMap, wanted: dict[CellKey, CellState], current: dict[CellKey, Assignment]
) -> dict[CellKey, list[str]]:
    problems: dict[CellKey, list[str]] = defaultdict(list)
    for key, state in wanted.items():
        if state.empty:
            continue
        if state.level not in Level.values:
            problems[key].append(f"“{state.level}” is not a level: choose A, R, C, I or N.")
            continue
        if state.basis not in Basis.values:
            problems[key].append(f"“{state.basis}” is not a basis.")
            continue
        existing = current.get(key)
        texts = [quote.text for quote in existing.quotes.all()] if existing is not None else []
        problems[key].extend(
            assignment_evidence_problems(
                level=state.level, basis=state.basis, quote_count=len(texts), quote_texts=texts
            )
        )
        agreed = agreed_problem(
            basis=state.basis, map_kind=role_map.kind, rationale=state.rationale
        )
        if agreed:
            problems[key].append(agreed)
    # One Accountable per row, once every change of the row is applied.
    final: dict[int, dict[int, str]] = defaultdict(dict)
    for (role_id, duty_id), assignment in current.items():
        final[duty_id][role_id] = assignment.level
    for (role_id, duty_id), state in wanted.items():
        final[duty_id][role_id] = state.level
    crowded = {
        duty_id: [role_id for role_id, level in levels.items() if level == Level.ACCOUNTABLE]
        for duty_id, levels in final.items()
    }
    crowded = {duty_id: holders for duty_id, holders in crowded.items() if len(holders) > 1}
    if crowded:
        role_ids = {role_id for holders in crowded.values() for role_id in holders}
        roles = Role.objects.in_bulk(role_ids)
        duties = Responsibility.objects.in_bulk(list(crowded))
        for duty_id, holders in crowded.items():
            claims = [
                Claim(role=roles[r], responsibility=duties[duty_id], role_map=role_map, level="A")
                for r in holders
            ]
            for sentence in accountable_batch_problems(claims):
                for role_id in holders:
                    if (role_id, duty_id) in wanted:
                        problems[(role_id, duty_id)].append(sentence)
    return {key: found for key, found in problems.items() if found}


def _apply(
    role_map: RoleMap,
    wanted: dict[CellKey, CellState],
    current: dict[CellKey, Assignment],
    reason: str,
) -> GridSaved:
    saved = GridSaved()
    # Whoever stops being Accountable is written before whoever becomes it (the database
    # holds one Accountable per row at every statement).
    order = sorted(wanted.items(), key=lambda item: item[1].level == Level.ACCOUNTABLE)
    for key, state in order:
        existing = current.get(key)
        if state.empty:
            if existing is not None:
                existing._change_reason = reason  # type: ignore[attr-defined]
                existing.delete()
                saved.removed += 1
                saved.cells.append(key)
            continue
        if existing is None:
            assignment = Assignment(
                role_map=role_map,
                role_id=key[0],
                responsibility_id=key[1],
                level=state.level,
                basis=state.basis,
                rationale=state.rationale,
            )
            saved.created += 1
        else:
            assignment = existing
            assignment.level = state.level
            assignment.basis = state.basis
            assignment.rationale = state.rationale
            saved.changed += 1
        assignment._change_reason = reason  # type: ignore[attr-defined]
        assignment.save()
        saved.cells.append(key)
    return saved
