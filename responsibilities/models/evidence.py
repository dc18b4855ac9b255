"""The evidence: sources (the documents) and the verbatim quotes taken from them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Prefetch, Q

from ..history import RecordedHistory
from ..links import page_url
from .visibility import roles_model, visible_in_q

if TYPE_CHECKING:
    from .visibility import MapRef


class SourceQuerySet(models.QuerySet["Source"]):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)

    def with_quote_counts(self) -> SourceQuerySet:
        return self.annotate(quote_count=Count("quotes"))


class QuoteQuerySet(models.QuerySet["Quote"]):
    def get_by_natural_key(self, key: str):
        return self.get(key=key)

    def with_source(self) -> QuoteQuerySet:
        return self.select_related("source")

    def for_source(self, source: Source, role_map: MapRef | None = None) -> QuoteQuerySet:
        """A source's quotes with what each supports in the map viewed, in key order (a
        source page's list): that map's parts only, never another map's (a draft's)."""
        return (
            self.filter(source=source)
            .with_supports(role_map, parts_of_map_only=True)
            .order_by("key", "pk")
        )

    def with_supports(
        self,
        role_map: MapRef | str = None,
        *,
        parts_of_map_only: bool = False,
        among_maps: models.QuerySet[Any] | None = None,
    ) -> QuoteQuerySet:
        """Quotes with the roles, responsibilities and assignments they are evidence for,
        as `role_map` sees them: the shared catalogue and that map's own entries, never
        another map's own roles or responsibilities. `parts_of_map_only`: the assignments of
        `role_map` alone (none without a map), not every map's parts on those entries.
        `among_maps`: the parts of those maps only (the maps a reader may see: a draft's
        parts on a shared role are the draft's editors' business, not everyone's)."""
        # Assignments and responsibilities build on quotes (assignments.py, catalogue.py
        # import this module), so their models are looked up by name here.
        Assignment = apps.get_model("responsibilities", "Assignment")
        Responsibility = apps.get_model("responsibilities", "Responsibility")
        assignments = Assignment.objects.filter(
            visible_in_q(role_map, "role__"), visible_in_q(role_map, "responsibility__")
        )
        if among_maps is not None:
            assignments = assignments.filter(role_map__in=among_maps)
        if parts_of_map_only:
            if isinstance(role_map, str):  # a map's slug
                in_map = Q(role_map__slug=role_map)
            elif role_map is None:  # no map: no parts
                in_map = Q(pk__in=[])
            else:
                in_map = Q(role_map=role_map)
            assignments = assignments.filter(in_map)
        assignments = assignments.select_related("role", "responsibility", "role_map").order_by(
            "role_map__name", "role__order", "responsibility__name"
        )
        return self.select_related("source").prefetch_related(
            Prefetch("roles", queryset=roles_model().objects.visible_in(role_map)),
            Prefetch("responsibilities", queryset=Responsibility.objects.visible_in(role_map)),
            "role_variants",
            "contrasts",
            Prefetch("assignments", queryset=assignments),
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

    history = RecordedHistory()
    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return page_url("web:source-detail", pk=self.pk)

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
    # Filled by a PostgreSQL trigger on every write (migration 0007_search_vector), so bulk
    # inserts, imports and reverts cannot leave it stale; unused (NULL) on other databases.
    search_vector = SearchVectorField(null=True, editable=False)

    history = RecordedHistory(excluded_fields=["search_vector"])
    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["source", "key"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="quote_text_not_empty"),
        ]

    def __str__(self) -> str:
        """Source, the first 90 characters and the key: enough to tell quotes apart when
        choosing one (admin autocomplete) or reading a history. Fetch the source with the
        quote (QuoteQuerySet.with_source) when listing many."""
        source = self.source.title if self.source_id else "No source"
        return f"{source}: “{self.excerpt}” ({self.key})"

    @property
    def excerpt(self) -> str:
        return self.text if len(self.text) <= 90 else self.text[:89].rstrip() + "…"

    def natural_key(self) -> tuple[str]:
        return (self.key,)

    def clean(self) -> None:
        if not self.text or not self.text.strip():
            raise ValidationError({"text": "A quote needs its verbatim text."})
