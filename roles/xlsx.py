"""A map or a comparison as an XLSX workbook: the one writer every entry point uses.

Sheets: *Matrix* (responsibilities as rows with their area and kind, roles as columns, the
letter in each cell filled with its level's colour and its basis shown by the font), *Evidence*
(one row per part with rationale, quotes and citations), *Health* (roles/health.py), *Legend*
and *About*. The header row and first column are frozen, the header carries an AutoFilter and
every level cell a list of the allowed letters, so the sheet behaves in a workshop as a
hand-made RACI sheet would, and `editing/interchange/xlsx.py` can read it back.

Written in openpyxl's write-only (streaming) mode: rows come from an iterator that reads the
database a chunk of responsibilities at a time (`map_rows`), each sheet is spooled to a
temporary file as it is written, so memory stays flat whatever the map's size.

Every text cell passes the same formula guard as the CSVs (responsibilities/spreadsheet.py)
and is stored as a string, never as a formula.
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from copy import copy
from dataclasses import dataclass, field
from typing import IO, Any

from django.db.models import Prefetch
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from responsibilities.levels import Basis, Level
from responsibilities.models import Assignment, Dispute, Quote, Responsibility
from responsibilities.spreadsheet import guard_cell

from .comparison import Comparison
from .departs import departures
from .health import Health
from .models import Role, RoleMap

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MATRIX, EVIDENCE, HEALTH, LEGEND, ABOUT = "Matrix", "Evidence", "Health", "Legend", "About"
# Columns before the roles on the Matrix sheet: the import reads roles from FIRST_ROLE_COLUMN.
MATRIX_FIXED = ("Responsibility", "Area", "Kind")
FIRST_ROLE_COLUMN = len(MATRIX_FIXED) + 1
LEVEL_LETTERS = ("A", "R", "C", "I", "N")
# Rows of responsibilities read from the database at a time.
CHUNK = 500
# Excel refuses longer cell texts.
CELL_LIMIT = 32_000

# The level colours of static/css/grid.css, as ARGB fills.
LEVEL_FILLS: dict[str, str] = {
    Level.ACCOUNTABLE: "FF1F4E79",
    Level.RESPONSIBLE: "FF5B9BD5",
    Level.CONSULTED: "FFBDD7EE",
    Level.INFORMED: "FFDEEBF7",
    Level.NO_PART: "FFE7E6E6",
}
WHITE_TEXT = {Level.ACCOUNTABLE, Level.RESPONSIBLE}
AGREED = "agreed"  # the team-map basis (a team's own decision)
BASIS_WORDS = {
    Basis.STATED: "bold: a source says it in so many words",
    Basis.DESCRIBED: "regular: a source describes the role doing the work",
    Basis.INFERRED: "italic: read from context, not said outright",
    AGREED: "bold, double underline: the team's own decision, not a source's",
}
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="FFF2F2F2")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="center")


@dataclass
class XPart:
    """One role's part in one responsibility, as the sheets show it."""

    role: str
    level: str
    basis: str
    rationale: str = ""
    quotes: list[tuple[str, str]] = field(default_factory=list)  # (text, citation)
    quote_keys: list[str] = field(default_factory=list)
    decided_on: str = ""  # agreed parts: when and by whom the team decided
    decided_by: str = ""
    disputed: bool = False
    departs: bool = False


@dataclass
class XRow:
    responsibility: str
    area: str
    kind: str
    cells: list[XPart | None]


# --- Rows from the database -----------------------------------------------------------------


def map_roles(role_map: RoleMap) -> list[Role]:
    """The columns of a map's sheet, in the matrix's order: the shared roles and its own."""
    return list(Role.objects.visible_in(role_map).order_by("order", "name"))


