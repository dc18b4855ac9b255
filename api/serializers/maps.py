"""The role map resource: a named set of assignments, possibly based on another map."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from roles.models import RoleMap

from ..strict import StrictTypesMixin
from .common import ModelRulesMixin


class RoleMapSerializer(ModelRulesMixin, serializers.ModelSerializer):
    based_on = serializers.SlugRelatedField(
        slug_field="slug", queryset=RoleMap.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = RoleMap
        fields = [
            "slug",
            "name",
            "description",
            "kind",
            "status",
            "based_on",
            "last_reviewed",
            "review_every_days",
            "review_due_on",
            "review_due",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    review_due_on = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="When the next review is due (null without a review schedule).",
    )
    review_due = serializers.SerializerMethodField(
        help_text="True when the map is past its review date."
    )

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_review_due(self, role_map: RoleMap) -> bool:
        return role_map.review_due()

    def validate_based_on(self, value):
        if value is not None and self.instance is not None and value.pk == self.instance.pk:
            raise serializers.ValidationError("A map cannot be based on itself.")
        return value


class MapCopySerializer(StrictTypesMixin, serializers.Serializer):
    """`POST /maps/{slug}/copy/`: the new team map's name and slug."""

    name = serializers.CharField(max_length=120, help_text="Name of the new map.")
    slug = serializers.SlugField(max_length=120, help_text="Slug of the new map.")


class MapReviewSerializer(StrictTypesMixin, serializers.Serializer):
    """`POST /maps/{slug}/review/`: the day of the review (today when left out)."""

    on = serializers.DateField(
        required=False, help_text="The day the map was reviewed (YYYY-MM-DD); today if left out."
    )
