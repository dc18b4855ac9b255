"""The shared catalogue's roles (and each team map's own), their variants, and contrasts.

A role carries the attributes the sources use to tell roles apart (focus, horizon,
stakeholders, methodology) as fields, so that comparisons can line them up without
parsing prose.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Lower

from responsibilities.history import RecordedHistory
from responsibilities.links import page_url
from responsibilities.models import (
    Assignment,
    Dispute,
    Quote,
    check_slug,
    natural_key_lookup,
    visible_in_q,
)

from .maps import RoleMap


class RoleQuerySet(models.QuerySet["Role"]):
    def get_by_natural_key(self, slug: str, map_slug: str | None = None):
        return self.get(**natural_key_lookup(slug, map_slug))

    def visible_in(self, role_map: RoleMap | None) -> RoleQuerySet:
        """The shared catalogue's roles and `role_map`'s own (see visible_in_q)."""
        return self.filter(visible_in_q(role_map))

    def shared(self) -> RoleQuerySet:
        return self.filter(map__isnull=True)

    def for_listing(self, role_map: RoleMap | None = None) -> RoleQuerySet:
        """The roles one map shows (the shared catalogue only without a map), with variants."""
        return self.visible_in(role_map).order_by("order", "name").prefetch_related("variants")

    def in_order(self, role_map: RoleMap | None) -> RoleQuerySet:
        """The roles one map shows, in page order: columns of the matrix, lists of roles."""
        return self.visible_in(role_map).order_by("order", "name")

    def with_assignments(self, role_map: RoleMap) -> RoleQuerySet:
        """The roles `role_map` shows with `map_assignments`: their assignments in that map,
        with evidence."""
        assignments = (
            Assignment.objects.filter(role_map=role_map)
            .select_related("responsibility__area")
            .prefetch_related(Prefetch("quotes", queryset=Quote.objects.with_source()))
            .order_by(
                "responsibility__area__order", "responsibility__order", "responsibility__name"
            )
        )
        return self.filter(visible_in_q(role_map)).prefetch_related(
            Prefetch("assignments", queryset=assignments, to_attr="map_assignments")
        )

    def for_detail(self, role_map: RoleMap) -> RoleQuerySet:
        return self.with_assignments(role_map).prefetch_related(*_definition(role_map))

    def for_page(self, role_map: RoleMap | None) -> RoleQuerySet:
        """A role page's definition, variants and contrasts (their roles as `role_map` sees
        them); its assignments are read a page at a time (Assignment.objects.for_role), so
        the page stays bounded."""
        return self.prefetch_related(*_definition(role_map))

    def for_comparison(self, role_map: RoleMap, slugs: Iterable[str] | None = None) -> RoleQuerySet:
        qs = self.for_detail(role_map)
        if slugs is not None:
            qs = qs.filter(slug__in=list(slugs))
        return qs

    def for_api_list(self, role_map: RoleMap | None = None) -> RoleQuerySet:
        """API list: the roles `role_map` shows with attributes, evidence ids, variants;
        assignments only as counts."""
        return (
            self.visible_in(role_map)
            .select_related("map")
            .prefetch_related("quotes", Prefetch("variants", queryset=_variants_qs()))
            .with_dispute_refs()
        )

    def for_api(self, role_map: RoleMap, first: int) -> RoleQuerySet:
        """API detail: as the list, with the first `first` assignments in one map (in area
        order, with evidence ids) as `map_assignments`; the rest are a link away."""
        assignments = Assignment.objects.for_role_list(role_map)[:first]
        return (
            self.filter(visible_in_q(role_map))
            .select_related("map")
            .prefetch_related(
                "quotes",
                Prefetch("variants", queryset=_variants_qs()),
                Prefetch("assignments", queryset=assignments, to_attr="map_assignments"),
            )
            .with_dispute_refs()
        )

    def with_dispute_refs(self) -> RoleQuerySet:
        """`dispute_refs`: the first disputes that involve each role (one query)."""
        return self.prefetch_related(
            Prefetch("disputes", queryset=Dispute.objects.refs(), to_attr="dispute_refs")
        )


def _definition(role_map: RoleMap | None) -> list[Prefetch]:
    return [
        Prefetch("quotes", queryset=Quote.objects.with_source()),
        Prefetch("variants", queryset=_variants_qs()),
        Prefetch("contrasts", queryset=Contrast.objects.with_evidence(role_map)),
    ]


def _variants_qs():
    return RoleVariant.objects.order_by("order", "name").prefetch_related(
        Prefetch("quotes", queryset=Quote.objects.with_source())
    )


class RoleVariantQuerySet(models.QuerySet["RoleVariant"]):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class ContrastQuerySet(models.QuerySet["Contrast"]):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)

    def with_evidence(self, role_map: RoleMap | None) -> ContrastQuerySet:
        """Contrasts with their quotes and the roles `role_map` sees: an editor may name a
        team map's own role in a contrast, and no page of another map may name it."""
        return self.prefetch_related(
            Prefetch("roles", queryset=Role.objects.visible_in(role_map)),
            Prefetch("quotes", queryset=Quote.objects.with_source()),
        )

    def taken_part_in(self, role_ids: Iterable[int]) -> Iterable[tuple[int, str, int, str, int]]:
        """(role id, kind, order, slug, id) for each contrast each of these roles is in."""
        return (
            Contrast.roles.through.objects.filter(role_id__in=list(role_ids))
            .values_list(
                "role_id", "contrast__kind", "contrast__order", "contrast__slug", "contrast_id"
            )
            .order_by()
        )


