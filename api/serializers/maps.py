"""The role map resource: a named set of assignments, possibly based on another map."""

from __future__ import annotations

from rest_framework import serializers

from roles.models import RoleMap

from .common import ModelRulesMixin


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
