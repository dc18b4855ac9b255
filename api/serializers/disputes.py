"""The dispute resource: a question the sources disagree on, with its quoted positions."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from responsibilities.models import Dispute, DisputePosition, Quote, Responsibility
from roles.models import Role

from .common import ModelRulesMixin
from .sources import SourceRefSerializer


class PositionQuoteSerializer(serializers.ModelSerializer):
    source = SourceRefSerializer(read_only=True)  # type: ignore[assignment]  # Field.source

    class Meta:
        model = Quote
        fields = ["id", "key", "text", "locator", "source"]
        read_only_fields = fields


class DisputePositionSerializer(serializers.ModelSerializer):
    roles: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    quotes = PositionQuoteSerializer(many=True, read_only=True)

    class Meta:
        model = DisputePosition
        fields = ["key", "statement", "order", "roles", "quotes"]
        read_only_fields = fields


class DisputeSerializer(ModelRulesMixin, serializers.ModelSerializer):
    """A question the sources disagree on; positions are read here and edited in the admin."""

    roles = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Role.objects.all(), help_text="Role slugs."
    )
    responsibilities = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        queryset=Responsibility.objects.all(),
        required=False,
        help_text="Slugs of the responsibilities whose assignments the dispute affects.",
    )
    positions = DisputePositionSerializer(
        many=True, read_only=True, help_text="Each side, with the roles and quotes that take it."
    )

    class Meta:
        model = Dispute
        fields = ["slug", "topic", "summary", "order", "roles", "responsibilities", "positions"]
