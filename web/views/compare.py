"""The side-by-side comparison (HTML, CSV, Markdown) and the full RACI matrix.

Both pages are bounded: the comparison shows one page of rows (`web.grid`) under a summary
computed over everything in SQL, the matrix one page of responsibilities and a few role
columns (`web.matrix_page`). Downloads read everything.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from roles.comparison import MAX_ROLES, MIN_ROLES, attribute_rows, chosen_roles, compare_slugs
from roles.csv_rows import comparison_csv_text
from roles.departs import mark_departures
from roles.dispute_sides import mark_dispute_sides
from roles.exports import BOM, comparison_markdown
from roles.letters import LETTERS, parse_cells, whole_matrix_csv
from roles.models import Role, RoleMap
from roles.picker import picker_roles
from roles.pieces import tokens_for
from roles.prepared import needs_preparing
from roles.stated import stated
from roles.thinness import thinness
from roles.whole_map import (
    canonical_address,
    csv_recipe,
    map_version,
    workbook_name,
    workbook_recipe,
)

from .. import grid, grid_cells, grid_summary, matrix_page
from ..context_processors import map_query
from ..downloads import (
    PAGE_WORKBOOK,
    comparison_workbook,
    map_workbook,
    prepared_download,
    wants_bom,
    with_bom,
)
from ..errors import error_page
from ..params import InputError, parse_slugs, requested_format, requested_map

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "md": ("text/markdown; charset=utf-8", "md"),
}

# The grid's parameters, in the order links write them.
GRID_PARAMS = ("map", "show", "held_by", "not_by", "area", "group", "evidence", "page")


def _download(body: str, fmt: str, filename: str, bom: bool = False) -> HttpResponse:
    content_type, extension = FORMATS[fmt]
    response = HttpResponse(BOM + body if bom else body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response


class Links:
    """Addresses of this comparison with some parameters changed (pages, filters, toggles)."""

    def __init__(self, request: HttpRequest, roles_param: str, names=GRID_PARAMS):
        self.base = request.path
        self.roles_param = roles_param
        self.current = {k: request.GET.get(k, "") for k in names}

    def __call__(self, **changes: str | int | None) -> str:
        params = {**self.current, **{k: "" if v is None else str(v) for k, v in changes.items()}}
        if "page" not in changes:
            params["page"] = ""  # a new filter starts at its first page
        query = [("roles", self.roles_param)] if self.roles_param else []
        query += [(k, v) for k, v in params.items() if v and not (k == "page" and v == "1")]
        return f"{self.base}?{urlencode(query, safe=',')}"


def _error(request: HttpRequest, error: InputError) -> HttpResponse:
    """The comparison's 400: the role picker again, with the error and the roles asked for."""
    requested = parse_slugs(request.GET.getlist("roles"))
    try:
        role_map: RoleMap | None = requested_map(request)
    except InputError:
        role_map = None  # the map itself was the error
    return render(
        request,
        "web/compare_error.html",
        {
            "error": error,
            "roles": Role.objects.for_listing(role_map),
            "requested": requested,
            "min_roles": MIN_ROLES,
            "max_roles": MAX_ROLES,
        },
        status=400,
    )


