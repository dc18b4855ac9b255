"""A whole map as a plain-grid workbook: role letters only (`cells=letters` on the workbook
downloads), the cheap sibling of roles/xlsx.py's workbook with the evidence.

Sheets: *Matrix*, as the evidence workbook writes it (the same columns, frozen header and
first column, AutoFilter, a list of the allowed letters on every level cell, each letter
filled with its level's colour) but without the basis shown by the font, since no basis is
read; *Legend* (the letters) and *About* (the map, and what the cells hold). No Evidence
and no Health sheet. The rows come from roles/letters.py (one query, each row's letters
gathered by the database) and are written by roles/xlsx_stream.py's StreamSheet, so memory
stays flat whatever the map's size; every text has the formula guard of the other
downloads (`guarded`).
"""

from __future__ import annotations

from typing import IO

from openpyxl import Workbook
from openpyxl.styles import PatternFill

from responsibilities.levels import Level

from .health import map_health
from .letters import grid_roles, letter_lines
from .models import RoleMap
from .xlsx import (
    CENTRE,
    LEVEL_FILLS,
    Texts,
    about_sheet,
    finish_matrix_sheet,
    level_font,
    level_legend,
    map_about,
    matrix_sheet,
    spooled,
    write_map,
)
from .xlsx_stream import Styled, save

CELLS_ABOUT = (
    "Role letters only (a plain grid). The workbook without cells=letters adds each part's "
    "basis, rationale and quotes, and the map's health."
)


def write_letters_map(out: IO[bytes], *, role_map: RoleMap, address: str) -> int:
    """A whole map's plain-grid workbook; returns the number of responsibility rows."""
    roles = grid_roles(role_map)
    wb = Workbook(write_only=True)
    matrix = matrix_sheet(wb, [name for _, name in roles])
    cells: dict[str, Styled | None] = {"": None}
    for letter in Level.values:  # one style per level, shared by every cell showing it
        cells[letter] = Styled.register(
            matrix,
            letter,
            fill=PatternFill("solid", fgColor=LEVEL_FILLS.get(letter, "FFFFFFFF")),
            font=level_font(letter, ""),
            alignment=CENTRE,
        )
    texts = Texts()
    count = 0
    for area, name, kind, *letters in letter_lines(role_map, roles):
        count += 1
        matrix.append([texts[name], texts[area], texts[kind], *map(cells.__getitem__, letters)])
        if count % 1000 == 0:
            texts.clear()  # names repeat within a chunk of rows, not across the map
    finish_matrix_sheet(matrix, [name for _, name in roles], count)
    level_legend(wb, "")
    about_sheet(wb, [*map_about(role_map, address), ("Cells", CELLS_ABOUT)])
    save(wb, out)
    return count


def write_whole_map(out: IO[bytes], *, role_map: RoleMap, address: str, letters: bool) -> int:
    """The whole map as a workbook, for every door that downloads one (the matrix page, the
    API) and for a prepared download (roles/whole_map.py): the plain grid (`letters`) or the
    evidence with the map's health."""
    if letters:
        return write_letters_map(out, role_map=role_map, address=address)
    return write_map(out, role_map=role_map, health=map_health(role_map), address=address)


def whole_map_workbook(role_map: RoleMap, *, address: str, letters: bool) -> IO[bytes]:
    """write_whole_map in a spooled file, to stream to the reader."""
    return spooled(
        lambda out: write_whole_map(out, role_map=role_map, address=address, letters=letters)
    )
