"""Read queries for roles: each method bundles the joins and prefetches a page needs.

Views and API viewsets call these instead of composing select/prefetch themselves, so
the number of SQL queries per page stays fixed whatever the data size.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Prefetch


def _map_slug(role_map: str | None) -> str:
    return role_map or settings.PMROLES_DEFAULT_MAP


class RoleMapQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)

    def default(self):
        """The map that pages use when none is asked for (the reference map)."""
        return self.get(slug=settings.PMROLES_DEFAULT_MAP)

    def for_api(self) -> RoleMapQuerySet:
        return self.select_related("based_on")


class RoleQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)

    def for_listing(self) -> RoleQuerySet:
        return self.order_by("order", "name").prefetch_related("variants")

    def with_assignments(self, role_map: str | None = None) -> RoleQuerySet:
        """Roles with `map_assignments`: their assignments in one map, with evidence."""
        from responsibilities.models import Assignment, Quote

        assignments = (
            Assignment.objects.filter(role_map__slug=_map_slug(role_map))
            .select_related("responsibility__area")
            .prefetch_related(Prefetch("quotes", queryset=Quote.objects.with_source()))
            .order_by(
                "responsibility__area__order", "responsibility__order", "responsibility__name"
            )
        )
        return self.prefetch_related(
            Prefetch("assignments", queryset=assignments, to_attr="map_assignments")
        )

    def for_detail(self, role_map: str | None = None) -> RoleQuerySet:
        from responsibilities.models import Quote

        return self.with_assignments(role_map).prefetch_related(
            Prefetch("quotes", queryset=Quote.objects.with_source()),
            Prefetch("variants", queryset=_variants_qs()),
            Prefetch("contrasts", queryset=_contrasts_qs()),
        )

    def for_comparison(
        self, slugs: Iterable[str] | None = None, role_map: str | None = None
    ) -> RoleQuerySet:
        qs = self.for_detail(role_map)
        if slugs is not None:
            qs = qs.filter(slug__in=list(slugs))
        return qs

    def for_api(self, role_map: str | None = None) -> RoleQuerySet:
        """API list and detail: attributes, evidence ids, variants and one map's assignments."""
        return self.with_assignments(role_map).prefetch_related(
            "quotes", Prefetch("variants", queryset=_variants_qs())
        )


def _variants_qs():
    from responsibilities.models import Quote

    from .models import RoleVariant

    return RoleVariant.objects.order_by("order", "name").prefetch_related(
        Prefetch("quotes", queryset=Quote.objects.with_source())
    )


def _contrasts_qs():
    from .models import Contrast

    return Contrast.objects.with_evidence()


class RoleVariantQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class ContrastQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)

    def with_evidence(self) -> ContrastQuerySet:
        from responsibilities.models import Quote

        return self.prefetch_related(
            "roles", Prefetch("quotes", queryset=Quote.objects.with_source())
        )
