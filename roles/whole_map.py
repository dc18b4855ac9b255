"""The whole-map downloads as recipes (roles/prepared.py): what each door offers, under
which name, and how its bytes are written, so that a big map's file is written in the
background by exactly the writer that streams a small map's.

The doors: the matrix page (`/matrix/?format=csv|xlsx`, with `bom=1` and `cells=letters`)
and the API (`/api/v1/matrix/?format=csv`, `/api/v1/maps/{slug}/export.xlsx`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO
from urllib.parse import urlencode

from responsibilities.versioning import Reads, current_version

from .exports import BOM
from .letters import whole_matrix_csv
from .models import RoleMap
from .prepared import Recipe
from .xlsx import CONTENT_TYPE
from .xlsx_letters import write_whole_map

CSV_TYPE = "text/csv; charset=utf-8"
# The query parameters that change a whole-map workbook; the rest of an address is dropped
# from the one a prepared workbook names.
WORKBOOK_PARAMETERS = ("map", "format", "cells")


def canonical_address(absolute_path: str, query: Mapping[str, str]) -> str:
    """`absolute_path` with only the WORKBOOK_PARAMETERS of `query`, in that order."""
    kept = [(name, query[name]) for name in WORKBOOK_PARAMETERS if query.get(name)]
    return absolute_path + ("?" + urlencode(kept) if kept else "")


def map_version(role_map: RoleMap, *, letters: bool) -> str:
    """The data version a whole-map download reads: the evidence and the map, and its
    notes unless it is the plain grid (which shows none)."""
    return current_version(Reads(map_slug=role_map.slug, notes=not letters)).token


def csv_recipe(role_map: RoleMap, *, letters: bool, bom: bool, version: str) -> Recipe:
    """The page's and the API's CSVs are the same bytes under the same name: one file."""
    name, _ = whole_matrix_csv(role_map, letters=letters)  # a generator: nothing read yet

    def write(out: IO[bytes]) -> None:
        if bom:
            out.write(BOM.encode())
        _, lines = whole_matrix_csv(role_map, letters=letters)
        for piece in lines:
            out.write(piece.encode())

    cells = "letters" if letters else "evidence"
    return Recipe(
        what=f"csv {cells}{' bom' if bom else ''}",
        filename=f"{name}.csv",
        content_type=CSV_TYPE,
        address="",
        version=version,
        write=write,
    )


def workbook_name(role_map: RoleMap, *, letters: bool, prefix: str) -> str:
    """`<prefix><map>.xlsx`, `-letters` before the suffix for the plain grid."""
    return f"{prefix}{role_map.slug}{'-letters' if letters else ''}.xlsx"


def workbook_recipe(
    role_map: RoleMap, *, door: str, letters: bool, address: str, filename: str, version: str
) -> Recipe:
    """The workbook names the address it was downloaded from (its About sheet), so the
    address is part of what is kept: the door gives it without the parameters that do not
    change the file (`canonical_address`), or every new query string would be a new build."""

    def write(out: IO[bytes]) -> None:
        write_whole_map(out, role_map=role_map, address=address, letters=letters)

    return Recipe(
        what=f"{door} xlsx {'letters' if letters else 'evidence'}",
        filename=filename,
        content_type=CONTENT_TYPE,
        address=address,
        version=version,
        write=write,
    )
