"""Comparison, matrix and finder over the API: thin wrappers around roles.comparison.

The computations and the CSV/Markdown exports are the same functions the pages use;
these views only validate input, pick the format and lay the result out as JSON.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from responsibilities.models import Level
from roles.comparison import compare_slugs
from roles.exports import comparison_csv, comparison_markdown, matrix_csv
from roles.finder import find_roles
from roles.inputs import InputError, parse_slugs
from roles.matrix import build_matrix

from . import computed_serializers as out
from .base import ApiViewMixin, requested_map
from .renderers import CSVRenderer, MarkdownRenderer
from .viewsets import MAP_PARAMETER


def _role(role) -> dict:
    return {"slug": role.slug, "name": role.name, "abbreviation": role.abbreviation}


def _cell(cell) -> dict:
    assignment = cell.assignment
    return {
        "role": cell.role.slug,
        "level": cell.level,
        # No assignment means the sources say nothing (null level, stated false); level N
        # is a source saying the role has no part.
        "stated": assignment is not None,
        "basis": assignment.basis if assignment else None,
        "rationale": assignment.rationale if assignment else "",
        "quotes": [quote.pk for quote in cell.quotes],
    }


def _responsibility(responsibility) -> dict:
    return {
        "responsibility": responsibility.slug,
        "name": responsibility.name,
        "area": responsibility.area.slug,
        "area_name": responsibility.area.name,
        "kind": responsibility.kind,
    }


def comparison_data(comparison, map_slug: str) -> dict:
    return {
        "map": map_slug,
        "roles": [_role(r) for r in comparison.roles],
        "overlap": comparison.overlap,
        "shared_count": comparison.shared_count,
        "union_count": comparison.union_count,
        "counts": [
            {"role": s.role.slug, "held": s.held, "unique": s.unique, "top_areas": s.top_areas}
            for s in comparison.summaries
        ],
        "pairwise": [
            {"roles": [a.slug, b.slug], "overlap": score} for a, b, score in comparison.pairwise
        ],
        "differences": comparison.differences_in_words,
        "attributes": [
            {"name": a.name, "label": a.label, "values": a.values, "differs": a.differs}
            for a in comparison.attributes
        ],
        "rows": [
            {
                **_responsibility(row.responsibility),
                "status": row.status,
                "shared": row.shared,
                "unique_to": row.unique_to.slug if row.unique_to else None,
                "same": row.same,
                "cells": [_cell(c) for c in row.cells],
            }
            for row in [*comparison.rows, *comparison.qualities]
        ],
        "contrasts": [
            {
                "slug": c.slug,
                "kind": c.kind,
                "aspect": c.aspect,
                "summary": c.summary,
                "roles": [r.slug for r in c.roles.all()],
                "quotes": [q.pk for q in c.quotes.all()],
            }
            for c in comparison.contrasts
        ],
    }


def matrix_data(matrix, map_slug: str) -> dict:
    return {
        "map": map_slug,
        "roles": [_role(r) for r in matrix.roles],
        "warning_count": matrix.warning_count,
        "rows": [
            {
                **_responsibility(row.responsibility),
                "accountable": row.accountable.slug if row.accountable else None,
                "warnings": row.warnings,
                "cells": [_cell(c) for c in row.cells],
            }
            for row in matrix.rows
        ],
    }


def _reasons(result) -> list[str]:
    reasons = [f"{Level(a.level).label} for {a.responsibility.name}" for a in result.matched]
    reasons += [f"Not stated in the sources for {r.name}" for r in result.not_done]
    if result.also_holds_count:
        reasons.append(f"Also holds {result.also_holds_count} responsibilities you did not tick")
    return reasons


def finder_data(results, slugs: list[str], map_slug: str) -> dict:
    def ref(r):
        return {"slug": r.slug, "name": r.name}

    return {
        "map": map_slug,
        "responsibilities": slugs,
        "results": [
            {
                "role": _role(r.role),
                "score": r.score,
                "percent": r.percent,
                "matched": [
                    {
                        "responsibility": a.responsibility.slug,
                        "name": a.responsibility.name,
                        "level": a.level,
                        "basis": a.basis,
                    }
                    for a in r.matched
                ],
                "not_done": [ref(x) for x in r.not_done],
                "also_holds": [ref(x) for x in r.also_holds],
                "also_holds_count": r.also_holds_count,
                "reasons": _reasons(r),
            }
            for r in results
        ],
    }


def _input_error(exc: InputError) -> ValidationError:
    return ValidationError({exc.field: [exc.message]})


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
        try:
            comparison = compare_slugs(request.query_params.getlist("roles"), role_map=role_map)
        except InputError as exc:
            raise _input_error(exc) from exc
        fmt = request.accepted_renderer.format
        if fmt == "csv":
            return Response(comparison_csv(comparison))
        if fmt == "md":
            return Response(comparison_markdown(comparison))
        return Response(comparison_data(comparison, role_map.slug))


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
        return Response(matrix_data(matrix, role_map.slug))


class FinderView(ComputedView):
    """Which role does this work? Ranked roles for ticked responsibilities.

    POST is a read (a long list fits a body better than a URL), so anyone may POST.
    """

    permission_classes = [FinderPermission]
    anonymous_writes = True  # POST is a read

    def _answer(self, raw):
        role_map = self.role_map()
        try:
            results = find_roles(raw, role_map=role_map)
        except InputError as exc:
            raise _input_error(exc) from exc
        slugs = list(dict.fromkeys(parse_slugs(raw)))
        return Response(finder_data(results, slugs, role_map.slug))

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
