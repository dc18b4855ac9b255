"""Shapes of the computed endpoints (compare, matrix, finder), for output and the schema."""

from rest_framework import serializers

from responsibilities.levels import Basis, Level

from .strict import StrictTypesMixin


class RoleRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    abbreviation = serializers.CharField()


class CellSerializer(serializers.Serializer):
    role = serializers.CharField(help_text="Role slug.")
    level = serializers.ChoiceField(
        choices=Level.choices,
        allow_null=True,
        help_text=(
            "R, A, C, I; N: a source says in so many words that the role has no part; "
            "null: not stated, the sources say nothing about this role here."
        ),
    )
    stated = serializers.BooleanField(
        help_text=(
            "Whether the sources say anything about this role's part: false with a null "
            "level (not stated), true for every level, N (no part, stated) included."
        )
    )
    basis = serializers.ChoiceField(
        choices=Basis.choices,
        allow_null=True,
        help_text="How the sources support the level (docs/evidence.md); null without a level.",
    )
    rationale = serializers.CharField(
        allow_blank=True, help_text="The wording the level rests on, in one line; may be empty."
    )
    quotes = serializers.ListField(child=serializers.IntegerField(), help_text="Quote ids.")


class CompareRowSerializer(serializers.Serializer):
    responsibility = serializers.CharField(help_text="Responsibility slug.")
    name = serializers.CharField()
    area = serializers.CharField(help_text="Area slug.")
    area_name = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.ChoiceField(choices=["shared", "unique", "other"])
    shared = serializers.BooleanField(help_text="Two or more of the roles hold it at R or A.")
    unique_to = serializers.CharField(allow_null=True, help_text="The only holder, if one.")
    same = serializers.BooleanField(help_text="Every role has the same part.")
    cells = CellSerializer(many=True)


class RoleCountSerializer(serializers.Serializer):
    role = serializers.CharField()
    held = serializers.IntegerField(help_text="Responsibilities held at R or A.")
    unique = serializers.IntegerField(help_text="Held by this role only among those compared.")
    top_areas = serializers.ListField(child=serializers.CharField())


class PairSerializer(serializers.Serializer):
    roles = serializers.ListField(child=serializers.CharField(), min_length=2, max_length=2)
    overlap = serializers.FloatField()


class AttributeDiffSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    values = serializers.ListField(child=serializers.CharField())
    differs = serializers.BooleanField()


class CompareContrastSerializer(serializers.Serializer):
    slug = serializers.CharField()
    kind = serializers.CharField()
    aspect = serializers.CharField()
    summary = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    quotes = serializers.ListField(child=serializers.IntegerField())


class ComparisonSerializer(serializers.Serializer):
    map = serializers.CharField()
    roles = RoleRefSerializer(many=True)
    overlap = serializers.FloatField(help_text="Jaccard index over R/A responsibilities.")
    shared_count = serializers.IntegerField()
    union_count = serializers.IntegerField()
    counts = RoleCountSerializer(many=True)
    pairwise = PairSerializer(many=True)
    differences = serializers.CharField(help_text="The biggest differences in words.")
    attributes = AttributeDiffSerializer(many=True)
    rows = CompareRowSerializer(many=True)
    contrasts = CompareContrastSerializer(many=True)


class MatrixRowSerializer(serializers.Serializer):
    responsibility = serializers.CharField()
    name = serializers.CharField()
    area = serializers.CharField()
    area_name = serializers.CharField()
    kind = serializers.CharField()
    accountable = serializers.CharField(allow_null=True)
    warnings = serializers.ListField(child=serializers.CharField())
    cells = CellSerializer(many=True)


class MatrixSerializer(serializers.Serializer):
    map = serializers.CharField()
    roles = RoleRefSerializer(many=True)
    warning_count = serializers.IntegerField()
    rows = MatrixRowSerializer(many=True)


class ResponsibilityRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class FinderMatchSerializer(serializers.Serializer):
    responsibility = serializers.CharField()
    name = serializers.CharField()
    level = serializers.ChoiceField(choices=Level.choices)
    basis = serializers.ChoiceField(choices=Basis.choices)


class FinderResultSerializer(serializers.Serializer):
    role = RoleRefSerializer()
    score = serializers.FloatField(help_text="0–1: A/R count 1, C 0.5, I 0.25, averaged.")
    percent = serializers.IntegerField()
    matched = FinderMatchSerializer(
        many=True, help_text="Ticked responsibilities the role has a stated part in (N too)."
    )
    not_done = ResponsibilityRefSerializer(
        many=True,
        help_text="Ticked responsibilities the sources say nothing about for this role.",
    )
    also_holds = ResponsibilityRefSerializer(
        many=True, help_text="Up to 10 of the other responsibilities the role holds, by name."
    )
    also_holds_count = serializers.IntegerField(
        help_text="How many responsibilities the role holds (R or A) that were not ticked."
    )
    reasons = serializers.ListField(child=serializers.CharField())


class FinderSerializer(serializers.Serializer):
    map = serializers.CharField()
    responsibilities = serializers.ListField(child=serializers.CharField())
    results = FinderResultSerializer(many=True)


class FinderQuerySerializer(StrictTypesMixin, serializers.Serializer):
    responsibilities = serializers.ListField(
        child=serializers.CharField(max_length=120),
        max_length=500,
        help_text="Responsibility slugs.",
    )
