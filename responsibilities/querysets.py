"""Read queries for responsibilities and evidence, bundled per use (see roles.querysets)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Count, Prefetch


def _map_slug(role_map: str | None) -> str:
    return role_map or settings.PMROLES_DEFAULT_MAP


class SourceQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)

    def with_quote_counts(self) -> SourceQuerySet:
        return self.annotate(quote_count=Count("quotes"))

    def with_quotes(self) -> SourceQuerySet:
        """Sources with their quotes and everything each quote supports."""
        from .models import Quote

        return self.prefetch_related(
            Prefetch("quotes", queryset=Quote.objects.with_supports().order_by("key"))
        )


class QuoteQuerySet(models.QuerySet):
    def get_by_natural_key(self, key: str):
        return self.get(key=key)

    def with_source(self) -> QuoteQuerySet:
        return self.select_related("source")

    def with_supports(self) -> QuoteQuerySet:
        """Quotes with the roles, responsibilities and assignments they are evidence for."""
        return self.select_related("source").prefetch_related(
            "roles",
            "responsibilities",
            "role_variants",
            "contrasts",
            Prefetch(
                "assignments",
                queryset=_assignment_model()
                .objects.select_related("role", "responsibility", "role_map")
                .order_by("role_map__name", "role__order", "responsibility__name"),
            ),
        )


def _assignment_model():
    from .models import Assignment

    return Assignment


class AreaQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class ResponsibilityQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)

    def with_assignments(self, role_map: str | None = None) -> ResponsibilityQuerySet:
        """Responsibilities with `map_assignments` (one map) carrying roles and quotes."""
        from .models import Quote

        assignments = (
            _assignment_model()
            .objects.filter(role_map__slug=_map_slug(role_map))
            .select_related("role")
            .prefetch_related(Prefetch("quotes", queryset=Quote.objects.with_source()))
            .order_by("role__order", "role__name")
        )
        return self.select_related("area").prefetch_related(
            Prefetch("assignments", queryset=assignments, to_attr="map_assignments"),
            Prefetch("quotes", queryset=Quote.objects.with_source()),
        )

    def for_matrix(self, role_map: str | None = None) -> ResponsibilityQuerySet:
        return self.with_assignments(role_map).order_by("area__order", "order", "name")

    def for_finder(self) -> ResponsibilityQuerySet:
        """The work a reader can tick in the finder (not shared qualities), in area order."""
        from .models import Kind

        return (
            self.filter(kind=Kind.RESPONSIBILITY)
            .select_related("area")
            .order_by("area__order", "area__name", "order", "name")
        )

    def for_api(self, role_map: str | None = None) -> ResponsibilityQuerySet:
        """API list and detail need the same shape and order as the matrix rows."""
        return self.for_matrix(role_map)


class AssignmentQuerySet(models.QuerySet):
    def get_by_natural_key(self, role_map: str, role: str, responsibility: str):
        return self.get(
            role_map__slug=role_map, role__slug=role, responsibility__slug=responsibility
        )

    def in_map(self, role_map: str | None = None) -> AssignmentQuerySet:
        return self.filter(role_map__slug=_map_slug(role_map))

    def with_evidence(self) -> AssignmentQuerySet:
        from .models import Quote

        return self.select_related("role_map", "role", "responsibility__area").prefetch_related(
            Prefetch("quotes", queryset=Quote.objects.with_source())
        )
