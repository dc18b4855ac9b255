"""The shared catalogue's areas and responsibilities (and each team map's own).

Names and slugs are unique among what one map sees (see visibility.check_slug).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Lower

from ..history import RecordedHistory
from ..links import page_url
from .evidence import Quote
from .kept_order import by_ids
from .visibility import check_slug, natural_key_lookup, visible_in_q

if TYPE_CHECKING:
    from .assignments import Assignment
    from .visibility import MapRef


class AreaQuerySet(models.QuerySet["Area"]):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class ResponsibilityQuerySet(models.QuerySet["Responsibility"]):
    def get_by_natural_key(self, slug: str, map_slug: str | None = None):
        return self.get(**natural_key_lookup(slug, map_slug))

    def visible_in(self, role_map: MapRef | str) -> ResponsibilityQuerySet:
        """The shared catalogue and `role_map`'s own responsibilities (see visible_in_q)."""
        return self.filter(visible_in_q(role_map))

    def shared(self) -> ResponsibilityQuerySet:
        return self.filter(map__isnull=True)

    def with_assignments(self, role_map: MapRef) -> ResponsibilityQuerySet:
        """Responsibilities with `map_assignments` (one map) carrying roles and quotes."""
        # Assignments build on responsibilities (assignments.py imports this module), so
        # the model is looked up by name here.
        Assignment = apps.get_model("responsibilities", "Assignment")
        assignments = (
            Assignment.objects.filter(role_map=role_map)
            .select_related("role")
            .prefetch_related(Prefetch("quotes", queryset=Quote.objects.with_source()))
            .order_by("role__order", "role__name")
        )
        return (
            self.filter(visible_in_q(role_map))
            .select_related("area")
            .prefetch_related(
                Prefetch("assignments", queryset=assignments, to_attr="map_assignments"),
                Prefetch("quotes", queryset=Quote.objects.with_source()),
            )
        )

    def for_matrix(self, role_map: MapRef) -> ResponsibilityQuerySet:
        return self.with_assignments(role_map).order_by("area__order", "order", "name")

    def for_choosing(self) -> ResponsibilityQuerySet:
        """What the finder lists to tick or shows as ticked: names, no search vectors."""
        return (
            self.filter(kind=Kind.RESPONSIBILITY)
            .select_related("area")
            .only(
                *("id", "slug", "name", "description", "kind", "order"),
                *("area__slug", "area__name", "area__order"),
            )
            .order_by("area__order", "area__name", "order", "name")
        )

    def for_api(self, role_map: MapRef) -> ResponsibilityQuerySet:
        """API list and detail need the same shape and order as the matrix rows."""
        return self.for_matrix(role_map).select_related("map").with_dispute_refs()

    def page_ids(self, offset: int, limit: int) -> list[int]:
        """The ids of one page of these, in the matrix's order (area, then place in it).

        A page is read in two steps: its ids (narrow rows, so PostgreSQL sorts them in
        memory), then its rows (by_ids). Sorting whole rows with their annotations went to
        disk and computed the annotations of every row before the page: a late page of the
        scale-1 matrix took 340 ms, 7,500 subqueries for 50 rows.
        """
        ordered = self.order_by("area__order", "area__name", "order", "name")
        return list(ordered.values_list("pk", flat=True)[offset : offset + limit])

    def by_ids(self, ids: list[int]) -> list[Responsibility]:
        """These among `ids`, in the order of `ids` (the second step of page_ids)."""
        return by_ids(self, ids)

    def with_dispute_refs(self) -> ResponsibilityQuerySet:
        """`dispute_refs`: the first disputes that affect each responsibility (one query)."""
        Dispute = apps.get_model("responsibilities", "Dispute")  # disputes.py imports this one
        return self.prefetch_related(
            Prefetch("disputes", queryset=Dispute.objects.refs(), to_attr="dispute_refs")
        )


class Area(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = RecordedHistory()
    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class Kind(models.TextChoices):
    RESPONSIBILITY = "responsibility", "Responsibility"
    SHARED_QUALITY = "shared-quality", "Shared quality"


class Responsibility(models.Model):
    """A piece of work a role can hold, or (kind=shared quality) a trait roles share.

    It belongs to the shared catalogue (`map` empty) or to one map (a team's own
    responsibility, deleted with its map). Names and slugs are unique among what one map
    sees: constraints below for the catalogue and within a map, clean() (slug_clash) for an
    own entry against the catalogue.
    """

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120)
    map = models.ForeignKey(
        "roles.RoleMap",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="own_responsibilities",
        help_text="Empty: the shared catalogue every map uses. A map: that map's own.",
    )
    description = models.TextField(blank=True)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="responsibilities")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RESPONSIBILITY)
    order = models.PositiveSmallIntegerField(default=0)
    quotes = models.ManyToManyField(Quote, blank=True, related_name="responsibilities")
    # Name (weight A), description (B) and area name (D), kept by a PostgreSQL trigger on
    # every write path (migration 0007_search_vector) and indexed with GIN; NULL elsewhere.
    search_vector = SearchVectorField(null=True, editable=False)

    history = RecordedHistory(m2m_fields=[quotes], excluded_fields=["search_vector"])
    objects = ResponsibilityQuerySet.as_manager()

    # Filled by ResponsibilityQuerySet.with_assignments(): its assignments in one map.
    map_assignments: list[Assignment]

    class Meta:
        ordering = ["area__order", "order", "name"]
        verbose_name_plural = "responsibilities"
        constraints = [
            models.UniqueConstraint(
                Lower("slug"),
                condition=Q(map__isnull=True),
                name="responsibility_shared_slug_unique_ci",
                violation_error_message="A shared responsibility already has this slug.",
            ),
            models.UniqueConstraint(
                models.F("map"),
                Lower("slug"),
                condition=Q(map__isnull=False),
                name="responsibility_own_slug_unique_per_map_ci",
                violation_error_message="This map already has a responsibility with this slug.",
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(map__isnull=True),
                name="responsibility_shared_name_unique",
                violation_error_message="A shared responsibility already has this name.",
            ),
            models.UniqueConstraint(
                fields=["map", "name"],
                condition=Q(map__isnull=False),
                name="responsibility_own_name_unique_per_map",
                violation_error_message="This map already has a responsibility with this name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return page_url("web:responsibility-detail", slug=self.slug)

    def natural_key(self) -> tuple[str, ...]:
        if self.map is None:
            return (self.slug,)
        return (self.slug, self.map.slug)

    natural_key.dependencies = ["roles.rolemap"]  # type: ignore[attr-defined]

    def clean(self) -> None:
        super().clean()
        check_slug(Responsibility, self, "responsibility")
