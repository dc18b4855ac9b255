"""Roles, their variants, the role maps that hold assignments, and stated contrasts.

A role carries the attributes the sources use to tell roles apart (focus, horizon,
stakeholders, methodology) as fields, so that comparisons can line them up without
parsing prose.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .querysets import ContrastQuerySet, RoleMapQuerySet, RoleQuerySet, RoleVariantQuerySet


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


class RoleMap(models.Model):
    """A named set of assignments; every company draws the lines differently."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    based_on = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derived_maps",
        help_text="The map this one was copied from, if any.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = RoleMapQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def is_default(self) -> bool:
        return self.slug == settings.PMROLES_DEFAULT_MAP


class Role(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
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

    history = HistoricalRecords(m2m_fields=[quotes])
    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("roles:role-detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


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

    history = HistoricalRecords(m2m_fields=[quotes])
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

    history = HistoricalRecords(m2m_fields=[roles, quotes])
    objects = ContrastQuerySet.as_manager()

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.aspect}"

    def natural_key(self) -> tuple[str]:
        return (self.slug,)
