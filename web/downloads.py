"""Spreadsheet downloads of the pages: XLSX workbooks (roles/xlsx.py, one writer for every
door) and the `bom=1` option of the CSVs (Excel on Windows reads UTF-8 only after a BOM)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from pmroles.kept_files import kept_file
from roles.comparison import Comparison
from roles.exports import BOM
from roles.inputs import InputError
from roles.models import DownloadState, RoleMap
from roles.prepared import Recipe, prepared, retry_after
from roles.whole_map import workbook_name
from roles.xlsx import CONTENT_TYPE, spooled, write_comparison
from roles.xlsx_letters import whole_map_workbook

# The page's workbook is named for the matrix it comes from (the API's is the map's slug).
PAGE_WORKBOOK = "raci-matrix-"


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
    return _workbook(body, workbook_name(role_map, letters=letters, prefix=PAGE_WORKBOOK))


def prepared_download(
    request: HttpRequest, role_map: RoleMap, recipe: Recipe
) -> FileResponse | HttpResponse:
    """A big map's whole-map download (roles/prepared.py): the kept file once it is ready;
    until then a page saying it is being prepared, which checks again by itself (202, or
    503 if writing it failed, each with Retry-After)."""
    download = prepared(role_map=role_map, recipe=recipe)
    if download.state == DownloadState.READY:
        return kept_file(download)
    failed, wait = download.state == DownloadState.FAILED, retry_after(download)
    response = render(
        request,
        "web/preparing.html",
        {
            "role_map": role_map,
            "parts": f"{download.parts:,}",
            "workbook": recipe.filename.endswith(".xlsx"),
            "letters": "letters" in recipe.what,
            "failed": failed,
            "wait": wait,
            "again": request.get_full_path(),
            "map_param": request.GET.get("map", ""),
        },
        status=503 if failed else 202,
    )
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = "no-store"
    return response


def comparison_workbook(
    request: HttpRequest, comparison: Comparison, role_map: RoleMap
) -> FileResponse:
    address = request.build_absolute_uri()
    body = spooled(
        lambda out: write_comparison(out, comparison=comparison, role_map=role_map, address=address)
    )
    slugs = "-vs-".join(role.slug for role in comparison.roles)
    return _workbook(body, f"{slugs}.xlsx")
