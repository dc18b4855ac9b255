"""The source and quote resources: the documents and the verbatim words every claim rests on."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from responsibilities.models import Assignment, Quote, Source

from .common import ModelRulesMixin, slug_list


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


class QuoteSupportsSerializer(serializers.ModelSerializer):
    """What a quote is evidence for."""

    roles = slug_list()
    variants: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        source="role_variants", slug_field="slug", many=True, read_only=True
    )
    responsibilities = slug_list()
    contrasts = slug_list()
    assignments = SupportedAssignmentSerializer(many=True, read_only=True)

    class Meta:
        model = Quote
        fields = ["roles", "variants", "responsibilities", "contrasts", "assignments"]
        read_only_fields = fields


class QuoteSerializer(ModelRulesMixin, serializers.ModelSerializer):
    source = SourceRefSerializer(read_only=True)  # type: ignore[assignment]  # Field.source
    source_id = serializers.PrimaryKeyRelatedField(
        source="source", queryset=Source.objects.all(), write_only=True
    )
    supports = QuoteSupportsSerializer(source="*", read_only=True)

    class Meta:
        model = Quote
        fields = ["id", "key", "text", "locator", "source", "source_id", "supports"]
