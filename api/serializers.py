"""Resource serializers: explicit fields, nested reads from prefetched data, flat writes.

Nested parts (a role's assignments, a quote's source) are read-only and read only what
the viewset's queryset method prefetched, so no serializer issues per-row queries.
Writes name related rows by slug (or id for sources and quotes).
"""

from __future__ import annotations

from copy import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from responsibilities.models import Area, Assignment, Quote, Responsibility, Source
from responsibilities.rules import evidence_problem
from roles.models import Contrast, Role, RoleMap, RoleVariant, UnknownMap

from .errors import model_error_dict
from .strict import StrictTypesMixin


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
            "quotes",
        ]
        read_only_fields = fields


class RoleSerializer(ModelRulesMixin, serializers.ModelSerializer):
    quotes = QuoteIdsField(many=True, required=False)
    variants = RoleVariantSerializer(many=True, read_only=True)
    assignments = RoleAssignmentSerializer(source="map_assignments", many=True, read_only=True)

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
            "assignments",
        ]


# --- Responsibilities and assignments ---------------------------------------------------


class ResponsibilityAssignmentSerializer(serializers.ModelSerializer):
    role = serializers.CharField(source="role.slug", read_only=True)
    quotes = _quote_ids()

    class Meta:
        model = Assignment
        fields = ["role", "level", "quotes"]
        read_only_fields = fields


class ResponsibilitySerializer(ModelRulesMixin, serializers.ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="slug", queryset=Area.objects.all())
    quotes = QuoteIdsField(many=True, required=False)
    assignments = ResponsibilityAssignmentSerializer(
        source="map_assignments", many=True, read_only=True
    )

    class Meta:
        model = Responsibility
        fields = ["slug", "name", "description", "area", "kind", "order", "quotes", "assignments"]


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
            quote_count = len(attrs["quotes"])
        else:
            quote_count = self.instance.quotes.count() if self.instance else 0
        problem = evidence_problem(level=level, quote_count=quote_count)
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
        fields = ["id", "map", "role", "responsibility", "level"]
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