def map_rows(role_map: RoleMap, roles: Sequence[Role], *, chunk: int = CHUNK) -> Iterator[XRow]:
    """Every responsibility the map shows, in matrix order, read `chunk` rows at a time:
    two queries first (dispute roles, ordered ids), then four per chunk (disputed parts, rows,
    their parts, the parts' quotes with sources); a team map adds its departures from the
    sources (roles/departs.py: one query per chunk, and the sources' map once)."""
    disputants = _disputants()
    ids = list(
        Responsibility.objects.visible_in(role_map)
        .order_by("area__order", "area__name", "order", "name")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), chunk):
        batch = ids[start : start + chunk]
        disputed = _disputed(batch, disputants)
        parts = (
            Assignment.objects.filter(role_map=role_map)
            .only(
                *("id", "role_id", "responsibility_id", "level", "basis", "rationale"),
                *("decided_on", "decided_by"),
            )
            .prefetch_related(Prefetch("quotes", queryset=Quote.objects.with_source()))
        )
        rows = (
            Responsibility.objects.filter(pk__in=batch)
            .select_related("area")
            .only("id", "name", "kind", "order", "map_id", "area__name", "area__order")
            .prefetch_related(Prefetch("assignments", queryset=parts, to_attr="sheet_parts"))
            .order_by("area__order", "area__name", "order", "name")
        )
        loaded = list(rows)
        ids_here = [a.pk for r in loaded for a in r.sheet_parts]
        departing = departures(role_map, ids=ids_here) if role_map.is_team and ids_here else {}
        for responsibility in loaded:
            parts_here: list[Assignment] = responsibility.sheet_parts
            by_role = {a.role_id: a for a in parts_here}
            cells: list[XPart | None] = []
            for role in roles:
                assignment = by_role.get(role.pk)
                if assignment is None:
                    cells.append(None)
                    continue
                departs = assignment.pk in departing
                cells.append(
                    _part(role.name, assignment, (responsibility.pk, role.pk) in disputed, departs)
                )
            yield XRow(responsibility.name, responsibility.area.name, responsibility.kind, cells)


def _disputants() -> dict[int, set[int]]:
    """{dispute id: ids of the roles it involves} (one query; disputes are few)."""
    disputants: dict[int, set[int]] = {}
    for dispute_id, role_id in Dispute.roles.through.objects.values_list("dispute_id", "role_id"):
        disputants.setdefault(dispute_id, set()).add(role_id)
    return disputants


def _disputed(ids: Sequence[int], disputants: dict[int, set[int]]) -> set[tuple[int, int]]:
    """(responsibility id, role id) of the parts a dispute is about (one query)."""
    disputed: set[tuple[int, int]] = set()
    for resp_id, dispute_id in Dispute.responsibilities.through.objects.filter(
        responsibility_id__in=list(ids)
    ).values_list("responsibility_id", "dispute_id"):
        disputed |= {(resp_id, role_id) for role_id in disputants.get(dispute_id, ())}
    return disputed


def _part(role: str, assignment: Assignment, disputed: bool, departs: bool) -> XPart:
    quotes = list(assignment.quotes.all())
    return XPart(
        role=role,
        level=assignment.level,
        basis=assignment.basis,
        rationale=assignment.rationale,
        quotes=[(q.text, q.source.citation) for q in quotes],
        quote_keys=[q.key for q in quotes],
        decided_on=assignment.decided_on.isoformat() if assignment.decided_on else "",
        decided_by=assignment.decided_by,
        disputed=disputed,
        departs=departs,
    )


def comparison_rows(comparison: Comparison) -> Iterator[XRow]:
    """A comparison's responsibilities, then its shared qualities (kind column apart)."""
    rows = [*comparison.rows, *comparison.qualities]
    disputed = _disputed([row.responsibility.pk for row in rows], _disputants())
    for row in rows:
        responsibility = row.responsibility
        yield XRow(
            responsibility.name,
            responsibility.area.name,
            responsibility.kind,
            [
                None
                if cell.assignment is None
                else _part(
                    cell.role.name,
                    cell.assignment,
                    (responsibility.pk, cell.role.pk) in disputed,
                    False,
                )
                for cell in row.cells
            ],
        )


# --- The workbook ---------------------------------------------------------------------------


def _guarded(value: object) -> str | None:
    """Text for a cell: the formula guard (so it never starts with `=` and openpyxl never
    writes it as a formula), cut to what Excel accepts; None (no cell at all) for nothing."""
    if value is None or value == "":
        return None
    text = guard_cell(value)
    if len(text) > CELL_LIMIT:
        text = text[: CELL_LIMIT - 1] + "…"
    return text


def _text(ws: Any, value: object, **style: Any) -> Cell:
    """A guarded string cell with a style (headers, legend): a few per sheet."""
    cell = WriteOnlyCell(ws, value=_guarded(value))
    cell.data_type = "s"
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


