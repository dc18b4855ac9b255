"""Disputes: questions on which the sources disagree, and the quoted positions on each."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Count, Prefetch

from ..history import RecordedHistory
from ..links import page_url
from .catalogue import Responsibility
from .evidence import Quote
from .visibility import roles_model, visible_in_q

if TYPE_CHECKING:
    from .visibility import MapRef


# Roles and responsibilities carry at most this many of their disputes (API refs); the
# disputes list, filtered by role or responsibility, has them all.
DISPUTE_REFS_LIMIT = 10


class DisputeQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)

    def for_listing(self, role_map: MapRef | None = None) -> DisputeQuerySet:
        """The disputes page: each dispute with its roles, responsibilities and positions;
        the roles and responsibilities `role_map` sees (see _visible_entries)."""
        return (
            self.annotate(position_count=Count("positions"))
            .prefetch_related(*_visible_entries(role_map))
            .order_by("order", "slug")
        )

    def taken_part_in(self, role_ids: Iterable[int]) -> Iterable[tuple[int, int, str, int]]:
        """(role id, order, slug, id) for each dispute each of these roles takes part in."""
        return (
            Dispute.roles.through.objects.filter(role_id__in=list(role_ids))
            .values_list("role_id", "dispute__order", "dispute__slug", "dispute_id")
            .order_by()
        )

    def involving_role(self, slug: str, role_map: MapRef | str) -> DisputeQuerySet:
        """Disputes that name the role `slug` among the roles they involve, as `role_map`
        sees it: the shared role or that map's own, never another map's own role that
        happens to share the slug (one filter call: both conditions on the same role)."""
        return self.filter(visible_in_q(role_map, "roles__"), roles__slug=slug).order_by(
            "order", "slug"
        )

    def affecting(self, slug: str, role_map: MapRef | str) -> DisputeQuerySet:
        """Disputes that name the responsibility `slug` among those they affect, as
        `role_map` sees it (see involving_role)."""
        return self.filter(
            visible_in_q(role_map, "responsibilities__"), responsibilities__slug=slug
        ).order_by("order", "slug")

    def refs(self) -> DisputeQuerySet:
        """The first disputes in order, for a bounded prefetch (see DISPUTE_REFS_LIMIT)."""
        return self.only("pk", "slug", "topic", "order").order_by("order", "slug")[
            :DISPUTE_REFS_LIMIT
        ]

    def with_evidence(self, role_map: MapRef | str = None) -> DisputeQuerySet:
        """Disputes with their roles, affected responsibilities, and positions with evidence;
        the roles and responsibilities `role_map` sees (see _visible_entries)."""
        positions = DisputePosition.objects.with_evidence(role_map)
        return self.prefetch_related(
            *_visible_entries(role_map),
            models.Prefetch("positions", queryset=positions),
        )


def _visible_entries(role_map: MapRef | str) -> tuple[str | Prefetch, str | Prefetch]:
    """A dispute's roles and responsibilities as `role_map` sees them (a page of one map
    never names another map's own entries); None (the API, an empty install): all of them."""
    if role_map is None:
        return ("roles", "responsibilities")
    return (
        Prefetch("roles", queryset=roles_model().objects.visible_in(role_map)),
        Prefetch("responsibilities", queryset=Responsibility.objects.visible_in(role_map)),
    )


class Dispute(models.Model):
    """A question on which the sources disagree; each position is quoted, no side is taken."""

    slug = models.SlugField(max_length=120, unique=True)
    topic = models.CharField(
        max_length=200,
        help_text="A short question-like title, e.g. “Who is closer to the customer: PM or PO?”",
    )
    summary = models.TextField(blank=True, help_text="What the disagreement is, in plain words.")
    order = models.PositiveSmallIntegerField(default=0)
    responsibilities = models.ManyToManyField(
        Responsibility,
        blank=True,
        related_name="disputes",
        help_text="The responsibilities whose assignments the dispute affects.",
    )
    roles = models.ManyToManyField(
        "roles.Role", related_name="disputes", help_text="The roles the dispute involves."
    )

    history = RecordedHistory(m2m_fields=[responsibilities, roles])
    objects = DisputeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return page_url("web:dispute-detail", slug=self.slug)

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class DisputePositionQuerySet(models.QuerySet):
    def get_by_natural_key(self, key: str):
        return self.get(key=key)

    def with_evidence(self, role_map: MapRef | str = None) -> DisputePositionQuerySet:
        """Positions with the roles `role_map` sees (None: all) and their quotes."""
        roles = _visible_entries(role_map)[0]
        return self.prefetch_related(
            roles, models.Prefetch("quotes", queryset=Quote.objects.with_source())
        )


class DisputePosition(models.Model):
    """One side of a dispute: what it holds, the roles it concerns, the quotes that take it."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="positions")
    key = models.SlugField(
        max_length=120, unique=True, help_text="Stable identifier used by fixtures and imports."
    )
    statement = models.CharField(max_length=400, help_text="The position in plain words.")
    roles = models.ManyToManyField("roles.Role", blank=True, related_name="dispute_positions")
    quotes = models.ManyToManyField(
        Quote,
        blank=True,
        related_name="dispute_positions",
        help_text="The quotes that take this position (at least one; check_evidence checks).",
    )
    order = models.PositiveSmallIntegerField(default=0)

    history = RecordedHistory(m2m_fields=[roles, quotes])
    objects = DisputePositionQuerySet.as_manager()

    class Meta:
        ordering = ["dispute", "order", "key"]

    def __str__(self) -> str:
        return f"{self.dispute}: {self.statement}"

    def natural_key(self) -> tuple[str]:
        return (self.key,)

    natural_key.dependencies = ["responsibilities.dispute"]  # type: ignore[attr-defined]
