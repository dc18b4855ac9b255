"""The sheets of the XLSX workbook, written a row at a time with no per-cell objects:
roles/xlsx.py's fast path.

openpyxl's write-only mode streams rows to a temporary file, but it still makes a Cell per
value, checks its type, computes its coordinate and writes it through three nested XML
elements in Python: about 15 µs a cell, so the 1.1 million cells of the benchmark's scale-1
map took far longer than the 10 s allowed. `StreamSheet` is the same write-only worksheet
(views, column widths, AutoFilter and data validation are written by openpyxl as usual,
each element serialised by lxml); only its rows are serialised here, each as one string of
the XML openpyxl writes for inline string cells
(`<c r="D2" s="3" t="inlineStr"><is><t>A</t></is></c>`), so readers see no difference.
The sheet file is written as UTF-8 through `_RawXml`, which answers openpyxl's writer as
lxml's `xmlfile` would.

Values are strings (None: no cell) or `Styled` (a string with a style registered once with
the workbook); every text has passed `guarded` (the CSVs' formula guard, illegal XML
characters removed, cut to what Excel accepts) and is escaped here.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Generator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any
from xml.sax.saxutils import quoteattr
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import tostring

from responsibilities.spreadsheet import FORMULA_STARTS, GUARD, guard_cell

# Excel refuses longer cell texts.
CELL_LIMIT = 32_000
# Control characters XML 1.0 cannot carry (openpyxl's ILLEGAL_CHARACTERS_RE).
ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
RISKY_STARTS = frozenset((*FORMULA_STARTS, GUARD))
# What XML character data must escape (see _escaped); most texts have none of it.
TO_ESCAPE = re.compile("[&<>\r]")
# zlib's fastest level for the workbook's parts: a third of the time of openpyxl's default
# (6) on the scale-1 map's 70 MB of sheet XML, for a file about a quarter larger.
COMPRESS_LEVEL = 1
# Cell tails kept per sheet (_RowWriter.write_row): texts up to this long, this many at most.
KEPT_LENGTH, KEPT_TAILS = 200, 20_000


def guarded(value: object) -> str | None:
    """Text for a cell: the formula guard (so it never starts with `=` and is never read as a
    formula), without characters XML cannot hold, cut to what Excel accepts; None (no cell
    at all) for nothing. Most texts pass three cheap checks and are returned as they are."""
    if value is None or value == "":
        return None
    text = value if isinstance(value, str) else str(value)
    if text[0] in RISKY_STARTS:
        text = guard_cell(text)
    if ILLEGAL.search(text):
        text = ILLEGAL.sub("", text)
    if len(text) > CELL_LIMIT:
        text = text[: CELL_LIMIT - 1] + "…"
    return text or None


@dataclass(frozen=True, slots=True)
class Styled:
    """A guarded text with the index of its style in the workbook's style table; `tail` is
    its cell's XML after the coordinate, made once for every cell that shows it."""

    text: str
    style: str
    tail: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tail", _tail(self.text, f' s="{self.style}"'))

    @classmethod
    def register(cls, ws: Any, text: object, **style: Any) -> Styled:
        """Register a style (font, fill, alignment...) with the workbook once, through a
        prototype cell, for as many cells as use it. An empty text makes a styled empty
        cell, as openpyxl writes one."""
        prototype = WriteOnlyCell(ws)
        for name, setting in style.items():
            setattr(prototype, name, setting)
        return cls(guarded(text) or "", str(prototype.style_id))


def _tail(text: str, style: str = "") -> str:
    """A cell's XML after its coordinate, as openpyxl writes an inline string: the style
    attribute if any, then the text (none: a styled empty cell)."""
    start = f'{style} t="inlineStr"'
    if not text:
        return start + "/>"
    if text[0].isspace() or text[-1].isspace():
        return f'{start}><is><t xml:space="preserve">{_escaped(text)}</t></is></c>'
    return f"{start}><is><t>{_escaped(text)}</t></is></c>"


def _escaped(text: str) -> str:
    """Text as XML character data (a carriage return kept as one, not read as a newline)."""
    if not TO_ESCAPE.search(text):
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;") if "\r" in text else text


