"""The assignment resource: a role's RACI level for a responsibility in a map, with evidence.

Writes go through the rule book (responsibilities.rules) for what the model's clean() cannot
see: the quotes a request leaves the assignment with.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from responsibilities.models import Assignment, Responsibility
from responsibilities.rules import evidence_problem, question_problem
from roles.models import Role, RoleMap, UnknownMap

from .common import ModelRulesMixin, QuoteIdsField


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
        validators: list[Any] = []

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
