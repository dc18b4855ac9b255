"""Comparison, matrix and finder over the API: thin wrappers around the domain computations.

The computations (roles.comparison, roles.matrix, roles.finder) and the CSV/Markdown
exports are the same functions the pages use; these views only validate input, pick the
format and hand the result to the serializers in api.serializers.computed, which lay it out as
JSON and describe it in the schema.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from roles.comparison import compare_slugs
from roles.exports import comparison_csv, comparison_markdown, matrix_csv
from roles.finder import find_roles
from roles.inputs import parse_slugs
from roles.matrix import build_matrix

from .base import ApiViewMixin, requested_map
from .renderers import CSVRenderer, MarkdownRenderer
from .serializers import computed as out
from .viewsets import MAP_PARAMETER


class ComputedView(ApiViewMixin, APIView):
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


class CompareView(ComputedView):
    """Side-by-side comparison of 2–4 roles, as on the compare page."""

    renderer_classes = [JSONRenderer, CSVRenderer, MarkdownRenderer]

    @extend_schema(
        operation_id="compare",
        parameters=[ROLES_PARAMETER, MAP_PARAMETER],
        responses={
            (200, "application/json"): out.ComparisonSerializer,
            (200, "text/csv"): TEXT,
            (200, "text/markdown"): TEXT,
        },
    )
    def get(self, request):
        role_map = self.role_map()
        comparison = compare_slugs(request.query_params.getlist("roles"), role_map=role_map)
        fmt = request.accepted_renderer.format
        if fmt == "csv":
            return Response(comparison_csv(comparison))
        if fmt == "md":
            return Response(comparison_markdown(comparison))
        return Response(out.ComparisonSerializer(comparison, context={"map": role_map.slug}).data)


class MatrixView(ComputedView):
    """The full role × responsibility grid with gaps flagged."""

    renderer_classes = [JSONRenderer, CSVRenderer]

    @extend_schema(
        operation_id="matrix",
        parameters=[MAP_PARAMETER],
        responses={(200, "application/json"): out.MatrixSerializer, (200, "text/csv"): TEXT},
    )
    def get(self, request):
        role_map = self.role_map()
        matrix = build_matrix(role_map=role_map)
        if request.accepted_renderer.format == "csv":
            return Response(matrix_csv(matrix))
        return Response(out.MatrixSerializer(matrix, context={"map": role_map.slug}).data)


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
