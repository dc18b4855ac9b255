"""Resource serializers: explicit fields, nested reads from prefetched data, flat writes.

Nested parts (a role's assignments, a quote's source) are read-only and read only what
the viewset's queryset method prefetched, so no serializer issues per-row queries.
Writes name related rows by slug (or id for sources and quotes).
"""

from __future__ import annotations

from copy import copy
from urllib.parse import urlencode

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from responsibilities.models import (
    DISPUTE_REFS_LIMIT,
    Area,
    Assignment,
    Quote,
    Responsibility,
    Source,
)
from responsibilities.rules import evidence_problem, question_problem
from roles.coverage import Coverage, coverage_by_role
from roles.models import Contrast, Role, RoleMap, RoleVariant, UnknownMap

from ..base import requested_map
from ..errors import model_error_dict
from ..strict import StrictTypesMixin
from .evidence import CoverageSerializer, DisputeRefSerializer


class ModelRulesMixin(StrictTypesMixin):
    """Run the model's clean() and database constraints so rules fail as field messages
    (and, through StrictTypesMixin, refuse values of the wrong JSON type)."""

    def model_errors(self, attrs) -> dict:
        instance = copy(self.instance) if self.instance is not None else self.Meta.model()
        for name, value in attrs.items():
            if not instance._meta.get_field(name).many_to_many:
                setattr(instance, name, value)
        try:
            instance.clean()
            instance.validate_constraints()
        except DjangoValidationError as exc:
            return model_error_dict(exc)
        return {}

    def validate(self, attrs):
        attrs = super().validate(attrs)
        errors = self.model_errors(attrs)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


def _quote_ids(**kwargs):
    return serializers.PrimaryKeyRelatedField(many=True, read_only=True, **kwargs)


