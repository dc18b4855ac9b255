"""Parts pasted into the grid editor as lines of text (e.g. copied from a spreadsheet).

One part a line: role, responsibility, level, and optionally basis and rationale, separated
by tabs (a spreadsheet's copy), semicolons or vertical bars:

    Scrum Master; Run the sprint ceremonies; R; agreed; Our Scrum Master runs them

Roles are named by name, abbreviation or slug, responsibilities by name or slug (without
regard to case), levels by letter or name ("-" or "none": no part). Each line sets one cell
of the grid page shown, exactly as choosing it in the cell would: the save checks them all
the same way (roles.grid_services.save_grid). A line that names something not on the page
is a problem, and nothing is saved.
"""

from __future__ import annotations

import re
from dataclasses import replace

from responsibilities.levels import Basis, Level
from roles.grid_services import CellEdit
from roles.grid_window import CellState, GridWindow

MAX_LINES = 500
_SEPARATOR = re.compile(r"\t|;|\|")


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _levels() -> dict[str, str]:
    found = {"-": "", "none": "", "no part recorded": ""}
    for level in Level:
        found[level.value.casefold()] = level.value
        found[_key(level.label)] = level.value
    found["no part"] = Level.NO_PART.value
    return found


def _bases() -> dict[str, str]:
    found = {}
    for basis in Basis:
        found[basis.value] = basis.value
        found[_key(basis.label)] = basis.value
    return found


def apply_paste(text: str, window: GridWindow, edits: list[CellEdit]) -> tuple[list, list[str]]:
    """`edits` with the pasted lines applied, and the problems (line by line) if any."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_LINES:
        return edits, [f"At most {MAX_LINES} lines can be pasted at once; {len(lines)} were."]
    roles: dict[str, int] = {}
    for role in window.roles:
        for name in (role.name, role.abbreviation, role.slug):
            roles.setdefault(_key(name), role.pk)
    duties = {}
    for row in window.rows:
        duty = row.responsibility
        duties[_key(duty.name)] = duty.pk
        duties[_key(duty.slug)] = duty.pk
    levels, bases = _levels(), _bases()
    by_key = {edit.key: i for i, edit in enumerate(edits)}
    result = list(edits)
    problems = []
    for number, line in enumerate(lines, start=1):
        fields = [part.strip() for part in _SEPARATOR.split(line)]
        if len(fields) < 3:
            problems.append(
                f"Line {number}: write role; responsibility; level (and optionally basis; "
                "rationale)."
            )
            continue
        role_name, duty_name, level_name = fields[:3]
        basis_name = fields[3] if len(fields) > 3 else ""
        rationale = ";".join(fields[4:]).strip() if len(fields) > 4 else ""
        role_id = roles.get(_key(role_name))
        duty_id = duties.get(_key(duty_name))
        level = levels.get(_key(level_name))
        basis = bases.get(_key(basis_name)) if basis_name else ""
        if role_id is None:
            problems.append(f"Line {number}: no role “{role_name}” in this map.")
        elif duty_id is None:
            problems.append(
                f"Line {number}: “{duty_name}” is not on this page of the grid; open its "
                "area (or All areas) first."
            )
        elif level is None:
            problems.append(f"Line {number}: “{level_name}” is not a level: A, R, C, I, N or -.")
        elif basis is None:
            problems.append(f"Line {number}: “{basis_name}” is not a basis.")
        else:
            index = by_key[(role_id, duty_id)]
            edit = result[index]
            result[index] = replace(
                edit, new=CellState(level, basis, rationale or edit.new.rationale)
            )
    return result, problems
