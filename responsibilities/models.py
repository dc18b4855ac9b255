"""Responsibilities, who holds them (assignments), and the quoted evidence behind them.

Invariants live in the database where it can express them (one assignment per map, role
and responsibility; one Accountable per map and responsibility; non-empty quotes) and
again in clean() so that forms show a readable message before the database refuses.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .querysets import (
    AreaQuerySet,
    AssignmentQuerySet,
    QuoteQuerySet,
    ResponsibilityQuerySet,
    SourceQuerySet,
)


class SourceKind(models.TextChoices):
    BLOG_POST = "blog-post", "Blog post"
    BOOK_EXCERPT = "book-excerpt", "Book excerpt"
    LINKEDIN_ARTICLE = "linkedin-article", "LinkedIn article"
    WEB_PAGE = "web-page", "Web page"
    DRAFT_PAGE = "draft-page", "Draft page"


class Source(models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=300)
    author = models.CharField(max_length=200, blank=True)
    publisher = models.CharField(max_length=200, blank=True, help_text="Site or publisher.")
    published = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=500, blank=True)
    document = models.CharField(
        max_length=200,
        blank=True,
        help_text="File name of the plain-text copy that verify_quotes checks quotes against.",
    )
    note = models.TextField(blank=True)
    kind = models.CharField(
        max_length=20,
        choices=SourceKind.choices,
        blank=True,
        help_text="What the source is, as its text shows it. Blank: not clear from the text.",
    )

    history = HistoricalRecords()
    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("roles:source-detail", kwargs={"pk": self.pk})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def citation(self) -> str:
        """Author, “Title”, publisher, date, URL: the parts the source gives, in that order."""
        parts = []
        if self.author:
            parts.append(self.author)
        parts.append(f"“{self.title}”")
        if self.publisher:
            parts.append(self.publisher)
        if self.published:
            parts.append(self.published.isoformat())
        citation = ", ".join(parts)
        if self.url:
            citation += f". {self.url}"
        return citation


class Quote(models.Model):
    key = models.SlugField(
        max_length=120, unique=True, help_text="Stable identifier used by fixtures and imports."
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="quotes")
    text = models.TextField(help_text="Verbatim; only whitespace and broken characters repaired.")
    locator = models.CharField(
        max_length=200, blank=True, help_text="Where in the source, e.g. a section heading."
    )

    history = HistoricalRecords()
    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["source", "key"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="quote_text_not_empty"),
        ]

    def __str__(self) -> str:
        text = self.text if len(self.text) <= 80 else self.text[:77] + "…"
        return f"“{text}”"

    def natural_key(self) -> tuple[str]:
        return (self.key,)

    def clean(self) -> None:
        if not self.text or not self.text.strip():
            raise ValidationError({"text": "A quote needs its verbatim text."})


class Area(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()
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
    """A piece of work a role can hold, or (kind=shared quality) a trait roles share."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="responsibilities")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RESPONSIBILITY)
    order = models.PositiveSmallIntegerField(default=0)
    quotes = models.ManyToManyField(Quote, blank=True, related_name="responsibilities")

    history = HistoricalRecords(m2m_fields=[quotes])
    objects = ResponsibilityQuerySet.as_manager()

    class Meta:
        ordering = ["area__order", "order", "name"]
        verbose_name_plural = "responsibilities"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("roles:responsibility-detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class Level(models.TextChoices):
    RESPONSIBLE = "R", "Responsible"
    ACCOUNTABLE = "A", "Accountable"
    CONSULTED = "C", "Consulted"
    INFORMED = "I", "Informed"
    NO_PART = "N", "No part (stated)"


class Basis(models.TextChoices):
    """How strongly the sources' own words support an assignment (see docs/evidence.md)."""

    STATED = "stated", "Stated"
    DESCRIBED = "described", "Described"
    INFERRED = "inferred", "Inferred"


# Strongest part first: used to sort and to pick the "main" holder of a responsibility.
LEVEL_RANK = {
    Level.ACCOUNTABLE: 0,
    Level.RESPONSIBLE: 1,
    Level.CONSULTED: 2,
    Level.INFORMED: 3,
    Level.NO_PART: 4,
}


class Assignment(models.Model):
    role_map = models.ForeignKey(
        "roles.RoleMap", on_delete=models.CASCADE, related_name="assignments"
    )
    role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="assignments")
    responsibility = models.ForeignKey(
        Responsibility, on_delete=models.CASCADE, related_name="assignments"
    )
    level = models.CharField(max_length=1, choices=Level.choices)
    note = models.TextField(blank=True)
    quotes = models.ManyToManyField(Quote, blank=True, related_name="assignments")
    basis = models.CharField(
        max_length=10,
        choices=Basis.choices,
        default=Basis.DESCRIBED,
        help_text=(
            "Stated: a source says in so many words that the role owns, is accountable or "
            "responsible for, decides or ensures it. Described: a source describes the role "
            "doing the work. Inferred: read from context, not said outright."
        ),
    )
    rationale = models.CharField(
        max_length=300,
        blank=True,
        help_text=(
            "One line naming the wording the level rests on, e.g. “the product owner is "
            "responsible for the product backlog” (Racki)."
        ),
    )

    history = HistoricalRecords(m2m_fields=[quotes])
    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["role_map", "responsibility__area__order", "responsibility__order", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["role_map", "role", "responsibility"],
                name="assignment_unique_per_map_role_responsibility",
                violation_error_message=(
                    "This role already has a part in this responsibility in this map."
                ),
            ),
            models.UniqueConstraint(
                fields=["role_map", "responsibility"],
                condition=Q(level="A"),
                name="one_accountable_per_map_responsibility",
                violation_error_message=(
                    "Another role is already Accountable for this responsibility in this map."
                ),
            ),
            models.CheckConstraint(
                condition=Q(level__in=["R", "A", "C", "I", "N"]), name="assignment_level_is_raci"
            ),
            models.CheckConstraint(
                condition=~(Q(basis="inferred") & Q(level="A")),
                name="assignment_inferred_is_never_accountable",
                violation_error_message=(
                    "An assignment inferred from context cannot be Accountable: Accountable "
                    "needs a source that states ownership in so many words."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} — {self.responsibility}: {self.get_level_display()}"

    def natural_key(self) -> tuple[str, str, str]:
        return (self.role_map.slug, self.role.slug, self.responsibility.slug)

    natural_key.dependencies = ["roles.rolemap", "roles.role", "responsibilities.responsibility"]

    def clean(self) -> None:
        super().clean()
        if self.level == Level.ACCOUNTABLE and self.basis == Basis.INFERRED:
            raise ValidationError(
                {
                    "basis": (
                        "An assignment inferred from context cannot be Accountable: "
                        "Accountable needs a source that states ownership in so many words. "
                        "Make it Responsible or Consulted, or cite the stated wording."
                    )
                }
            )
        if self.level == Level.ACCOUNTABLE and self.role_map_id and self.responsibility_id:
            other = (
                Assignment.objects.filter(
                    role_map_id=self.role_map_id,
                    responsibility_id=self.responsibility_id,
                    level=Level.ACCOUNTABLE,
                )
                .exclude(pk=self.pk)
                .select_related("role")
                .first()
            )
            if other is not None:
                raise ValidationError(
                    {
                        "level": (
                            f"{other.role} is already Accountable for “{self.responsibility}” "
                            "in this map; a responsibility has at most one Accountable role. "
                            "Make this role Responsible, or change the other assignment first."
                        )
                    }
                )


class DisputeQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)

    def with_evidence(self) -> "DisputeQuerySet":
        """Disputes with their roles, affected responsibilities, and positions with evidence."""
        positions = DisputePosition.objects.with_evidence()
        return self.prefetch_related(
            "roles",
            "responsibilities",
            models.Prefetch("positions", queryset=positions),
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

    history = HistoricalRecords(m2m_fields=[responsibilities, roles])
    objects = DisputeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.topic

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class DisputePositionQuerySet(models.QuerySet):
    def get_by_natural_key(self, key: str):
        return self.get(key=key)

    def with_evidence(self) -> "DisputePositionQuerySet":
        return self.prefetch_related(
            "roles", models.Prefetch("quotes", queryset=Quote.objects.with_source())
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

    history = HistoricalRecords(m2m_fields=[roles, quotes])
    objects = DisputePositionQuerySet.as_manager()

    class Meta:
        ordering = ["dispute", "order", "key"]

    def __str__(self) -> str:
        return f"{self.dispute}: {self.statement}"

    def natural_key(self) -> tuple[str]:
        return (self.key,)

    natural_key.dependencies = ["responsibilities.dispute"]