class QuoteIdsField(serializers.PrimaryKeyRelatedField):
    """Writable list of quote ids (evidence)."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Quote.objects.all(), **kwargs)


# --- Maps and areas -------------------------------------------------------------------


class RoleMapSerializer(ModelRulesMixin, serializers.ModelSerializer):
    based_on = serializers.SlugRelatedField(
        slug_field="slug", queryset=RoleMap.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = RoleMap
        fields = ["slug", "name", "description", "based_on", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate_based_on(self, value):
        if value is not None and self.instance is not None and value.pk == self.instance.pk:
            raise serializers.ValidationError("A map cannot be based on itself.")
        return value


class AreaSerializer(ModelRulesMixin, serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["slug", "name", "description", "order"]


def _dispute_refs(whose: str):
    return DisputeRefSerializer(
        source="dispute_refs",
        many=True,
        read_only=True,
        help_text=(
            f"Where the sources disagree about this {whose}: the first {DISPUTE_REFS_LIMIT} "
            f"disputes in order; /api/v1/disputes/?{whose}=<slug> lists them all."
        ),
    )


# --- Roles ----------------------------------------------------------------------------


class RoleVariantSerializer(serializers.ModelSerializer):
    quotes = _quote_ids()

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
    quotes = _quote_ids()

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
            "quotes",
        ]
        read_only_fields = fields


class AreaCountSerializer(serializers.Serializer):
    area = serializers.CharField()
    area_name = serializers.CharField()
    count = serializers.IntegerField()


@extend_schema_serializer(component_name="RoleSummary")
class RoleListSerializer(ModelRulesMixin, serializers.ModelSerializer):
    """A role in a list: its assignments in the map as counts and a link, never nested
    (a role can hold thousands; see AssignmentViewSet for the rows)."""

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
    disputes = _dispute_refs("role")
    coverage = serializers.SerializerMethodField(
        help_text="How much evidence stands behind the role's assignments in the map."
    )

    class Meta:
        model = Role
        fields = [
            "slug",
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

    @extend_schema_field(CoverageSerializer)
    def get_coverage(self, role: Role) -> dict:
        # Computed once per response for every role in it (two grouped queries), not per row.
        known = self.context.setdefault("_coverage", {})
        if role.pk not in known:
            page = (
                self.parent.instance
                if isinstance(self.parent, serializers.ListSerializer)
                else None
            )
            ids = [r.pk for r in page] if page is not None else [role.pk]
            role_map = requested_map(self.context.get("request"))
            known.update(coverage_by_role(role_map, ids))
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


# --- Responsibilities and assignments ---------------------------------------------------


class ResponsibilityAssignmentSerializer(serializers.ModelSerializer):
    role = serializers.CharField(source="role.slug", read_only=True)
    quotes = _quote_ids()

    class Meta:
        model = Assignment
        fields = ["role", "level", "basis", "rationale", "quotes"]
        read_only_fields = fields


class ResponsibilitySerializer(ModelRulesMixin, serializers.ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="slug", queryset=Area.objects.all())
    quotes = QuoteIdsField(many=True, required=False)
    assignments = ResponsibilityAssignmentSerializer(
        source="map_assignments", many=True, read_only=True
    )
    disputes = _dispute_refs("responsibility")

    class Meta:
        model = Responsibility
        fields = [
            "slug",
            "name",
            "description",
            "area",
            "kind",
            "order",
            "quotes",
            "assignments",
            "disputes",
        ]


class AssignmentSerializer(ModelRulesMixin, serializers.ModelSerializer):
    map = serializers.SlugRelatedField(
        source="role_map",
        slug_field="slug",
        queryset=RoleMap.objects.all(),
        required=False,
        help_text="The role map; the reference map when left out.",
    )
    role = serializers.SlugRelatedField(slug_field="slug", queryset=Role.objects.all())
    responsibility = serializers.SlugRelatedField(
        slug_field="slug", queryset=Responsibility.objects.all()
    )
    responsibility_name = serializers.CharField(source="responsibility.name", read_only=True)
    area = serializers.CharField(source="responsibility.area.slug", read_only=True)
    quotes = QuoteIdsField(many=True, required=False)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "map",
            "role",
            "responsibility",
            "responsibility_name",
            "area",
            "level",
            "basis",
            "rationale",
            "note",
            "quotes",
        ]
        # The model's constraints run in validate() with their own readable messages.
        validators = []

    def validate(self, attrs):
        if self.instance is None and "role_map" not in attrs:
            try:
                attrs["role_map"] = RoleMap.objects.resolve()
            except UnknownMap:
                raise serializers.ValidationError(
                    {"map": ["Name the map for this assignment."]}
                ) from None
        attrs = super().validate(attrs)
        # Evidence is a many-to-many relation the model's clean() cannot see: the rule
        # book decides on the level and quotes this request leaves the assignment with.
        level = attrs.get("level", self.instance.level if self.instance else None)
        if "quotes" in attrs:
            texts = [quote.text for quote in attrs["quotes"]]
        elif self.instance is not None:
            texts = list(self.instance.quotes.values_list("text", flat=True))
        else:
            texts = []
        problem = evidence_problem(level=level, quote_count=len(texts)) or question_problem(
            level=level, quote_texts=texts
        )
        if problem:
            raise serializers.ValidationError({"quotes": [problem]})
        return attrs


# --- Evidence ---------------------------------------------------------------------------


@extend_schema_field({"type": "string", "maxLength": 500, "description": "http(s) URL, or ''."})
class BlankableURLField(serializers.URLField):
    """A URL or the empty string (one schema, not an ambiguous oneOf of the two)."""


class SourceSerializer(ModelRulesMixin, serializers.ModelSerializer):
    url = BlankableURLField(max_length=500, allow_blank=True, required=False)
    citation = serializers.CharField(read_only=True)
    quote_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Source
        fields = [
            "id",
            "slug",
            "title",
            "author",
            "publisher",
            "published",
            "url",
            "document",
            "note",
            "citation",
            "quote_count",
        ]


class SourceRefSerializer(serializers.ModelSerializer):
    citation = serializers.CharField(read_only=True)

    class Meta:
        model = Source
        fields = ["id", "slug", "citation"]
        read_only_fields = fields


class SupportedAssignmentSerializer(serializers.ModelSerializer):
    map = serializers.CharField(source="role_map.slug", read_only=True)
    role = serializers.CharField(source="role.slug", read_only=True)
    responsibility = serializers.CharField(source="responsibility.slug", read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "map", "role", "responsibility", "level", "basis"]
        read_only_fields = fields


def _slugs():
    return serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)


class QuoteSupportsSerializer(serializers.ModelSerializer):
    """What a quote is evidence for."""

    roles = _slugs()
    variants = serializers.SlugRelatedField(
        source="role_variants", slug_field="slug", many=True, read_only=True
    )
    responsibilities = _slugs()
    contrasts = _slugs()
    assignments = SupportedAssignmentSerializer(many=True, read_only=True)

    class Meta:
        model = Quote
        fields = ["roles", "variants", "responsibilities", "contrasts", "assignments"]
        read_only_fields = fields


class QuoteSerializer(ModelRulesMixin, serializers.ModelSerializer):
    source = SourceRefSerializer(read_only=True)
    source_id = serializers.PrimaryKeyRelatedField(
        source="source", queryset=Source.objects.all(), write_only=True
    )
    supports = QuoteSupportsSerializer(source="*", read_only=True)

    class Meta:
        model = Quote
        fields = ["id", "key", "text", "locator", "source", "source_id", "supports"]


class ContrastRefSerializer(serializers.ModelSerializer):
    roles = _slugs()
    quotes = _quote_ids()

    class Meta:
        model = Contrast
        fields = ["slug", "kind", "aspect", "summary", "roles", "quotes"]
        read_only_fields = fields