class _LevelCells:
    """Level cells by the thousand: each (level, basis) style is registered with the workbook
    once, on a prototype cell, and copied (setting a style per cell re-hashes it, which made
    a large map's export several times slower)."""

    def __init__(self, ws: Any):
        self.ws = ws
        self.styles: dict[tuple[str, str], Any] = {}

    def __call__(self, part: XPart | None) -> Cell | None:
        if part is None:
            return None
        key = (part.level, part.basis)
        if key not in self.styles:
            prototype = _text(
                self.ws,
                part.level,
                fill=PatternFill("solid", fgColor=LEVEL_FILLS.get(part.level, "FFFFFFFF")),
                font=level_font(part.level, part.basis),
                alignment=CENTRE,
            )
            # StyleArray: the style's indexes in the workbook's tables (openpyxl's own copy).
            self.styles[key] = getattr(prototype, "_style")  # noqa: B009
        cell = WriteOnlyCell(self.ws, value=_guarded(part.level))
        cell.data_type = "s"
        setattr(cell, "_style", copy(self.styles[key]))  # noqa: B010
        return cell


def _header(ws: Any, names: Iterable[str]) -> list[Cell]:
    return [_text(ws, name, font=HEADER_FONT, fill=HEADER_FILL, alignment=WRAP) for name in names]


def level_font(level: str, basis: str) -> Font:
    """The basis made visible on a level cell: bold (stated), regular (described), italic
    (inferred), bold with a double underline (agreed)."""
    colour = "FFFFFFFF" if level in WHITE_TEXT else "FF000000"
    return Font(
        color=colour,
        bold=basis in (Basis.STATED, AGREED),
        italic=basis == Basis.INFERRED,
        underline="double" if basis == AGREED else None,
    )


def _plain(value: str) -> str:
    return value.replace("-", " ")


def write_workbook(
    out: IO[bytes],
    *,
    roles: Sequence[str],
    rows: Iterable[XRow],
    health: Health | None,
    about: Sequence[tuple[str, str]],
) -> int:
    """Write the five sheets to `out`; returns the number of responsibility rows written."""
    wb = Workbook(write_only=True)
    matrix, evidence = wb.create_sheet(MATRIX), wb.create_sheet(EVIDENCE)
    last_column = get_column_letter(len(MATRIX_FIXED) + max(len(roles), 1))
    for letter, width in zip("ABC", (48, 26, 15), strict=True):
        matrix.column_dimensions[letter].width = width
    for index in range(len(roles)):
        matrix.column_dimensions[get_column_letter(FIRST_ROLE_COLUMN + index)].width = 12
    matrix.freeze_panes = "B2"
    evidence_columns = [
        ("Role", 22),
        ("Responsibility", 40),
        ("Area", 22),
        ("Level", 8),
        ("Basis", 11),
        ("Rationale", 40),
        ("Quotes", 60),
        ("Sources", 50),
        ("Disputed", 10),
        ("Departs from the sources", 12),
        ("Quote keys", 30),
        ("Decided on", 12),
        ("Decided by", 30),
    ]
    for index, (_name, width) in enumerate(evidence_columns, start=1):
        evidence.column_dimensions[get_column_letter(index)].width = width
    evidence.freeze_panes = "C2"
    matrix.append(_header(matrix, [*MATRIX_FIXED, *roles]))
    evidence.append(_header(evidence, [name for name, _ in evidence_columns]))
    count = evidence_count = 0
    level_cell = _LevelCells(matrix)
    for row in rows:
        count += 1
        matrix.append(
            [
                _guarded(row.responsibility),
                _guarded(row.area),
                _guarded(_plain(row.kind)),
                *[level_cell(part) for part in row.cells],
            ]
        )
        for part in row.cells:
            if part is None:
                continue
            evidence_count += 1
            evidence.append(
                [
                    _guarded(value)
                    for value in (
                        part.role,
                        row.responsibility,
                        row.area,
                        part.level,
                        part.basis,
                        part.rationale,
                        "\n\n".join(f"“{text}”" for text, _ in part.quotes),
                        "\n\n".join(citation for _, citation in part.quotes),
                        "yes" if part.disputed else "no",
                        "yes" if part.departs else "no",
                        " ".join(part.quote_keys),
                        part.decided_on,
                        part.decided_by,
                    )
                ]
            )
    last_row = count + 1
    matrix.auto_filter.ref = f"A1:{last_column}{last_row}"
    evidence.auto_filter.ref = f"A1:M{evidence_count + 1}"
    if roles:
        letters = DataValidation(
            type="list",
            formula1='"' + ",".join(LEVEL_LETTERS) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Not a level",
            error="Use A, R, C, I or N, or leave the cell empty (not stated).",
        )
        letters.add(f"{get_column_letter(FIRST_ROLE_COLUMN)}2:{last_column}{max(last_row, 2)}")
        matrix.data_validations.append(letters)
    _health_sheet(wb, health)
    _legend_sheet(wb)
    _about_sheet(wb, about)
    wb.save(out)
    return count


