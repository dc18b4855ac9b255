"""An XLSX workbook (as roles/xlsx.py writes it) read back into a role-map document.

The *Matrix* sheet's letters are the truth: one assignment per non-empty level cell, none
where a cell is empty (the import then removes that part from the map). The *Evidence* sheet
supplies what a letter cannot carry (basis, rationale, the quotes' keys) for parts whose level
it agrees with; a letter someone changed in the sheet keeps no evidence, so in a reference map
an R, A or N written by hand is refused until a quote supports it (docs/evidence.md).

Problems name the sheet and cell (`Matrix!D14: "X" is not a level; use A, R, C, I or N.`), and
the import changes nothing while any is left.

Reading is bounded before anything is parsed: the upload's size (XLSX_MAX_BYTES), then the
zip's entry count and the uncompressed sizes its entries declare (a zip bomb declares far more
than it occupies; Python's zip reader never inflates past a declared size), then the sheet's
rows and columns.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from responsibilities.levels import Basis, Level, MapKind
from responsibilities.models import Quote, Responsibility
from responsibilities.spreadsheet import unguard_cell
from roles.models import MapStatus, Role, RoleMap
from roles.xlsx import EVIDENCE, FIRST_ROLE_COLUMN, LEVEL_LETTERS, MATRIX

from .check import Problem
from .spec import FORMAT_NAME, FORMAT_VERSION

# A whole reference map's workbook is well under 1 MiB; a scale-1 generated map about 20.
MAX_ENTRIES = 100
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_ROWS = 20_000
MAX_ROLES = 500
XLSX = "xlsx"
# The document key where a record says which cell it came from (check.py reports it).
CELL = "__cell__"


class WorkbookRefused(Exception):
    """The file is not a workbook pmroles can read, or its sheet has problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def _refuse(message: str, location: str = "file") -> WorkbookRefused:
    return WorkbookRefused([Problem(location, message)])


def size_in_words(size: int) -> str:
    return f"{size / 1048576:.1f} MiB" if size >= 1048576 else f"{size / 1024:.0f} KiB"


def max_bytes() -> int:
    return int(settings.PMROLES_XLSX_MAX_BYTES)


