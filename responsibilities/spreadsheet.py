"""Every CSV the project writes goes through here, so no cell can run as a spreadsheet formula.

Spreadsheets (Excel, LibreOffice, Google Sheets) evaluate a cell that begins with `=`, `+`,
`-` or `@` as a formula (and a leading tab or carriage return can hide one), so a role
name such as `=HYPERLINK("http://evil", "click")` in a download would run on an editor's
machine (CSV or "formula" injection). OWASP's advice: prefix such a cell with `'`, which
spreadsheets read as "this is text" and do not show.

The prefix is also put before a cell that already begins with `'`, so `unguard_cell` can
take exactly one off again: files that pmroles reads back (the interchange CSV) round-trip.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


_GUARDED_FIRST = frozenset((*FORMULA_STARTS, GUARD))
# A row's cells joined by this separator, with one in front: a cell that could start a
# formula shows as the separator followed by one of those characters (a separator inside a
# cell can only add a false alarm, never hide a cell).
_SEPARATOR = "\x1f"
_RISKY_START = re.compile(_SEPARATOR + "[" + re.escape("".join(sorted(_GUARDED_FIRST))) + "]")


def guard_cell(value: Any) -> str:
    """The cell as text, with `'` in front when a spreadsheet would treat it as a formula.

    Called for every cell of every export (a million for a large map's matrix), so the
    common case is one type check and one set lookup of the first character.
    """
    text = value if type(value) is str else ("" if value is None else str(value))
    if text and text[0] in _GUARDED_FIRST:
        return GUARD + text
    return text


def unguard_cell(text: str) -> str:
    """The value `guard_cell` was given (for files pmroles writes and reads back)."""
    return text[1:] if text.startswith(GUARD) else text


class GuardedWriter:
    """csv.writer whose every cell passes through guard_cell."""

    def __init__(self, out, **kwargs):
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row: Iterable[Any]) -> None:
        # A whole-map matrix is millions of cells, nearly all empty or plain words. A row
        # whose cells are all text is joined and searched once, in C; when no cell can
        # start a formula it is written as it is (a quarter of the cell-by-cell cost).
        # Other rows take the cell-by-cell path, which touches only cells that could start
        # a formula. Either way each cell is written exactly as guard_cell would have it.
        cells = row if type(row) in (list, tuple) else list(row)
        try:
            joined = _SEPARATOR + _SEPARATOR.join(cells)
        except TypeError:  # a cell that is not text (None, a number)
            joined = None
        if joined is not None and _RISKY_START.search(joined) is None:
            self._writer.writerow(cells)
            return
        self._writer.writerow(
            [
                cell
                if type(cell) is str and (not cell or cell[0] not in _GUARDED_FIRST)
                else guard_cell(cell)
                for cell in cells
            ]
        )

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_cell(value: Any) -> str:
    """One cell as csv_writer writes it: guarded, then quoted where Python's default (excel)
    dialect quotes, a quote doubled. For a writer that assembles its lines itself
    (roles/csv_rows.py: a whole map's line is hundreds of cells, nearly all empty, and only
    its filled cells are made here), so that the csv module's walk over every character of
    every line is not paid; tests/domain/test_csv_injection.py holds the two to the same
    text."""
    text = guard_cell(value)
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    if "," in text or "\n" in text or "\r" in text:
        return '"' + text + '"'
    return text


def csv_line(cells: Sequence[str]) -> str:
    """A line of cells each made by csv_cell, as csv_writer would end it. (A line of one
    empty cell is written `""`, as the csv module does, so that it is not an empty line.)"""
    if len(cells) == 1 and not cells[0]:
        return '""\r\n'
    return ",".join(cells) + "\r\n"


def csv_writer(out, **kwargs) -> GuardedWriter:
    """The only way pmroles writes CSV (tests/domain/test_csv_injection.py checks for others)."""
    return GuardedWriter(out, **kwargs)
