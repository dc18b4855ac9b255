"""Evidence shapes shared by resources: a role's coverage, references to disputes (and the
field that lists the first few)."""

from __future__ import annotations

from rest_framework import serializers

from responsibilities.models import DISPUTE_REFS_LIMIT, Dispute


class DisputeRefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:dispute-detail", lookup_field="slug")

    class Meta:
        model = Dispute
        fields = ["slug", "topic", "url"]
        read_only_fields = fields


class BasisCountsSerializer(serializers.Serializer):
    stated = serializers.IntegerField()
    described = serializers.IntegerField()
    inferred = serializers.IntegerField()
    agreed = serializers.IntegerField(
        help_text="Agreed by the team: the team's own decisions (team maps), not sources' words."
    )


class LevelCountsSerializer(serializers.Serializer):
    R = serializers.IntegerField(help_text="Responsible.")
    A = serializers.IntegerField(help_text="Accountable.")
    C = serializers.IntegerField(help_text="Consulted.")
    I = serializers.IntegerField(help_text="Informed.")  # noqa: E741  (the level's letter)
    N = serializers.IntegerField(help_text="No part (stated).")


class CoverageSerializer(serializers.Serializer):
    """How much evidence stands behind the role's assignments in the map."""

    quotes = serializers.IntegerField(source="quote_count", help_text="Distinct quotes cited.")
    sources = serializers.IntegerField(
        source="source_count", help_text="Distinct sources those quotes come from."
    )
    assignments = serializers.IntegerField(source="assignment_count")
    without_quote = serializers.IntegerField(
        source="unquoted_count", help_text="Assignments no quote backs yet."
    )
    by_basis = BasisCountsSerializer(help_text="Assignments by basis.")
    by_level = LevelCountsSerializer(help_text="Assignments by level.")
    in_words = serializers.CharField(
        help_text="E.g. “12 assignments rest on 3 quotes from 1 source”."
    )


def dispute_refs(whose: str):
    return DisputeRefSerializer(
        source="dispute_refs",
        many=True,
        read_only=True,
        help_text=(
            f"Where the sources disagree about this {whose}: the first {DISPUTE_REFS_LIMIT} "
            f"disputes in order; /api/v1/disputes/?{whose}=<slug> lists them all."
        ),
    )
