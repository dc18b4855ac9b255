"""The assignment resource: a role's RACI level for a responsibility in a map, with evidence.

Writes go through the rule book (responsibilities.rules) for what the model's clean() cannot
see: the quotes a request leaves the assignment with.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from responsibilities.models import Assignment, Responsibility, visible_in_q
from responsibilities.rules import evidence_problem, question_problem, team_change
from roles.departs import departures
from roles.dispute_sides import Side, dispute_sides
from roles.models import Role, RoleMap, UnknownMap, default_map_slug

from .common import ModelRulesMixin, QuoteIdsField


class MapScopedSlugField(serializers.SlugRelatedField):
    """A role or responsibility slug, found among what the assignment's map shows (slugs
    are unique there, not across maps): the `map` of the request body, else the
    assignment's own map, else the default map."""

    def get_queryset(self):
        queryset = super().get_queryset()
        assert queryset is not None  # the field is declared with a queryset
        parent = self.parent
        data = getattr(parent, "initial_data", None)
        wanted = data.get("map") if isinstance(data, Mapping) else None
        instance = getattr(parent, "instance", None)
        if isinstance(wanted, str):
            role_map = RoleMap.objects.filter(slug=wanted).first()
        elif isinstance(instance, Assignment):
            role_map = instance.role_map
        else:
            role_map = RoleMap.objects.filter(slug=default_map_slug()).first()
        return queryset.filter(visible_in_q(role_map))


class DisputePositionRefSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The position's key (see /api/v1/disputes/).")
    statement = serializers.CharField(help_text="The position in plain words.")


class DisputeSideSerializer(serializers.Serializer):
    dispute = serializers.CharField(help_text="The dispute's slug.")
    topic = serializers.CharField()
    taken = DisputePositionRefSerializer(
        many=True,
        help_text=(
            "The positions whose roles are exactly the disputed roles the team made the "
            "holder here (Accountable, else Responsible). Empty: no single side matches."
        ),
    )
    others = DisputePositionRefSerializer(many=True, help_text="The other positions.")


class AssignmentSerializer(ModelRulesMixin, serializers.ModelSerializer):
    map = serializers.SlugRelatedField(
        source="role_map",
        slug_field="slug",
        queryset=RoleMap.objects.all(),
        required=False,
        help_text="The role map; the reference map when left out.",
    )
    role = MapScopedSlugField(slug_field="slug", queryset=Role.objects.all())
    responsibility = MapScopedSlugField(slug_field="slug", queryset=Responsibility.objects.all())
    responsibility_name = serializers.CharField(source="responsibility.name", read_only=True)
    area = serializers.CharField(source="responsibility.area.slug", read_only=True)
    quotes = QuoteIdsField(many=True, required=False)
    departs = serializers.SerializerMethodField(
        help_text=(
            "Team maps: true when this part (a shared role on a shared responsibility) "
            "differs from the map the team map is based on (else the default map): the team "
            "departs from the sources. Always false in reference maps."
        )
    )
    dispute_sides = serializers.SerializerMethodField(
        help_text=(
            "Team maps: where the sources disagree about this part (a dispute on its "
            "responsibility involving its role), the side the team took. Always empty in "
            "reference maps."
        )
    )

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
            "decided_on",
            "decided_by",
            "note",
            "quotes",
            "departs",
            "dispute_sides",
        ]
        # The model's constraints run in validate() with their own readable messages.
        validators: list[Any] = []

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_departs(self, assignment: Assignment) -> bool:
        # One query per map in a response (the page's parts), none for a reference map.
        known = cast(dict[str, Any], self.context).setdefault("_departures", {})
        if assignment.role_map_id not in known:
            page = (
                self.parent.instance
                if isinstance(self.parent, serializers.ListSerializer)
                else None
            )
            ids = [a.pk for a in page] if page is not None else [assignment.pk]
            known[assignment.role_map_id] = departures(assignment.role_map, ids=ids)
        return assignment.pk in known[assignment.role_map_id]

    @extend_schema_field(DisputeSideSerializer(many=True))
    def get_dispute_sides(self, assignment: Assignment) -> list[dict]:
        # At most three queries per map in a response (the page's parts), none for a
        # reference map (roles/dispute_sides.py).
        known = cast(dict[str, Any], self.context).setdefault("_dispute_sides", {})
        if assignment.role_map_id not in known:
            page = (
                self.parent.instance
                if isinstance(self.parent, serializers.ListSerializer)
                else None
            )
            parts = list(page) if page is not None else [assignment]
            known[assignment.role_map_id] = dispute_sides(assignment.role_map, parts)
        sides: tuple[Side, ...] = known[assignment.role_map_id].get(assignment.pk, ())
        return [
            {
                "dispute": side.dispute,
                "topic": side.topic,
                "taken": [{"key": p.key, "statement": p.statement} for p in side.taken],
                "others": [{"key": p.key, "statement": p.statement} for p in side.others],
            }
            for side in sides
        ]

    def validate(self, attrs):
        if self.instance is None and "role_map" not in attrs:
            try:
                attrs["role_map"] = RoleMap.objects.resolve()
            except UnknownMap:
                raise serializers.ValidationError(
                    {"map": ["Name the map for this assignment."]}
                ) from None
        before = self.instance
        if "quotes" in attrs:
            quotes = list(attrs["quotes"])
        elif before is not None:
            quotes = list(before.quotes.all())
        else:
            quotes = []
        if before is not None:
            # In a team map, a changed level without a new quote is the team's decision.
            change = team_change(
                map_kind=attrs.get("role_map", before.role_map).kind,
                before_level=before.level,
                before_basis=before.basis,
                before_rationale=before.rationale,
                before_quote_ids=[quote.pk for quote in before.quotes.all()],
                level=attrs.get("level", before.level),
                basis=attrs.get("basis", before.basis),
                rationale=attrs.get("rationale", before.rationale),
                quote_ids=[quote.pk for quote in quotes],
            )
            if change.basis != attrs.get("basis", before.basis):
                attrs["basis"], attrs["rationale"] = change.basis, change.rationale
        attrs = super().validate(attrs)
        # Evidence is a many-to-many relation the model's clean() cannot see: the rule
        # book decides on the level and quotes this request leaves the assignment with.
        level = attrs.get("level", before.level if before else None)
        basis = attrs.get("basis", before.basis if before else None)
        texts = [quote.text for quote in quotes]
        problem = evidence_problem(
            level=level, quote_count=len(texts), basis=basis
        ) or question_problem(level=level, quote_texts=texts, basis=basis)
        if problem:
            raise serializers.ValidationError({"quotes": [problem]})
        return attrs
