"""The map health resource (GET /api/v1/maps/{slug}/health/): serializers that read the
domain's result objects (roles/health.py) directly, so the schema and the output agree."""

from __future__ import annotations

from rest_framework import serializers

from roles.health import KINDS, SEVERITIES


class HealthRowSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="Responsibility slug.")
    name = serializers.CharField()
    area = serializers.CharField(help_text="Area name.")


class HealthRoleSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="Role slug.")
    name = serializers.CharField()


class FindingSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(KINDS))
    title = serializers.CharField(help_text="The kind in plain words.")
    severity = serializers.ChoiceField(choices=list(SEVERITIES))
    message = serializers.CharField(help_text="What is wrong, in plain words.")
    advice = serializers.CharField(help_text="What to do.")
    rows = HealthRowSerializer(many=True, help_text="The responsibilities it concerns.")
    roles = HealthRoleSerializer(many=True, help_text="The roles it concerns.")


class SeverityCountsSerializer(serializers.Serializer):
    error = serializers.IntegerField()
    warning = serializers.IntegerField()
    note = serializers.IntegerField()


class KindCountSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(KINDS))
    title = serializers.CharField()
    count = serializers.IntegerField()


class ThresholdsSerializer(serializers.Serializer):
    max_a_share = serializers.IntegerField(
        help_text="Percent of the Accountable parts above which a role is reported."
    )
    min_quotes = serializers.IntegerField(
        help_text="A role whose parts rest on fewer quotes (or on one source) is reported."
    )


class HealthMapSerializer(serializers.Serializer):
    slug = serializers.CharField(source="map_slug")
    name = serializers.CharField(source="map_name")
    kind = serializers.CharField(source="map_kind", help_text="reference or team.")


def health_data(health, page) -> dict:
    """The response body: the map, thresholds, counts, counts by kind and one page."""
    return MapHealthSerializer(
        {
            "map": health,
            "thresholds": health,
            "counts": health.counts,
            "has_errors": health.has_errors,
            "responsibilities": health.row_count,
            "roles": health.role_count,
            "parts": health.part_count,
            "by_kind": [
                {"kind": kind, "title": title, "count": len(found)}
                for kind, title, found in health.groups
            ],
            "count": page.count,
            "page": page.page,
            "num_pages": page.num_pages,
            "page_size": page.page_size,
            "findings": page.findings,
        }
    ).data


class MapHealthSerializer(serializers.Serializer):
    map = HealthMapSerializer()
    thresholds = ThresholdsSerializer()
    counts = SeverityCountsSerializer(help_text="Findings of each severity, over every page.")
    has_errors = serializers.BooleanField(help_text="`manage.py check_map` exits 1 when true.")
    responsibilities = serializers.IntegerField(help_text="Responsibilities checked.")
    roles = serializers.IntegerField(help_text="Roles the map shows.")
    parts = serializers.IntegerField(help_text="Assignments in the map.")
    by_kind = KindCountSerializer(many=True, help_text="Findings per kind, kinds found only.")
    count = serializers.IntegerField(help_text="Findings matching `kind`, over every page.")
    page = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    page_size = serializers.IntegerField()
    findings = FindingSerializer(many=True, help_text="This page's findings.")
