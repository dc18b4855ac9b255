"""The role resource: a role with its variants, counts of its assignments in the map, its
coverage and disputes; one role adds counts by area and its first assignments.

Nested parts are read-only and read only what the viewset's queryset method prefetched, so no
serializer issues per-row queries. Writes name related rows by slug (or id for quotes).
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from responsibilities.models import Assignment
from roles.coverage import Coverage, stored_coverage
from roles.models import Contrast, Role, RoleVariant

from ..base import requested_map
from .common import (
    ModelRulesMixin,
    OwnerMapField,
    OwnerMapMixin,
    QuoteIdsField,
    quote_ids,
    slug_list,
)
from .evidence import CoverageSerializer, dispute_refs


class RoleVariantSerializer(serializers.ModelSerializer):
    quotes = quote_ids()

    class Meta:
        model = RoleVariant
        fields = ["slug", "name", "summary", "description", "quotes"]
        read_only_fields = fields


class RoleAssignmentSerializer(serializers.ModelSerializer):
    """One of a role's assignments in the requested map."""

    responsibility = serializers.CharField(source="responsibility.slug", read_only=True)
    responsibility_name = serializers.CharField(source="responsibility.name", read_only=True)
    area = serializers.CharField(source="responsibility.area.slug", read_only=True)
    area_name = serializers.CharField(source="responsibility.area.name", read_only=True)
    quotes = quote_ids()

    class Meta:
        model = Assignment
        fields = [
            "id",
            "responsibility",
            "responsibility_name",
            "area",
            "area_name",
            "level",
            "basis",
            "rationale",
            "decided_on",
            "decided_by",
            "quotes",
        ]
        read_only_fields = fields


class AreaCountSerializer(serializers.Serializer):
    area = serializers.CharField()
    area_name = serializers.CharField()
    count = serializers.IntegerField()


@extend_schema_serializer(component_name="RoleSummary")
class RoleListSerializer(OwnerMapMixin, ModelRulesMixin, serializers.ModelSerializer):
    """A role in a list: its assignments in the map as counts and a link, never nested
    (a role can hold thousands; see AssignmentViewSet for the rows)."""

    map = OwnerMapField()
    quotes = QuoteIdsField(many=True, required=False)
    variants = RoleVariantSerializer(many=True, read_only=True)
    assignment_count = serializers.SerializerMethodField(
        help_text="How many assignments the role has in the map."
    )
    assignment_levels = serializers.SerializerMethodField(
        help_text="Those assignments counted by RACI level (levels with none are left out)."
    )
    assignments_url = serializers.SerializerMethodField(
        help_text="Where to read them all, a page at a time."
    )
    disputes = dispute_refs("role")
    coverage = serializers.SerializerMethodField(
        help_text="How much evidence stands behind the role's assignments in the map."
    )

    class Meta:
        model = Role
        fields = [
            "slug",
            "map",
            "name",
            "abbreviation",
            "summary",
            "description",
            "focus",
            "focus_note",
            "horizon",
            "stakeholders",
            "methodology",
            "order",
            "quotes",
            "variants",
            "assignment_count",
            "assignment_levels",
            "assignments_url",
            "disputes",
            "coverage",
        ]
        # The model's constraints (slugs and names per map) run in validate() with their
        # own readable messages.
        validators: list = []

    @extend_schema_field(CoverageSerializer)
    def get_coverage(self, role: Role) -> dict:
        # Computed once per response for every role in it (two grouped queries for the roles
        # whose coverage is not kept under their version: roles.pieces), not per row.
        known = cast(dict[str, Any], self.context).setdefault("_coverage", {})
        if role.pk not in known:
            page = (
                self.parent.instance
                if isinstance(self.parent, serializers.ListSerializer)
                else None
            )
            ids = [r.pk for r in page] if page is not None else [role.pk]
            role_map = requested_map(self.context.get("request"))
            known.update(stored_coverage(role_map, ids))
        return CoverageSerializer(known.get(role.pk, Coverage())).data

    def _levels(self, role) -> dict[str, int]:
        # The viewset attaches the counts of a whole page in one query; a write's answer
        # (one role) counts them here.
        levels = getattr(role, "assignment_levels", None)
        if levels is None:
            role_map = requested_map(self.context.get("request"))
            levels = Assignment.objects.level_counts(role_map, [role.pk])[role.pk]
            role.assignment_levels = levels
        return levels

    @extend_schema_field(OpenApiTypes.INT)
    def get_assignment_count(self, role) -> int:
        return sum(self._levels(role).values())

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "integer"}})
    def get_assignment_levels(self, role) -> dict[str, int]:
        return dict(self._levels(role))

    @extend_schema_field(OpenApiTypes.STR)
    def get_assignments_url(self, role) -> str:
        role_map = requested_map(self.context.get("request"))
        return (
            reverse("api:assignment-list")
            + "?"
            + urlencode({"role": role.slug, "map": role_map.slug})
        )


@extend_schema_serializer(component_name="Role")
class RoleSerializer(RoleListSerializer):
    """One role: counts by level and by area, and its first assignments in area order
    (ROLE_ASSIGNMENTS_SHOWN); `assignments_url` pages through all of them."""

    assignments = RoleAssignmentSerializer(source="map_assignments", many=True, read_only=True)
    assignment_areas = serializers.SerializerMethodField(
        help_text="The role's assignments in the map counted by area, in area order."
    )

    class Meta(RoleListSerializer.Meta):
        fields = [*RoleListSerializer.Meta.fields, "assignment_areas", "assignments"]

    @extend_schema_field(AreaCountSerializer(many=True))
    def get_assignment_areas(self, role) -> list[dict]:
        areas = getattr(role, "assignment_areas", None)
        if areas is None:
            role_map = requested_map(self.context.get("request"))
            areas = Assignment.objects.area_counts(role_map, role)
        return areas


class ContrastRefSerializer(serializers.ModelSerializer):
    roles = slug_list()
    quotes = quote_ids()

    class Meta:
        model = Contrast
        fields = ["slug", "kind", "aspect", "summary", "roles", "quotes"]
        read_only_fields = fields
