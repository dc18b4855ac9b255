"""The area and responsibility resources; a responsibility nests its assignments in the map."""

from __future__ import annotations

from rest_framework import serializers

from responsibilities.models import Area, Assignment, Responsibility

from .common import ModelRulesMixin, OwnerMapField, OwnerMapMixin, QuoteIdsField, quote_ids
from .evidence import dispute_refs


class AreaSerializer(ModelRulesMixin, serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["slug", "name", "description", "order"]


class ResponsibilityAssignmentSerializer(serializers.ModelSerializer):
    role = serializers.CharField(source="role.slug", read_only=True)
    quotes = quote_ids()

    class Meta:
        model = Assignment
        fields = ["role", "level", "basis", "rationale", "decided_on", "decided_by", "quotes"]
        read_only_fields = fields


class ResponsibilitySerializer(OwnerMapMixin, ModelRulesMixin, serializers.ModelSerializer):
    map = OwnerMapField()
    area = serializers.SlugRelatedField(slug_field="slug", queryset=Area.objects.all())
    quotes = QuoteIdsField(many=True, required=False)
    assignments = ResponsibilityAssignmentSerializer(
        source="map_assignments", many=True, read_only=True
    )
    disputes = dispute_refs("responsibility")

    class Meta:
        model = Responsibility
        fields = [
            "slug",
            "map",
            "name",
            "description",
            "area",
            "kind",
            "order",
            "quotes",
            "assignments",
            "disputes",
        ]
        # The model's constraints (slugs and names per map) run in validate().
        validators: list = []