@error_page(_error)
def compare(request: HttpRequest) -> HttpResponseBase:
    requested = parse_slugs(request.GET.getlist("roles"))
    fmt = requested_format(request, ("csv", "md", "xlsx"))
    bom = wants_bom(request)
    role_map = requested_map(request)
    if fmt == "xlsx":
        comparison = compare_slugs(requested, role_map=role_map)
        return comparison_workbook(request, comparison, role_map)
    if fmt == "csv":  # read as tuples: none of the comparison's summaries
        chosen = chosen_roles(requested, Role.objects.visible_in(role_map))
        slugs = "-vs-".join(role.slug for role in chosen)
        return _download(comparison_csv_text(role_map, chosen), fmt, slugs, bom=bom)
    if fmt in FORMATS:
        comparison = compare_slugs(requested, role_map=role_map)
        slugs = "-vs-".join(role.slug for role in comparison.roles)
        return _download(comparison_markdown(comparison), fmt, slugs)
    roles = chosen_roles(requested, Role.objects.visible_in(role_map))
    wanted = grid.parse_filter(request.GET, roles)
    # The roles' stated responsibilities with their masks, from pieces kept per role and per
    # catalogue (roles.stated): the grid's rows and count, the summary, the shared qualities.
    tokens = tokens_for(role_map, [role.pk for role in roles])
    held = stated(role_map, roles, tokens)
    page = grid.grid_page(role_map, roles, wanted, held)
    parts = [cell.assignment for row in page.rows for cell in row.cells if cell.assignment]
    mark_departures(role_map, parts)
    mark_dispute_sides(role_map, parts)
    evidence_open = request.GET.get("evidence") == "open"
    carried = map_query(request)
    for row in page.rows:  # the cells without the template engine (half the page's CPU)
        row.cells_html = grid_cells.row_cells_html(row, evidence_open, map_query=carried)
    summary = grid_summary.summary_of(held.counts(), roles)
    disputes = grid_summary.disputes(role_map, roles, tokens)
    # A column whose role rests on few quotes or a single source says so in its header: a
    # bounded sample of each role's parts, kept per role (roles.thinness, roles.pieces), so
    # the next comparison with one of these roles does not read it again.
    coverage = thinness(role_map, [role.pk for role in roles], tokens)
    for role in roles:
        role.coverage = coverage[role.pk]  # type: ignore[attr-defined]  # for the header
    contrasts, contrast_total = grid_summary.contrasts(role_map, roles, tokens)
    qualities, quality_total = grid_summary.qualities(role_map, roles, held)
    roles_param = ",".join(role.slug for role in roles)
    link = Links(request, roles_param)
    return render(
        request,
        "web/compare.html",
        {
            "roles": roles,
            "role_map": role_map,
            "map_param": request.GET.get("map", ""),
            "roles_param": roles_param,
            "summary": summary,
            "page": page,
            "wanted": wanted,
            "show_choices": grid.SHOW,
            "group_choices": grid.GROUPS,
            "disputes": disputes,
            "contrasts": contrasts,
            "contrast_total": contrast_total,
            "attributes": attribute_rows(roles),
            "qualities": qualities,
            "quality_total": quality_total,
            "evidence_open": evidence_open,
            "columns": len(roles) + 1,
            "links": {
                "previous": link(page=page.page - 1) if page.page > 1 else "",
                "next": link(page=page.page + 1) if page.page < page.pages else "",
                "evidence": link(evidence="" if evidence_open else "open", page=page.page),
                "reset": link(show="", held_by="", not_by="", area="", group=""),
                "standouts": [
                    (s, link(show="one", held_by=s.role.slug, not_by="", area=""))
                    for s in summary.standouts
                ],
                "pairs": [
                    (
                        pair,
                        link(show="", held_by=pair.first.slug, not_by=pair.second.slug, area=""),
                        link(show="", held_by=pair.second.slug, not_by=pair.first.slug, area=""),
                    )
                    for pair in summary.pairs
                ],
                "shared": link(show="shared", held_by="", not_by="", area=""),
                "disputed": link(show="disputed", held_by="", not_by="", area=""),
            },
            "page_url": request.build_absolute_uri(),
            "all_roles": picker_roles(role_map, tokens),
            "chosen": {role.slug for role in roles},
            "min_roles": MIN_ROLES,
            "max_roles": MAX_ROLES,
        },
    )


def matrix(request: HttpRequest) -> HttpResponseBase:
    fmt = requested_format(request, ("csv", "xlsx"))
    bom = wants_bom(request)
    # What the downloads put in each role's column: checked on every format, so a misspelt
    # value is a 400 wherever it is sent (roles/letters.py).
    letters = parse_cells(request.GET.get("cells")) == LETTERS
    role_map = requested_map(request)
    if fmt in ("csv", "xlsx") and needs_preparing(role_map, letters=letters):
        version = map_version(role_map, letters=letters)
        recipe = (
            csv_recipe(role_map, letters=letters, bom=bom, version=version)
            if fmt == "csv"
            else workbook_recipe(
                role_map,
                door="page",
                letters=letters,
                address=canonical_address(request.build_absolute_uri(request.path), request.GET),
                filename=workbook_name(role_map, letters=letters, prefix=PAGE_WORKBOOK),
                version=version,
            )
        )
        return prepared_download(request, role_map, recipe)
    if fmt == "xlsx":
        return map_workbook(request, role_map, letters=letters)
    if fmt == "csv":
        name, stream = whole_matrix_csv(role_map, letters=letters)
        response = StreamingHttpResponse(with_bom(stream, bom), content_type=FORMATS["csv"][0])
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    wanted = matrix_page.parse_filter(request.GET, role_map)
    built = matrix_page.build_page(role_map, wanted)
    link = Links(request, wanted.roles_param, names=("map", "area", "gaps", "cols", "page"))
    return render(
        request,
        "web/matrix.html",
        {
            "matrix": built,
            "wanted": wanted,
            "role_map": role_map,
            "map_param": request.GET.get("map", ""),
            "columns": len(built.roles) + 2,
            "links": {
                "previous": link(page=built.page - 1) if built.page > 1 else "",
                "next": link(page=built.page + 1) if built.page < built.pages else "",
                "gaps": link(gaps="1"),
                "all_rows": link(gaps=""),
                "cols_previous": link(cols=built.cols - 1) if built.cols > 1 else "",
                "cols_next": link(cols=built.cols + 1) if built.cols < built.col_pages else "",
            },
        },
    )
