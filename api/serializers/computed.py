"""The computed endpoints' JSON (compare, matrix, finder), serialized from the domain objects.

The views hand roles.comparison.Comparison, roles.matrix.Matrix and the finder's results
straight to these serializers, so the payload and the schema come from the same fields and
cannot drift apart. The map slug is not part of the domain objects: it comes in the
serializer context (`map`).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from responsibilities.levels import Basis, Level

from ..strict import StrictTypesMixin


class MapField(serializers.CharField):
    """The slug of the map the answer was computed on, from the serializer context."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, value):
        return self.context["map"]


class LinkField(serializers.URLField):
    """A link to a neighbouring page (`next`, `previous`), from the serializer context
    (`links`), or null where there is none."""

    def __init__(self, **kwargs):
        super().__init__(source="*", allow_null=True, **kwargs)

    def to_representation(self, value):
        return self.context["links"][self.field_name]


class SlugsField(serializers.ListField):
    """Related objects (a list or a prefetched manager's `.all`) as their slugs."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.CharField(), **kwargs)

    def to_representation(self, data):
        return [obj.slug for obj in data]


class IdsField(serializers.ListField):
    """Related objects as their ids."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.IntegerField(), **kwargs)

    def to_representation(self, data):
        return [obj.pk for obj in data]


class RoleRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    abbreviation = serializers.CharField()


class CellSerializer(serializers.Serializer):
    # A roles.comparison.Cell. Without an assignment the sources say nothing (level null,
    # stated false); level N is a source saying the role has no part.
    role = serializers.CharField(source="role.slug", help_text="Role slug.")
    level = serializers.ChoiceField(
        choices=Level.choices,
        allow_null=True,
        help_text=(
            "R, A, C, I; N: a source says in so many words that the role has no part; "
            "null: not stated, the sources say nothing about this role here."
        ),
    )
    stated = serializers.SerializerMethodField(
        help_text=(
            "Whether the sources say anything about this role's part: false with a null "
            "level (not stated), true for every level, N (no part, stated) included."
        )
    )
    basis = serializers.ChoiceField(
        source="assignment.basis",
        choices=Basis.choices,
        allow_null=True,
        help_text="How the sources support the level (docs/evidence.md); null without a level.",
    )
    rationale = serializers.SerializerMethodField(
        help_text="The wording the level rests on, in one line; may be empty."
    )
    quotes = IdsField(help_text="Quote ids.")

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_stated(self, cell) -> bool:
        return cell.assignment is not None

    @extend_schema_field(OpenApiTypes.STR)
    def get_rationale(self, cell) -> str:
        return cell.assignment.rationale if cell.assignment else ""


class CompareRowSerializer(serializers.Serializer):
    responsibility = serializers.CharField(
        source="responsibility.slug", help_text="Responsibility slug."
    )
    name = serializers.CharField(source="responsibility.name")
    area = serializers.CharField(source="responsibility.area.slug", help_text="Area slug.")
    area_name = serializers.CharField(source="responsibility.area.name")
    kind = serializers.CharField(source="responsibility.kind")
    status = serializers.ChoiceField(choices=["shared", "unique", "other"])
    shared = serializers.BooleanField(help_text="Two or more of the roles hold it at R or A.")
    unique_to = serializers.CharField(
        source="unique_to.slug", allow_null=True, help_text="The only holder, if one."
    )
    same = serializers.BooleanField(help_text="Every role has the same part.")
    cells = CellSerializer(many=True)


class RoleCountSerializer(serializers.Serializer):
    role = serializers.CharField(source="role.slug")
    held = serializers.IntegerField(help_text="Responsibilities held at R or A.")
    unique = serializers.IntegerField(help_text="Held by this role only among those compared.")
    top_areas = serializers.ListField(child=serializers.CharField())


class PairSerializer(serializers.Serializer):
    # One (role, role, overlap) tuple of Comparison.pairwise.
    roles = SlugsField(min_length=2, max_length=2)
    overlap = serializers.FloatField()

    def to_representation(self, instance):
        first, second, overlap = instance
        return super().to_representation({"roles": [first, second], "overlap": overlap})


class AttributeDiffSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    values = serializers.ListField(child=serializers.CharField())
    differs = serializers.BooleanField()


class CompareContrastSerializer(serializers.Serializer):
    slug = serializers.CharField()
    kind = serializers.CharField()
    aspect = serializers.CharField()
    summary = serializers.CharField()
    roles = SlugsField(source="roles.all")
    quotes = IdsField(source="quotes.all")