class Focus(models.TextChoices):
    STRATEGIC = "strategic", "Strategic"
    TACTICAL = "tactical", "Tactical"
    OPERATIONAL = "operational", "Operational"
    MARKET = "market", "Market-facing"


class Horizon(models.TextChoices):
    LONG_TERM = "long-term", "Long-term"
    SHORT_TO_MID_TERM = "short-to-mid-term", "Short- to mid-term"
    PROJECT = "project", "Bounded by the project"


class Stakeholders(models.TextChoices):
    EXTERNAL = "external", "Mostly external"
    INTERNAL = "internal", "Mostly internal"
    BOTH = "both", "Internal and external"


class Role(models.Model):
    """A role of the shared catalogue (`map` empty) or one map's own (deleted with it).

    Names and slugs are unique among what one map sees: constraints for the catalogue and
    within a map, clean() (responsibilities.models.slug_clash) for an own role against the
    catalogue.
    """

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120)
    map = models.ForeignKey(
        RoleMap,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="own_roles",
        help_text="Empty: the shared catalogue every map uses. A map: that map's own role.",
    )
    abbreviation = models.CharField(max_length=12, help_text="Short form, e.g. PM or PO.")
    summary = models.CharField(max_length=300, help_text="One sentence for cards and lists.")
    description = models.TextField(blank=True)
    focus = models.CharField(
        max_length=20, choices=Focus.choices, blank=True, help_text="Blank: not stated."
    )
    focus_note = models.CharField(max_length=300, blank=True)
    horizon = models.CharField(
        max_length=20, choices=Horizon.choices, blank=True, help_text="Blank: not stated."
    )
    stakeholders = models.CharField(
        max_length=20, choices=Stakeholders.choices, blank=True, help_text="Blank: not stated."
    )
    methodology = models.CharField(
        max_length=120,
        blank=True,
        help_text="The framework the role belongs to, e.g. 'Scrum' or 'Framework-independent'.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    quotes = models.ManyToManyField(
        "responsibilities.Quote", blank=True, related_name="roles", help_text="Evidence."
    )

    history = RecordedHistory(m2m_fields=[quotes])
    objects = RoleQuerySet.as_manager()

    # Filled by RoleQuerySet.with_assignments(): the role's assignments in one map.
    map_assignments: list[Assignment]

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                Lower("slug"),
                condition=Q(map__isnull=True),
                name="role_shared_slug_unique_ci",
                violation_error_message="A shared role already has this slug.",
            ),
            models.UniqueConstraint(
                models.F("map"),
                Lower("slug"),
                condition=Q(map__isnull=False),
                name="role_own_slug_unique_per_map_ci",
                violation_error_message="This map already has a role with this slug.",
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(map__isnull=True),
                name="role_shared_name_unique",
                violation_error_message="A shared role already has this name.",
            ),
            models.UniqueConstraint(
                fields=["map", "name"],
                condition=Q(map__isnull=False),
                name="role_own_name_unique_per_map",
                violation_error_message="This map already has a role with this name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return page_url("web:role-detail", slug=self.slug)

    def natural_key(self) -> tuple[str, ...]:
        if self.map is None:
            return (self.slug,)
        return (self.slug, self.map.slug)

    natural_key.dependencies = ["roles.rolemap"]  # type: ignore[attr-defined]

    def clean(self) -> None:
        super().clean()
        check_slug(Role, self, "role")


class RoleVariant(models.Model):
    """A kind of a role the sources name, e.g. the business-to-consumer product manager."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="variants")
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    quotes = models.ManyToManyField(
        "responsibilities.Quote", blank=True, related_name="role_variants"
    )

    history = RecordedHistory(m2m_fields=[quotes])
    objects = RoleVariantQuerySet.as_manager()

    class Meta:
        ordering = ["role", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["role", "name"], name="variant_name_unique_per_role")
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class ContrastKind(models.TextChoices):
    DIFFERENCE = "difference", "Difference"
    SIMILARITY = "similarity", "Similarity"


class Contrast(models.Model):
    """A difference or similarity between roles that a source states in so many words."""

    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=12, choices=ContrastKind.choices)
    aspect = models.CharField(
        max_length=80, help_text="What is contrasted, e.g. 'Time horizon' or 'Stakeholders'."
    )
    summary = models.CharField(max_length=400, help_text="The contrast in plain words.")
    roles = models.ManyToManyField(Role, related_name="contrasts")
    quotes = models.ManyToManyField("responsibilities.Quote", related_name="contrasts")
    order = models.PositiveSmallIntegerField(default=0)

    history = RecordedHistory(m2m_fields=[roles, quotes])
    objects = ContrastQuerySet.as_manager()

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.aspect}"

    def natural_key(self) -> tuple[str]:
        return (self.slug,)
