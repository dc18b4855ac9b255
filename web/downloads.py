"""Spreadsheet downloads of the pages: XLSX workbooks (roles/xlsx.py, one writer for every
door) and the `bom=1` option of the CSVs (Excel on Windows reads UTF-8 only after a BOM)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.http import FileResponse, HttpRequest

from roles.comparison import Comparison
from roles.exports import BOM
from roles.inputs import InputError
from roles.models import RoleMap
from roles.xlsx import CONTENT_TYPE, spooled, write_comparison
from roles.xlsx_letters import whole_map_workbook


def wants_bom(request: HttpRequest) -> bool:
    """`bom=1` asks for a UTF-8 byte order mark; `bom=0` or none for none."""
    raw = request.GET.get("bom", "")
    if raw not in ("", "0", "1"):
        raise InputError(f"bom “{raw}” must be 1 (start with a byte order mark) or 0.", field="bom")
    return raw == "1"


def with_bom(chunks: Iterable[str], bom: bool) -> Iterator[str]:
    if bom:
        yield BOM
    yield from chunks


def _workbook(body, filename: str) -> FileResponse:
    return FileResponse(body, as_attachment=True, filename=filename, content_type=CONTENT_TYPE)


def map_workbook(request: HttpRequest, role_map: RoleMap, *, letters: bool = False) -> FileResponse:
    """The whole map, with its evidence and health, as a workbook (streamed from a spooled
    file); `letters`: the plain grid, role letters only (roles/xlsx_letters.py)."""
    address = request.build_absolute_uri()
    body = whole_map_workbook(role_map, address=address, letters=letters)
    suffix = "-letters" if letters else ""
    return _workbook(body, f"raci-matrix-{role_map.slug}{suffix}.xlsx")


def comparison_workbook(
    request: HttpRequest, comparison: Comparison, role_map: RoleMap
) -> FileResponse:
    address = request.build_absolute_uri()
    body = spooled(
        lambda out: write_comparison(out, comparison=comparison, role_map=role_map, address=address)
    )
    slugs = "-vs-".join(role.slug for role in comparison.roles)
    return _workbook(body, f"{slugs}.xlsx")