class ComparisonSerializer(serializers.Serializer):
    # A roles.comparison_page.ComparisonPage: counts over the whole comparison, one page of
    # rows; context: `map` and `links` (next, previous).
    map = MapField()
    roles = RoleRefSerializer(many=True)
    overlap = serializers.FloatField(help_text="Jaccard index over R/A responsibilities.")
    shared_count = serializers.IntegerField()
    union_count = serializers.IntegerField()
    counts = RoleCountSerializer(source="summaries", many=True)
    pairwise = PairSerializer(many=True)
    differences = serializers.CharField(
        source="differences_in_words", help_text="The biggest differences in words."
    )
    attributes = AttributeDiffSerializer(many=True)
    count = serializers.IntegerField(
        help_text=(
            "Rows in the whole comparison: responsibilities and shared qualities some of the "
            "roles have a stated part in."
        )
    )
    page = serializers.IntegerField(help_text="Row page, from 1.")
    pages = serializers.IntegerField()
    page_size = serializers.IntegerField(help_text="Rows a page (at most 100).")
    next = LinkField(help_text="The next row page.")
    previous = LinkField(help_text="The previous row page.")
    rows = CompareRowSerializer(
        many=True,
        help_text="This page's rows: responsibilities by area, then shared qualities.",
    )
    contrast_count = serializers.IntegerField(
        help_text="Contrasts the sources state between two or more of the roles."
    )
    contrasts = CompareContrastSerializer(many=True, help_text="The first 40 contrasts.")


class MatrixWindowRowSerializer(serializers.Serializer):
    # A roles.matrix.WindowRow: the cells of this page's role columns; `accountable` and
    # `warnings` read every role of the map.
    responsibility = serializers.CharField(source="responsibility.slug")
    name = serializers.CharField(source="responsibility.name")
    area = serializers.CharField(source="responsibility.area.slug")
    area_name = serializers.CharField(source="responsibility.area.name")
    kind = serializers.CharField(source="responsibility.kind")
    accountable = serializers.CharField(allow_null=True, help_text="Role slug, any column.")
    warnings = serializers.ListField(child=serializers.CharField())
    cells = CellSerializer(many=True)


class MatrixPageSerializer(serializers.Serializer):
    # A dict from api.computed.MatrixView: a window of the matrix and links to its neighbours.
    map = MapField()
    count = serializers.IntegerField(help_text="Responsibilities in the whole matrix.")
    page = serializers.IntegerField(help_text="Row page, from 1.")
    pages = serializers.IntegerField()
    page_size = serializers.IntegerField(help_text="Rows a page (at most 100).")
    cols = serializers.IntegerField(help_text="Column page, from 1 (12 roles a page).")
    col_pages = serializers.IntegerField()
    role_count = serializers.IntegerField(help_text="Roles in the whole matrix.")
    warning_count = serializers.IntegerField(help_text="Rows with a gap, in the whole matrix.")
    next = serializers.URLField(allow_null=True, help_text="The next row page.")
    previous = serializers.URLField(allow_null=True)
    next_cols = serializers.URLField(allow_null=True, help_text="The next column page.")
    previous_cols = serializers.URLField(allow_null=True)
    roles = RoleRefSerializer(many=True, help_text="This page's role columns, in order.")
    rows = MatrixWindowRowSerializer(many=True)


class ResponsibilityRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class FinderMatchSerializer(serializers.Serializer):
    # An Assignment the role has a part in among the ticked responsibilities.
    responsibility = serializers.CharField(source="responsibility.slug")
    name = serializers.CharField(source="responsibility.name")
    level = serializers.ChoiceField(choices=Level.choices)
    basis = serializers.ChoiceField(choices=Basis.choices)


class FinderResultSerializer(serializers.Serializer):
    role = RoleRefSerializer()
    score = serializers.FloatField(help_text="0–1: A/R count 1, C 0.5, I 0.25, averaged.")
    percent = serializers.IntegerField(
        help_text=(
            "0–100: the share of the ticked responsibilities the role has a part in (A, R, "
            "C or I); 100 when it has a part in every one. Roles are ranked by it, then by "
            "`score`."
        )
    )
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
    reasons = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_reasons(self, result) -> list[str]:
        reasons = [f"{Level(a.level).label} for {a.responsibility.name}" for a in result.matched]
        reasons += [f"Not stated in the sources for {r.name}" for r in result.not_done]
        if result.also_holds_count:
            reasons.append(
                f"Also holds {result.also_holds_count} responsibilities you did not tick"
            )
        return reasons


class FinderSerializer(serializers.Serializer):
    # {"responsibilities": the ticked slugs, "results": roles.finder results}; context: `map`.
    map = MapField()
    responsibilities = serializers.ListField(child=serializers.CharField())
    results = FinderResultSerializer(many=True)


class FinderQuerySerializer(StrictTypesMixin, serializers.Serializer):
    responsibilities = serializers.ListField(
        child=serializers.CharField(max_length=120),
        max_length=500,
        help_text="Responsibility slugs.",
    )
