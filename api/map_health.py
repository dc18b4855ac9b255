"""GET /api/v1/maps/{slug}/health/ and GET /api/v1/maps/{slug}/export.xlsx.

Thin wrappers around roles.health and roles.xlsx, the computations the page, the command
and the download use, so a map's findings and workbook are the same from every door.
"""

from __future__ import annotations

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from roles.health import KINDS, findings_page, map_health
from roles.letters import CELLS, LETTERS, parse_cells
from roles.models import RoleMap, UnknownMap
from roles.prepared import needs_preparing
from roles.whole_map import canonical_address, map_version, workbook_name, workbook_recipe
from roles.xlsx import CONTENT_TYPE
from roles.xlsx_letters import whole_map_workbook

from .base import ApiViewMixin
from .prepared import PREPARING_RESPONSES, prepared_answer
from .serializers.health import MapHealthSerializer, health_data


class XLSXRenderer(BaseRenderer):
    """Names the workbook's media type for content negotiation; the view streams the file."""

    media_type = CONTENT_TYPE
    format = "xlsx"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return b"" if data is None else data


def _map(slug: str, user) -> RoleMap:
    """The map, resolved the way every `?map=` is (RoleMap.objects.resolve) among the maps
    `user` may see (a draft only for its editors); 404 otherwise."""
    try:
        return RoleMap.objects.visible_to(user).resolve(slug)
    except UnknownMap:
        raise NotFound(f"There is no role map “{slug}”; /api/v1/maps/ lists the maps.") from None


def _int(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.INT, description=description)


class MapHealthView(ApiViewMixin, APIView):
    """The RACI checks on one map: findings with severity, rows, roles and what to do."""

    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(
        operation_id="maps_health",
        parameters=[
            _int("max_a_share", "Percent (1–100); default PMROLES_HEALTH_MAX_A_SHARE (40)."),
            _int("min_quotes", "Whole number (0–1000); default PMROLES_HEALTH_MIN_QUOTES (3)."),
            OpenApiParameter(
                "kind", OpenApiTypes.STR, enum=list(KINDS), description="Only this kind."
            ),
            _int("page", "Page of 100 findings, from 1; past the last page is a 400."),
        ],
        responses={200: MapHealthSerializer},
    )
    def get(self, request, slug):
        role_map = _map(slug, request.user)
        params = request.query_params
        # A bad threshold, kind or page is an InputError: a 400 from api/errors.py.
        health = map_health(
            role_map, max_a_share=params.get("max_a_share"), min_quotes=params.get("min_quotes")
        )
        page = findings_page(health, kind=params.get("kind"), page=params.get("page"))
        return Response(health_data(health, page))


class MapExportView(ApiViewMixin, APIView):
    """The map as an XLSX workbook: Matrix, Evidence, Health, Legend and About sheets."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    renderer_classes = [XLSXRenderer, JSONRenderer]

    @extend_schema(
        operation_id="maps_export_xlsx",
        parameters=[
            OpenApiParameter(
                "cells",
                OpenApiTypes.STR,
                enum=list(CELLS),
                description=(
                    "`evidence` (the default): the Matrix sheet with the Evidence, Health, "
                    "Legend and About sheets. `letters`: a plain grid, the Matrix sheet with "
                    "role letters only (no basis shown), a Legend and an About sheet. Any "
                    "other value is a 400."
                ),
            )
        ],
        responses={(200, CONTENT_TYPE): OpenApiTypes.BINARY, **PREPARING_RESPONSES},
    )
    def get(self, request, slug):
        role_map = _map(slug, request.user)
        address = request.build_absolute_uri()
        letters = parse_cells(request.query_params.get("cells")) == LETTERS
        filename = workbook_name(role_map, letters=letters, prefix="")
        if needs_preparing(role_map, letters=letters):
            recipe = workbook_recipe(
                role_map,
                door="api",
                letters=letters,
                address=canonical_address(
                    request.build_absolute_uri(request.path), request.query_params
                ),
                filename=filename,
                version=map_version(role_map, letters=letters),
            )
            return prepared_answer(request, role_map, recipe)
        body = whole_map_workbook(role_map, address=address, letters=letters)
        return FileResponse(body, as_attachment=True, filename=filename, content_type=CONTENT_TYPE)
