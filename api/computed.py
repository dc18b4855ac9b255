"""Comparison, matrix and finder over the API: thin wrappers around the domain computations.

The computations (roles.comparison, roles.matrix, roles.finder) and the CSV/Markdown
exports are the same functions the pages use; these views only validate input, pick the
format and hand the result to the serializers in api.serializers.computed, which lay it out as
JSON and describe it in the schema.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.http import HttpResponseNotModified, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import patch_vary_headers
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from pmroles.conditional import etags
from responsibilities.versioning import Reads, current_version
from roles.comparison import chosen_roles, compare_slugs
from roles.comparison_page import MAX_PAGE_SIZE, PAGE_SIZE, comparison_page
from roles.csv_rows import comparison_csv_text
from roles.exports import comparison_markdown
from roles.finder import find_roles
from roles.inputs import InputError, is_whole_number, parse_page, parse_page_size, parse_slugs
from roles.letters import CELLS, LETTERS, parse_cells, whole_matrix_csv
from roles.matrix import WINDOW_COLUMNS, WINDOW_ROWS, matrix_window
from roles.models import Role, default_map_slug
from roles.prepared import needs_preparing
from roles.whole_map import csv_recipe

from .base import ApiViewMixin, requested_map
from .prepared import PREPARING_RESPONSES, prepared_answer
from .renderers import CSVRenderer, MarkdownRenderer
from .serializers import computed as out
from .viewsets import MAP_PARAMETER

MATRIX_PAGE_SIZE = 50


def _whole(request, name: str, default: int, most: int | None) -> int:
    """A positive whole-number query parameter (at most `most`), or a 400 naming it."""
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not is_whole_number(raw) or int(raw) < 1 or (most is not None and int(raw) > most):
        limit = f" from 1 to {most}" if most is not None else " from 1"
        raise ValidationError({name: [f"“{raw}” is not a whole number{limit}."]})
    return int(raw)


def replace_query_param_all(path: str, changes: dict) -> str:
    """`path` with the query parameters in `changes` set (the others kept)."""
    parts = urlsplit(path)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in changes]
    query += [(k, str(v)) for k, v in changes.items()]
    return urlunsplit(parts._replace(query=urlencode(query)))


class ComputedView(ApiViewMixin, APIView):
    map_scoped = True  # answers read the evidence and one map (pmroles.conditional.api)
    # Anyone may read; unsafe methods other than the finder's POST are 401/405.
    permission_classes = [IsAuthenticatedOrReadOnly]

    def role_map(self):
        return requested_map(self.request)


class FinderPermission(IsAuthenticatedOrReadOnly):
    def has_permission(self, request, view):
        return request.method == "POST" or super().has_permission(request, view)


ROLES_PARAMETER = OpenApiParameter(
    "roles",
    OpenApiTypes.STR,
    required=True,
    description="2–4 role slugs, comma-separated and in column order, e.g. `pm,po`.",
)
TEXT = OpenApiTypes.STR
CELLS_PARAMETER = OpenApiParameter(
    "cells",
    OpenApiTypes.STR,
    enum=list(CELLS),
    description=(
        "What each role's column of a whole-map download holds: `evidence` (the default: the "
        "letter, then each part's basis, rationale and quotes in columns of their own) or "
        "`letters` (the role's letter only: a plain RACI grid, one row per responsibility, "
        "one column per role, at a fraction of the size and time). Any other value is a 400."
    ),
)


class CompareView(ComputedView):
    """Side-by-side comparison of 2–4 roles, as on the compare page."""

    # A signed-in reader's answer differs only by the maps they see: stored per that set.
    readers_share_answers = True

    @staticmethod
    def version_reads(request, kwargs) -> Reads:
        """The compared roles' parts only (pmroles.conditional.api; a refused input, never stored,
        reads the whole map)."""
        try:
            slugs = parse_slugs(request.GET.getlist("roles"))
        except InputError:
            slugs = []
        role_map = request.GET.get("map") or default_map_slug()
        if not 2 <= len(slugs) <= 4:
            return Reads(map_slug=role_map)
        return Reads(map_slug=role_map, role_slugs=tuple(slugs))

    renderer_classes = [JSONRenderer, CSVRenderer, MarkdownRenderer]

    # Every parameter the comparison reads; any other is a 400 (a misspelt `page_size` would
    # otherwise be a silent first page of 50).
    known_params = frozenset({"roles", "map", "page", "page_size", "format"})

    @extend_schema(
        operation_id="compare",
        parameters=[
            ROLES_PARAMETER,
            MAP_PARAMETER,
            OpenApiParameter(
                "page", OpenApiTypes.INT, description="Row page of the JSON answer, from 1."
            ),
            OpenApiParameter(
                "page_size",
                OpenApiTypes.INT,
                description=f"Rows a page, 1 to {MAX_PAGE_SIZE} (default {PAGE_SIZE}).",
            ),
        ],
        responses={
            (200, "application/json"): out.ComparisonSerializer,
            (200, "text/csv"): TEXT,
            (200, "text/markdown"): TEXT,
        },
    )
    def get(self, request):
        """JSON: the counts over the whole comparison and one page of rows, with links to the
        next and previous (bounded like the page). CSV and Markdown: the whole comparison."""
        params = request.query_params
        unknown = sorted(set(params) - self.known_params)
        if unknown:
            raise ValidationError(
                {name: ["Unknown parameter for the comparison."] for name in unknown}
            )
        role_map = self.role_map()
        # Checked for every format, so a malformed one is a 400 even where the downloads,
        # which are the whole comparison, do not use them.
        page = parse_page(params.get("page"), empty_is_first=False)
        size = parse_page_size(params.get("page_size"), default=PAGE_SIZE, most=MAX_PAGE_SIZE)
        fmt = request.accepted_renderer.format
        if fmt == "md":
            comparison = compare_slugs(params.getlist("roles"), role_map=role_map)
            return Response(comparison_markdown(comparison))
        roles = chosen_roles(params.getlist("roles"), Role.objects.visible_in(role_map))
        if fmt == "csv":  # read as tuples: none of the comparison's summaries
            return Response(comparison_csv_text(role_map, roles))
        answer = comparison_page(role_map, roles, page=page, page_size=size)

        def link(number: int) -> str:
            path = replace_query_param_all(request.get_full_path(), {"page": number})
            return request.build_absolute_uri(path)

        links = {
            "next": link(page + 1) if page < answer.pages else None,
            "previous": link(page - 1) if page > 1 else None,
        }
        context = {"map": role_map.slug, "links": links}
        return Response(out.ComparisonSerializer(answer, context=context).data)


class MatrixView(ComputedView):
    """The full role × responsibility grid with gaps flagged."""

    # A signed-in reader's answer differs only by the maps they see: stored per that set.
    readers_share_answers = True

    @staticmethod
    def version_reads(request, kwargs) -> Reads:
        """The map, but no assignment's note (a page of the grid shows levels, bases,
        rationales and quotes): a note edited alone leaves stored pages alone. The whole-map
        CSV, which carries notes, is never stored and keys its ETag by the notes too."""
        return Reads(map_slug=request.GET.get("map") or default_map_slug(), notes=False)

    renderer_classes = [JSONRenderer, CSVRenderer]

    @extend_schema(
        operation_id="matrix",
        parameters=[
            MAP_PARAMETER,
            OpenApiParameter("page", OpenApiTypes.INT, description="Row page, from 1."),
            OpenApiParameter(
                "page_size",
                OpenApiTypes.INT,
                description=f"Rows a page, 1 to {WINDOW_ROWS} (default {MATRIX_PAGE_SIZE}).",
            ),
            OpenApiParameter(
                "cols", OpenApiTypes.INT, description=f"Column page ({WINDOW_COLUMNS} roles)."
            ),
            CELLS_PARAMETER,
        ],
        responses={
            (200, "application/json"): out.MatrixPageSerializer,
            (200, "text/csv"): TEXT,
            **PREPARING_RESPONSES,
        },
    )
    def get(self, request):
        """JSON: one page of rows × one page of role columns, with links to the next and
        previous of each (bounded like the page). CSV: the whole matrix, streamed, with the
        evidence or (`cells=letters`) role letters only."""
        role_map = self.role_map()
        # The paging parameters and `cells` are checked for every format, so a malformed one
        # is a 400 even where the CSV, which is the whole matrix, does not use them (and
        # the JSON, whose cells are its own, does not use `cells`).
        page = _whole(request, "page", 1, None)
        size = _whole(request, "page_size", MATRIX_PAGE_SIZE, WINDOW_ROWS)
        cols = _whole(request, "cols", 1, None)
        cells = parse_cells(request.query_params.get("cells"))
        if request.accepted_renderer.format == "csv":
            return _streamed_csv(request, role_map, letters=cells == LETTERS)
        window = matrix_window(
            role_map=role_map,
            offset=(page - 1) * size,
            limit=size,
            role_offset=(cols - 1) * WINDOW_COLUMNS,
            role_limit=WINDOW_COLUMNS,
        )
        pages = max(1, -(-window.total_rows // size))
        col_pages = max(1, -(-window.total_roles // WINDOW_COLUMNS))
        if page > pages or cols > col_pages:
            raise ValidationError({"page" if page > pages else "cols": ["There is no such page."]})

        def link(**changes) -> str:
            return request.build_absolute_uri(
                replace_query_param_all(request.get_full_path(), changes)
            )

        answer = {
            "count": window.total_rows,
            "page": page,
            "pages": pages,
            "page_size": size,
            "cols": cols,
            "col_pages": col_pages,
            "role_count": window.total_roles,
            "warning_count": window.warning_count,
            "next": link(page=page + 1) if page < pages else None,
            "previous": link(page=page - 1) if page > 1 else None,
            "next_cols": link(cols=cols + 1) if cols < col_pages else None,
            "previous_cols": link(cols=cols - 1) if cols > 1 else None,
            "roles": window.roles,
            "rows": window.rows,
        }
        return Response(out.MatrixPageSerializer(answer, context={"map": role_map.slug}).data)


def _streamed_csv(request, role_map, *, letters: bool) -> HttpResponseBase:
    """The whole matrix as CSV, streamed in chunks (bounded memory, never stored): with the
    evidence, or role letters only (`letters`, roles/letters.py).

    Its ETag cannot hash a body that is not built yet; it hashes what the body is a function
    of instead: the map and the versions of what it reads (responsibilities.versioning), so
    a conditional GET is a 304 without building anything until a write changes them. The
    plain grid reads no note, so a note edited alone keeps its ETag.
    """
    version = current_version(Reads(map_slug=role_map.slug, notes=not letters))
    name, stream = whole_matrix_csv(role_map, letters=letters)  # a generator: nothing read yet
    raw = f"{name}.csv\n{role_map.slug}\n{version.token}"
    etag = '"' + hashlib.sha256(raw.encode()).hexdigest()[:40] + '"'
    response: HttpResponseBase
    if etags.matches(request.headers.get("If-None-Match"), etag):
        response = HttpResponseNotModified()
    elif needs_preparing(role_map, letters=letters):
        recipe = csv_recipe(role_map, letters=letters, bom=False, version=version.token)
        response = prepared_answer(request, role_map, recipe)
        if response.status_code != 200:
            return response  # no ETag: there is no file yet
    else:
        response = StreamingHttpResponse(stream, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response["ETag"] = etag
    patch_vary_headers(response, ("Accept",))
    return response


class FinderView(ComputedView):
    """Which role does this work? Ranked roles for ticked responsibilities.

    POST is a read (a long list fits a body better than a URL), so anyone may POST.
    """

    permission_classes = [FinderPermission]
    anonymous_writes = True  # POST is a read

    def _answer(self, raw):
        role_map = self.role_map()
        results = find_roles(raw, role_map=role_map)
        slugs = list(dict.fromkeys(parse_slugs(raw)))
        answer = {"responsibilities": slugs, "results": results}
        return Response(out.FinderSerializer(answer, context={"map": role_map.slug}).data)

    @extend_schema(
        operation_id="finder",
        parameters=[
            OpenApiParameter(
                "responsibilities",
                OpenApiTypes.STR,
                required=True,
                description="Responsibility slugs, comma-separated.",
            ),
            MAP_PARAMETER,
        ],
        responses={200: out.FinderSerializer},
    )
    def get(self, request):
        return self._answer(request.query_params.getlist("responsibilities"))

    @extend_schema(
        operation_id="finder_post",
        parameters=[MAP_PARAMETER],
        request=out.FinderQuerySerializer,
        responses={200: out.FinderSerializer},
    )
    def post(self, request):
        body = out.FinderQuerySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(body.validated_data["responsibilities"])
