"""A map or a comparison as an XLSX workbook: the one writer every entry point uses.

Sheets: *Matrix* (responsibilities as rows with their area and kind, roles as columns, the
letter in each cell filled with its level's colour and its basis shown by the font), *Evidence*
(one row per part with rationale, quotes and citations), *Health* (roles/health.py), *Legend*
and *About*. The header row and first column are frozen, the header carries an AutoFilter and
every level cell a list of the allowed letters, so the sheet behaves in a workshop as a
hand-made RACI sheet would, and `editing/interchange/xlsx.py` can read it back.

Written in openpyxl's write-only (streaming) mode: rows come from an iterator that reads the
database a chunk of responsibilities at a time as plain tuples (roles/xlsx_rows.py), each
sheet is spooled to a temporary file as it is written, so memory stays flat whatever the
map's size. The two large sheets write their rows without per-cell objects
(roles/xlsx_stream.py; docs/performance.md has the figures).

Every text cell passes the same formula guard as the CSVs (responsibilities/spreadsheet.py)
and is stored as a string, never as a formula.
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from responsibilities.levels import Basis, Level

from .comparison import Comparison
from .health import Health
from .models import RoleMap
from .xlsx_rows import XPart, XRow, comparison_rows, map_roles, map_rows
from .xlsx_stream import Styled, guarded, save, stream_sheet

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MATRIX, EVIDENCE, HEALTH, LEGEND, ABOUT = "Matrix", "Evidence", "Health", "Legend", "About"
# Columns before the roles on the Matrix sheet: the import reads roles from FIRST_ROLE_COLUMN.
MATRIX_FIXED = ("Responsibility", "Area", "Kind")
FIRST_ROLE_COLUMN = len(MATRIX_FIXED) + 1
LEVEL_LETTERS = ("A", "R", "C", "I", "N")

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


# --- The workbook ---------------------------------------------------------------------------


def _text(ws: Any, value: object, **style: Any) -> Styled | str | None:
    """A guarded text with a style, if any (the small sheets): a few per sheet."""
    return Styled.register(ws, value, **style) if style else guarded(value)


class _LevelCells:
    """The level cells of the Matrix sheet: one `Styled` per (level, basis), registered with
    the workbook the first time it is needed and shared by every cell that shows it."""

    def __init__(self, ws: Any):
        self.ws = ws
        self.styles: dict[tuple[str, str], Styled] = {}

    def __call__(self, part: XPart | None) -> Styled | None:
        if part is None:
            return None
        key = (part.level, part.basis)
        try:
            return self.styles[key]
        except KeyError:
            styled = self.styles[key] = Styled.register(
                self.ws,
                part.level,
                fill=PatternFill("solid", fgColor=LEVEL_FILLS.get(part.level, "FFFFFFFF")),
                font=level_font(part.level, part.basis),
                alignment=CENTRE,
            )
            return styled


def header_cells(ws: Any, names: Iterable[str]) -> list[Styled]:
    """A header row: bold on grey, wrapped (every sheet's first row)."""
    return [
        Styled.register(ws, name, font=HEADER_FONT, fill=HEADER_FILL, alignment=WRAP)
        for name in names
    ]


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


EVIDENCE_COLUMNS = (
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
)
YES_NO = {True: "yes", False: "no"}


class Texts(dict[str, str | None]):
    """Guarded texts of the values that repeat (names, areas, levels, bases, dates), each
    guarded once: a map has few of them and many cells."""

    def __missing__(self, value: str) -> str | None:
        text = self[value] = guarded(value)
        return text


def _evidence_row(row: XRow, part: XPart, texts: Texts) -> list[str | None]:
    quotes = part.quotes
    return [
        texts[part.role],
        texts[row.responsibility],
        texts[row.area],
        texts[part.level],
        texts[part.basis],
        guarded(part.rationale),
        guarded("\n\n".join(f"“{text}”" for text, _ in quotes)) if quotes else None,
        guarded("\n\n".join(citation for _, citation in quotes)) if quotes else None,
        YES_NO[part.disputed],
        YES_NO[part.departs],
        guarded(" ".join(part.quote_keys)),
        texts[part.decided_on],
        guarded(part.decided_by),
    ]


def write_workbook(
    out: IO[bytes],
    *,
    roles: Sequence[str],
    rows: Iterable[XRow],
    health: Health | None,
    about: Sequence[tuple[str, str]],
) -> int:
    """Write the five sheets to `out`; returns the number of responsibility rows written.
    Matrix and Evidence are `StreamSheet`s (roles/xlsx_stream.py): a row at a time, no
    per-cell objects, the repeated texts guarded once."""
    wb = Workbook(write_only=True)
    matrix = matrix_sheet(wb, roles)
    evidence = stream_sheet(wb, EVIDENCE)
    for index, (_name, width) in enumerate(EVIDENCE_COLUMNS, start=1):
        evidence.column_dimensions[get_column_letter(index)].width = width
    evidence.freeze_panes = "C2"
    evidence.append(header_cells(evidence, [name for name, _ in EVIDENCE_COLUMNS]))
    count = evidence_count = 0
    level_cell = _LevelCells(matrix)
    texts = Texts()
    for row in rows:
        count += 1
        matrix.append(
            [
                texts[row.responsibility],
                texts[row.area],
                texts[row.kind.replace("-", " ")],
                *[None if part is None else level_cell(part) for part in row.cells],
            ]
        )
        for part in row.cells:
            if part is not None:
                evidence_count += 1
                evidence.append(_evidence_row(row, part, texts))
        if count % 1000 == 0:
            texts.clear()  # names repeat within a chunk of rows, not across the map
    finish_matrix_sheet(matrix, roles, count)
    evidence.auto_filter.ref = f"A1:M{evidence_count + 1}"
    _health_sheet(wb, health)
    _legend_sheet(wb)
    about_sheet(wb, about)
    save(wb, out)
    return count


def matrix_sheet(wb: Workbook, roles: Sequence[str]) -> Any:
    """The Matrix sheet (a StreamSheet) with its column widths, the header row and first
    column frozen, and the header row written: responsibility, area, kind, the roles."""
    matrix = stream_sheet(wb, MATRIX)
    for letter, width in zip("ABC", (48, 26, 15), strict=True):
        matrix.column_dimensions[letter].width = width
    for index in range(len(roles)):
        matrix.column_dimensions[get_column_letter(FIRST_ROLE_COLUMN + index)].width = 12
    matrix.freeze_panes = "B2"
    matrix.append(header_cells(matrix, [*MATRIX_FIXED, *roles]))
    return matrix


def finish_matrix_sheet(matrix: Any, roles: Sequence[str], count: int) -> None:
    """Once its `count` rows are written: the AutoFilter over the sheet and the list of
    allowed letters on every level cell."""
    last_column = get_column_letter(len(MATRIX_FIXED) + max(len(roles), 1))
    last_row = count + 1
    matrix.auto_filter.ref = f"A1:{last_column}{last_row}"
    if roles:
        matrix.data_validations.append(_letter_validation(last_column, last_row))


def _letter_validation(last_column: str, last_row: int) -> DataValidation:
    letters = DataValidation(
        type="list",
        formula1='"' + ",".join(LEVEL_LETTERS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not a level",
        error="Use A, R, C, I or N, or leave the cell empty (not stated).",
    )
    letters.add(f"{get_column_letter(FIRST_ROLE_COLUMN)}2:{last_column}{max(last_row, 2)}")
    return letters


def _health_sheet(wb: Workbook, health: Health | None) -> None:
    ws = stream_sheet(wb, HEALTH)
    for letter, width in zip("ABCDEF", (10, 34, 60, 60, 40, 30), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.append(header_cells(ws, ["Severity", "Kind", "Finding", "What to do", "Rows", "Roles"]))
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


def level_legend(wb: Workbook, basis: str) -> Any:
    """The Legend sheet's head, shared by both workbooks: one row per level in its own fill,
    its letter in the font of `basis` (Described for the evidence workbook, none for the
    plain grid, which reads no basis), then the empty cell. Returns the sheet, for rows that
    only one workbook has."""
    ws = stream_sheet(wb, LEGEND)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 80
    ws.append(header_cells(ws, ["Mark", "Meaning"]))
    for level in Level:
        ws.append(
            [
                _text(
                    ws,
                    level.value,
                    fill=PatternFill("solid", fgColor=LEVEL_FILLS[level]),
                    font=level_font(level.value, basis),
                    alignment=CENTRE,
                ),
                _text(ws, f"{level.label}"),
            ]
        )
    ws.append([_text(ws, "(empty)"), _text(ws, "Not stated: the sources say nothing about it.")])
    return ws


def _legend_sheet(wb: Workbook) -> None:
    ws = level_legend(wb, Basis.DESCRIBED)
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


def about_sheet(wb: Workbook, about: Sequence[tuple[str, str]]) -> None:
    ws = stream_sheet(wb, ABOUT)
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
