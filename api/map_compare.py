"""GET /api/v1/maps/compare/: what one role map changes relative to another.

A thin wrapper around roles.map_compare, the computation the page uses; the serializers
below read its result objects directly, so the schema and the output cannot drift apart.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from responsibilities.levels import Basis, Level
from roles.inputs import parse_page
from roles.map_compare import KINDS, compare_maps, resolve_maps, resolve_role
from roles.models import RoleMap

from .base import ApiViewMixin


class MapRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class SideSerializer(serializers.Serializer):
    """A role's part in one map; the whole side is null where the sources say nothing."""

    level = serializers.ChoiceField(
        choices=Level.choices, help_text="R, A, C, I; N: a source says the role has no part."
    )
    basis = serializers.ChoiceField(choices=Basis.choices)
    rationale = serializers.CharField(allow_blank=True)
    quote_count = serializers.IntegerField(help_text="Quotes behind this part.")


class ChangeCountsSerializer(serializers.Serializer):
    added = serializers.IntegerField(help_text="Parts in `b` the sources leave unstated in `a`.")
    removed = serializers.IntegerField(help_text="Parts in `a` left unstated in `b`.")
    level = serializers.IntegerField(help_text="Parts at another level in `b`.")
    basis = serializers.IntegerField(help_text="Same level, another basis in `b`.")


class RoleChangesSerializer(serializers.Serializer):
    role = serializers.CharField(source="slug", help_text="Role slug.")
    name = serializers.CharField()
    counts = ChangeCountsSerializer()
    total = serializers.IntegerField()


class ChangeSerializer(serializers.Serializer):
    role = serializers.CharField(source="role.slug", help_text="Role slug.")
    role_name = serializers.CharField(source="role.name")
    responsibility = serializers.CharField(
        source="responsibility.slug", help_text="Responsibility slug."
    )
    responsibility_name = serializers.CharField(source="responsibility.name")
    area = serializers.CharField(source="responsibility.area.slug", help_text="Area slug.")
    change = serializers.ChoiceField(choices=list(KINDS), source="kind")
    a = SideSerializer(allow_null=True, help_text="The part in `a`; null: not stated there.")
    b = SideSerializer(allow_null=True, help_text="The part in `b`; null: not stated there.")


class MapComparisonSerializer(serializers.Serializer):
    a = MapRefSerializer(help_text="The map compared against (the base).")
    b = MapRefSerializer(help_text="The map whose changes are listed.")
    role = serializers.CharField(
        source="role.slug", allow_null=True, default=None, help_text="The role asked for, if any."
    )
    counts = ChangeCountsSerializer(help_text="Changes of each kind, over every page.")
    count = serializers.IntegerField(source="total", help_text="Changes in all.")
    departs = serializers.IntegerField(
        help_text=(
            "Team map b: how many of its parts (shared role, shared responsibility) depart "
            "from the sources (the map it is based on, else the default map); 0 otherwise."
        )
    )
    by_role = RoleChangesSerializer(many=True, help_text="Changes per role, in role order.")
    in_words = serializers.ListField(child=serializers.CharField())
    page = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    page_size = serializers.IntegerField()
    rows = ChangeSerializer(many=True, help_text="This page's changes, in responsibility order.")


def _text(name: str, description: str, required: bool = False) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, required=required, description=description)


class MapCompareView(ApiViewMixin, APIView):
    """Where two role maps differ: parts added, removed, at another level or basis."""

    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(
        operation_id="maps_compare",
        parameters=[
            _text("b", "The map whose changes are listed (slug).", required=True),
            _text(
                "a",
                "The map to compare with; left out: the map `b` is based on, else the default map.",
            ),
            _text("role", "Only this role's changes (slug)."),
            OpenApiParameter(
                "page",
                OpenApiTypes.INT,
                description="Page of 100 changes, from 1; past the last page is a 400.",
            ),
        ],
        responses={200: MapComparisonSerializer},
    )
    def get(self, request):
        params = request.query_params
        a, b = resolve_maps(
            params.get("a"), params.get("b"), list(RoleMap.objects.visible_to(request.user))
        )
        comparison = compare_maps(
            a,
            b,
            role=resolve_role(params.get("role"), among=(a, b)),
            page=parse_page(params.get("page"), empty_is_first=False),
        )
        return Response(MapComparisonSerializer(comparison).data)