def _health_sheet(wb: Workbook, health: Health | None) -> None:
    ws = wb.create_sheet(HEALTH)
    for letter, width in zip("ABCDEF", (10, 34, 60, 60, 40, 30), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.append(_header(ws, ["Severity", "Kind", "Finding", "What to do", "Rows", "Roles"]))
    if health is None:
        ws.append([_text(ws, "Health is checked for a whole map, not for a comparison.")])
        return
    for finding in health.findings:
        ws.append(
            [
                _text(ws, value, alignment=WRAP)
                for value in (
                    finding.severity,
                    finding.title,
                    finding.message,
                    finding.advice,
                    "; ".join(r.name for r in finding.rows),
                    "; ".join(r.name for r in finding.roles),
                )
            ]
        )
    ws.auto_filter.ref = f"A1:F{len(health.findings) + 1}"


def _legend_sheet(wb: Workbook) -> None:
    ws = wb.create_sheet(LEGEND)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 80
    ws.append(_header(ws, ["Mark", "Meaning"]))
    for level in Level:
        ws.append(
            [
                _text(
                    ws,
                    level.value,
                    fill=PatternFill("solid", fgColor=LEVEL_FILLS[level]),
                    font=level_font(level.value, Basis.DESCRIBED),
                    alignment=CENTRE,
                ),
                _text(ws, f"{level.label}"),
            ]
        )
    ws.append([_text(ws, "(empty)"), _text(ws, "Not stated: the sources say nothing about it.")])
    for basis, words in BASIS_WORDS.items():
        ws.append(
            [
                _text(ws, str(basis), font=level_font(Level.CONSULTED, str(basis))),
                _text(ws, f"Basis {basis}: {words}"),
            ]
        )
    ws.append(
        [
            _text(ws, "Disputed"),
            _text(ws, "Evidence sheet: the sources disagree about this role's part here."),
        ]
    )
    ws.append(
        [
            _text(ws, "Departs"),
            _text(ws, "Evidence sheet: the team's part differs from what the sources say."),
        ]
    )


def _about_sheet(wb: Workbook, about: Sequence[tuple[str, str]]) -> None:
    ws = wb.create_sheet(ABOUT)
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 80
    exported = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    for label, value in [*about, ("Exported", exported)]:
        ws.append([_text(ws, label, font=HEADER_FONT), _text(ws, value)])


def map_about(role_map: RoleMap, address: str) -> list[tuple[str, str]]:
    """The About sheet of a map: name, kind, status, review, address."""
    last = role_map.last_reviewed
    due = role_map.review_due_on
    review = last.isoformat() if last else "never"
    if due is not None:
        review += f" (next review due {due.isoformat()})"
    return [
        ("Map", f"{role_map.name} ({role_map.slug})"),
        ("Kind", str(role_map.get_kind_display())),
        ("Status", str(role_map.get_status_display())),
        ("Last reviewed", review),
        ("Address", address),
    ]


def write_map(out: IO[bytes], *, role_map: RoleMap, health: Health, address: str) -> int:
    """A whole map's workbook (rows streamed from the database)."""
    roles = map_roles(role_map)
    return write_workbook(
        out,
        roles=[r.name for r in roles],
        rows=map_rows(role_map, roles),
        health=health,
        about=map_about(role_map, address),
    )


def write_comparison(
    out: IO[bytes], *, comparison: Comparison, role_map: RoleMap, address: str
) -> int:
    """A comparison's workbook: its roles as columns, no Health (that is a map's)."""
    about = [
        ("Comparison", " vs ".join(r.name for r in comparison.roles)),
        *map_about(role_map, address),
    ]
    return write_workbook(
        out,
        roles=[r.name for r in comparison.roles],
        rows=comparison_rows(comparison),
        health=None,
        about=about,
    )


def spooled(write: Callable[[IO[bytes]], object]) -> IO[bytes]:
    """A workbook written by `write`, rewound: kept in memory up to 8 MiB, then on disk (a
    whole map's workbook is tens of MiB), for a response or a file to stream from."""
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (returned open)
    write(out)
    out.seek(0)
    return out