class _RawXml:
    """What openpyxl's sheet writer asks of lxml's `xmlfile` (`element` and `write`), writing
    UTF-8 to a file, plus `raw` for the rows that `_RowWriter` serialises itself."""

    def __init__(self, out: IO[bytes]):
        self.raw = out.write

    @contextmanager
    def element(self, tag: str, attrib: dict[str, str] | None = None, **extra: str):
        attributes = {**(attrib or {}), **extra}
        self.raw(
            f"<{tag}{''.join(f' {k}={quoteattr(v)}' for k, v in attributes.items())}>".encode()
        )
        yield
        self.raw(f"</{tag}>".encode())

    def write(self, value: Any) -> None:
        """An element (views, columns, filter, validation ...) or text, as xmlfile writes it."""
        self.raw(_escaped(value).encode() if isinstance(value, str) else tostring(value))


class _RowWriter(WorksheetWriter):
    """openpyxl's sheet writer with a row writer that makes no Cell objects: each row is one
    string, the cells as openpyxl writes inline strings."""

    letters: list[str]
    tails: dict[str, str]

    def get_stream(self) -> Generator[Any, Any, None]:
        """openpyxl's own protocol (send an element to write it, True to borrow the writer,
        None to give it back), over _RawXml instead of lxml's xmlfile."""
        with open(str(self.out), "wb") as out:  # the temporary file WorksheetWriter made
            xf = _RawXml(out)
            with xf.element("worksheet", xmlns=SHEET_MAIN_NS):
                try:
                    while True:
                        element = yield
                        if element is True:
                            yield xf
                        elif element is not None:
                            xf.write(element)
                except GeneratorExit:
                    pass

    def write_row(self, xf: Any, row: Any, row_idx: int) -> None:
        """`row`: what StreamSheet.append was given (guarded strings, Styled, None). The tail
        of a short text's cell is kept (names, areas, levels repeat down a sheet)."""
        values: Sequence[str | Styled | None] = row
        number = str(row_idx)
        if len(values) > len(self.letters):
            self.letters = [get_column_letter(i) for i in range(1, len(values) + 1)]
        tails = self.tails
        cells = [f'<row r="{number}">']
        for letter, value in zip(self.letters, values, strict=False):
            if value is None:
                continue
            if isinstance(value, Styled):
                tail = value.tail
            elif (kept := tails.get(value)) is not None:
                tail = kept
            else:
                tail = _tail(value)
                if len(value) <= KEPT_LENGTH:
                    if len(tails) >= KEPT_TAILS:
                        tails.clear()
                    tails[value] = tail
            cells.append(f'<c r="{letter}{number}"{tail}')
        cells.append("</row>")
        xf.raw("".join(cells).encode())


class StreamSheet(WriteOnlyWorksheet):
    """A write-only worksheet whose `append` takes a list of `guarded` strings, `Styled`
    cells and None, and writes it with `_RowWriter` (no per-cell objects)."""

    def _values_to_row(self, values: Any, row_idx: int) -> Any:
        return values  # _RowWriter.write_row takes the values as they are

    _writer: Any = None

    def _get_writer(self) -> None:
        if self._writer is None:
            writer = _RowWriter(self)
            writer.letters = []
            writer.tails = {}
            self._writer = writer
            writer.write_top()


def stream_sheet(wb: Any, title: str) -> Any:
    """A new StreamSheet at the end of a write-only workbook (what `create_sheet` does).
    Any: openpyxl gives a write-only sheet its views, filter and dimensions at run time."""
    ws = StreamSheet(parent=wb, title=title)
    wb._add_sheet(sheet=ws)
    return ws


def save(wb: Any, out: IO[bytes]) -> None:
    """What `wb.save(out)` does (openpyxl's save_workbook), with the parts deflated at
    COMPRESS_LEVEL instead of zlib's default."""
    wb.properties.modified = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    archive = ZipFile(out, "w", ZIP_DEFLATED, allowZip64=True, compresslevel=COMPRESS_LEVEL)
    ExcelWriter(wb, archive).save()