def open_workbook(data: bytes) -> Any:
    """The workbook, after the size, zip and entry checks; WorkbookRefused otherwise."""
    limit = max_bytes()
    if len(data) > limit:
        raise _refuse(
            f"the file is {size_in_words(len(data))}; an XLSX import takes at most "
            f"{size_in_words(limit)}."
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _refuse("this is not an XLSX workbook (an .xlsx file is a zip archive).")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse("this is not an XLSX workbook (its zip archive is damaged).") from None
    if len(entries) > MAX_ENTRIES:
        raise _refuse(f"the workbook holds {len(entries)} parts; at most {MAX_ENTRIES} are read.")
    declared = sum(entry.file_size for entry in entries)
    if declared > MAX_UNCOMPRESSED:
        raise _refuse(
            f"the workbook would unpack to {declared / 1048576:.0f} MiB; at most "
            f"{MAX_UNCOMPRESSED / 1048576:.0f} MiB are read."
        )
    if "xl/workbook.xml" not in {entry.filename for entry in entries}:
        raise _refuse("this is not an XLSX workbook (it has no xl/workbook.xml).")
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a malformed part  # noqa: BLE001
        raise _refuse("this XLSX workbook cannot be read (a part of it is malformed).") from None


def _text(value: object) -> str:
    return "" if value is None else unguard_cell(str(value)).strip()


@dataclass
class _Evidence:
    level: str
    basis: str
    rationale: str
    quote_keys: list[str]
    decided_on: str = ""
    decided_by: str = ""


def _rows(ws: Any, limit: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
    for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if number > limit + 1:
            raise _refuse(f"the sheet has more than {limit} rows; split the import.", ws.title)
        yield number, row


def _evidence(wb: Any) -> dict[tuple[str, str], _Evidence]:
    """(role name, responsibility name) → the part's basis, rationale and quote keys."""
    if EVIDENCE not in wb.sheetnames:
        return {}
    found: dict[tuple[str, str], _Evidence] = {}
    columns: dict[str, int] = {}
    for number, row in _rows(wb[EVIDENCE], MAX_ROWS * 10):
        if number == 1:
            columns = {_text(name): i for i, name in enumerate(row) if name is not None}
            continue
        values = {
            name: _text(row[index]) if index < len(row) else "" for name, index in columns.items()
        }
        found[(values.get("Role", ""), values.get("Responsibility", ""))] = _Evidence(
            values.get("Level", ""),
            values.get("Basis", ""),
            values.get("Rationale", ""),
            values.get("Quote keys", "").split(),
            values.get("Decided on", ""),
            values.get("Decided by", ""),
        )
    return found


def read_workbook(
    data: bytes,
    *,
    map_slug: str,
    map_name: str,
    description: str = "",
    role_map: RoleMap | None = None,
) -> dict:
    """The role-map document the workbook's Matrix sheet describes, for `map_slug`.

    `role_map`: the map when it exists (its own roles and responsibilities are known by
    name; a reference map keeps every evidence rule); a new map is a team map, where a letter
    changed in the sheet becomes the team's decision (basis agreed).
    Raises WorkbookRefused with every problem found, each naming its sheet and cell.
    """
    wb = open_workbook(data)
    try:
        if MATRIX not in wb.sheetnames:
            raise _refuse(f"the workbook has no sheet named “{MATRIX}”.")
        return _document(
            wb, map_slug=map_slug, map_name=map_name, description=description, role_map=role_map
        )
    finally:
        wb.close()


def _visible(model: Any, role_map: RoleMap | None) -> Any:
    if role_map is None:
        return model.objects.filter(map__isnull=True)
    return model.objects.visible_in(role_map)


def _document(
    wb: Any, *, map_slug: str, map_name: str, description: str, role_map: RoleMap | None
) -> dict:
    problems: list[Problem] = []
    team = role_map is None or role_map.is_team
    roles_by_name = {
        name: slug for slug, name in _visible(Role, role_map).values_list("slug", "name")
    }
    duties = dict(_visible(Responsibility, role_map).values_list("name", "slug"))
    evidence = _evidence(wb)
    assignments: list[dict] = []
    header: list[tuple[int, str, str | None]] = []  # (column, role name, role slug)
    for number, row in _rows(wb[MATRIX], MAX_ROWS):
        if number == 1:
            header = _header(row, roles_by_name, problems)
            continue
        name = _text(row[0] if row else None)
        if not name and not any(_text(v) for v in row):
            continue  # an empty line
        slug = duties.get(name)
        if slug is None:
            problems.append(
                Problem(
                    f"{MATRIX}!A{number}",
                    f"“{name}” is not a responsibility this map shows (the shared ones and "
                    "its own); use the names of the exported sheet.",
                )
            )
            continue
        accountable: str | None = None
        for column, role_name, role_slug in header:
            raw = _text(row[column - 1] if column - 1 < len(row) else None)
            if not raw:
                continue
            where = f"{MATRIX}!{get_column_letter(column)}{number}"
            letter = raw.upper()
            if letter not in LEVEL_LETTERS:
                problems.append(Problem(where, f"“{raw}” is not a level; use A, R, C, I or N."))
                continue
            if letter == Level.ACCOUNTABLE:
                if accountable:
                    problems.append(
                        Problem(
                            where,
                            f"a second A in “{name}” ({accountable} is already A); a "
                            "responsibility has one Accountable role.",
                        )
                    )
                    continue
                accountable = where.split("!")[1]
            if role_slug is None:
                continue  # the header's problem is already listed
            known = evidence.get((role_name, name))
            decided_on, decided_by = "", ""
            if known is not None and known.level == letter:
                basis, rationale, keys = known.basis, known.rationale, known.quote_keys
                decided_on, decided_by = known.decided_on, known.decided_by
            elif team:
                # The team's own decision: it needs no quote, and says where it came from.
                basis, keys = Basis.AGREED, []
                rationale = (known.rationale if known and known.basis == Basis.AGREED else "") or (
                    f"Changed from {known.level} to {letter} in a spreadsheet import."
                    if known and known.level
                    else f"Set to {letter} in a spreadsheet import."
                )
            else:
                basis, rationale, keys = Basis.DESCRIBED, "", []
            assignments.append(
                {
                    CELL: where,
                    "role": role_slug,
                    "responsibility": slug,
                    "level": letter,
                    "basis": basis,
                    "rationale": rationale,
                    "decided_on": decided_on or None,
                    "decided_by": decided_by,
                    "note": "",
                    "quotes": keys,
                }
            )
    if problems:
        raise WorkbookRefused(problems)
    _drop_unknown_quotes(assignments)
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "map": _map_header(role_map, map_slug, map_name, description),
        "assignments": assignments,
    }


def _map_header(role_map: RoleMap | None, slug: str, name: str, description: str) -> dict:
    """The document's map: an existing map keeps its kind, status, review fields and the map
    it is based on; a new one is a published team map."""
    if role_map is None:
        return {
            "slug": slug,
            "name": name,
            "description": description,
            "based_on": None,
            "kind": MapKind.TEAM,
            "status": MapStatus.PUBLISHED,
        }
    return {
        "slug": slug,
        "name": name,
        "description": description,
        "based_on": role_map.based_on.slug if role_map.based_on else None,
        "kind": role_map.kind,
        "status": role_map.status,
        "last_reviewed": role_map.last_reviewed.isoformat() if role_map.last_reviewed else None,
        "review_every_days": role_map.review_every_days,
    }


def _header(
    row: tuple[Any, ...], roles_by_name: dict[str, str], problems: list[Problem]
) -> list[tuple[int, str, str | None]]:
    header = []
    names = list(row[FIRST_ROLE_COLUMN - 1 :])
    if len(names) > MAX_ROLES:
        problems.append(Problem(f"{MATRIX}!1", f"more than {MAX_ROLES} role columns."))
        return []
    seen: set[str] = set()
    for offset, raw in enumerate(names):
        column = FIRST_ROLE_COLUMN + offset
        name = _text(raw)
        if not name:
            continue
        where = f"{MATRIX}!{get_column_letter(column)}1"
        slug = roles_by_name.get(name)
        if slug is None:
            problems.append(
                Problem(
                    where,
                    f"“{name}” is not a role this map shows (the shared ones and its own); "
                    "use the exported names.",
                )
            )
        elif name in seen:
            problems.append(Problem(where, f"“{name}” has two columns."))
            slug = None
        seen.add(name)
        header.append((column, name, slug))
    return header


def _drop_unknown_quotes(assignments: list[dict]) -> None:
    """Keep only quote keys that exist (one query): an edited key counts as no evidence,
    which the evidence rules then judge like any part without a quote."""
    wanted = {key for a in assignments for key in a["quotes"]}
    known = set(Quote.objects.filter(key__in=wanted).values_list("key", flat=True))
    for assignment in assignments:
        assignment["quotes"] = sorted(k for k in assignment["quotes"] if k in known)
