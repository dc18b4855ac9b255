"""Responsibilities, who holds them (assignments), and the quoted evidence behind them.

Invariants live in the database where it can express them (one assignment per map, role
and responsibility; one Accountable per map and responsibility; non-empty quotes) and
again in clean() so that forms show a readable message before the database refuses.

Each model's QuerySet sits above it: views and viewsets call one of its methods (for_detail,
for_matrix, ...) so that the joins and prefetches a page needs are decided in one place and
the number of SQL queries per page stays fixed whatever the data size. Methods that read one
role map take the RoleMap itself (RoleMap.objects.resolve() turns a slug into one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

from django.apps import apps
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Lower, RowNumber
from django.utils import timezone
from simple_history.models import HistoricalRecords

from . import rules
from .levels import HOLDING_LEVELS, LEVEL_RANK, Basis, Level, MapKind
from .links import page_url
from .versioning import DataVersion  # the data version (versioning.py), registered here

__all__ = [
    "LEVEL_RANK",
    "Area",
    "Basis",
    "DataVersion",
    "Assignment",
    "Kind",
    "Level",
    "MapKind",
    "Quote",
    "Responsibility",
    "Source",
]


if TYPE_CHECKING:
    # For the type checker only: this app sits below roles and never imports it at run
    # time (import-linter leaves type-checking imports out: pyproject.toml).
    from roles.models import Role, RoleMap

    # A roles.RoleMap or its id; None: no map (the shared catalogue only).
    MapRef: TypeAlias = RoleMap | int | None

# --- Read queries -------------------------------------------------------------------------


def visible_in_q(role_map: MapRef | str, prefix: str = "") -> Q:
    """What one map can see: the shared catalogue (no map) and the map's own entries.

    "Uses" means the whole shared catalogue, not only the shared entries with a part in
    the map: a responsibility nobody holds ("not stated in the sources") is still shown,
    and a team map starts from every reference role. `prefix` reaches the entry through a
    relation, e.g. "role__". No map (an empty install, a page outside any map): the shared
    catalogue only.
    """
    shared = Q(**{f"{prefix}map__isnull": True})
    if role_map is None:
        return shared
    if isinstance(role_map, str):  # a map's slug: no query to fetch the map first
        return shared | Q(**{f"{prefix}map__slug": role_map})
    return shared | Q(**{f"{prefix}map": role_map})


def natural_key_lookup(slug: str, map_slug: str | None = None) -> dict[str, Any]:
    """The lookup for a catalogue entry's natural key: (slug,) shared, (slug, map) own."""
    if map_slug is None:
        return {"slug": slug, "map__isnull": True}
    return {"slug": slug, "map__slug": map_slug}


def slug_clash(model: type[models.Model], entry: Any) -> Any:
    """Another entry whose slug (without regard to case) a map seeing `entry` would also see.

    A shared entry clashes with any entry of that slug (every map sees it); an own entry
    with the shared ones and its own map's. One query; None when the slug is free.
    """
    if not entry.slug:
        return None
    others = model._default_manager.filter(slug__iexact=entry.slug).exclude(pk=entry.pk)
    if entry.map_id is not None:
        others = others.filter(Q(map__isnull=True) | Q(map_id=entry.map_id))
    return others.first()


def check_slug(model: type[models.Model], entry: Any, what: str) -> None:
    """Model clean(): refuse a slug a map could already see, with the rule book's sentence."""
    clash = slug_clash(model, entry)
    if clash is not None:
        message = rules.slug_clash_message(
            what=what, slug=entry.slug, clash=clash, shared=clash.map_id is None
        )
        raise ValidationError({"slug": message})


def _roles_model() -> Any:
    """roles.Role, looked up by name: this app sits below roles and never imports it."""
    return apps.get_model("roles", "Role")


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
            Prefetch("roles", queryset=_roles_model().objects.visible_in(role_map)),
            Prefetch("responsibilities", queryset=Responsibility.objects.visible_in(role_map)),
            "role_variants",
            "contrasts",
            Prefetch("assignments", queryset=assignments),
        )


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

    def with_dispute_refs(self) -> ResponsibilityQuerySet:
        """`dispute_refs`: the first disputes that affect each responsibility (one query)."""
        return self.prefetch_related(
            Prefetch("disputes", queryset=Dispute.objects.refs(), to_attr="dispute_refs")
        )


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def get_by_natural_key(self, role_map: str, role: str, responsibility: str):
        """Role and responsibility slugs are unique among what the map sees."""
        return self.get(
            Q(role__map__isnull=True) | Q(role__map__slug=role_map),
            Q(responsibility__map__isnull=True) | Q(responsibility__map__slug=role_map),
            role_map__slug=role_map,
            role__slug=role,
            responsibility__slug=responsibility,
        )

    def in_map(self, role_map: MapRef) -> AssignmentQuerySet:
        return self.filter(role_map=role_map)

    def health_parts(self, role_map: RoleMap) -> AssignmentQuerySet:
        """The parts of one map that map health (roles/health.py) can name in a finding: every
        Accountable or inferred part, and every part of a responsibility that no role the map
        sees is Accountable for. The others (nine in ten in a generated map) are only counted."""
        # NOT IN, not NOT EXISTS: PostgreSQL hashes the subquery once either way, but
        # estimates the correlated form at a cost that sets off its JIT compiler (0.6 s).
        accountable = Assignment.objects.filter(
            visible_in_q(role_map, "role__"), role_map=role_map, level=Level.ACCOUNTABLE
        ).values("responsibility_id")
        return self.filter(role_map=role_map).filter(
            Q(level=Level.ACCOUNTABLE)
            | Q(basis=Basis.INFERRED)
            | ~Q(responsibility_id__in=accountable)
        )

    def accountable_for(self, role_map_id: int, responsibility_id: int) -> AssignmentQuerySet:
        """The Accountable assignment (at most one) for a responsibility in a map."""
        return self.filter(
            role_map_id=role_map_id, responsibility_id=responsibility_id, level=Level.ACCOUNTABLE
        ).select_related("role")

    def with_evidence(self) -> AssignmentQuerySet:
        return self.select_related(
            "role_map__based_on", "role", "responsibility__area"
        ).prefetch_related(Prefetch("quotes", queryset=Quote.objects.with_source()))

    def for_role(self, role: Role, role_map: MapRef) -> AssignmentQuerySet:
        """One role's assignments in one map, in area order, with evidence: a role page's
        list, read a page at a time."""
        return self.filter(role=role).for_role_list(role_map)

    def for_role_list(self, role_map: MapRef) -> AssignmentQuerySet:
        """Assignments in one map in a role page's order (area, responsibility), with evidence."""
        return (
            self.filter(role_map=role_map)
            .select_related("responsibility__area")
            .prefetch_related(Prefetch("quotes", queryset=Quote.objects.with_source()))
            .order_by(
                "responsibility__area__order",
                "responsibility__order",
                "responsibility__name",
                "pk",
            )
        )

    def level_counts(self, role_map: MapRef, role_ids: list[int]) -> dict[int, dict[str, int]]:
        """{role id: {level: number of assignments}} in one map, in one aggregate query."""
        counts: dict[int, dict[str, int]] = {pk: {} for pk in role_ids}
        rows = (
            self.filter(role_map=role_map, role_id__in=role_ids)
            .order_by()
            .values_list("role_id", "level")
            .annotate(n=Count("pk"))
        )
        for role_id, level, n in rows:
            counts[role_id][level] = n
        return counts

    def area_counts(self, role_map: MapRef, role: Role) -> list[dict[str, Any]]:
        """How many assignments a role has in each area of one map, in area order."""
        rows = (
            self.filter(role_map=role_map, role=role)
            .order_by()
            .values_list(
                "responsibility__area__order",
                "responsibility__area__slug",
                "responsibility__area__name",
            )
            .annotate(n=Count("pk"))
        )
        return [
            {"area": slug, "area_name": name, "count": n}
            for _, slug, name, n in sorted(rows, key=lambda row: (row[0], row[1]))
        ]

    def parts_by_role(self):
        """Rows of role_id, level, basis, how many assignments, how many without a quote.

        One grouped query whatever the number of roles (roles.coverage reads it).
        """
        return (
            self.values("role_id", "level", "basis")
            .annotate(
                count=Count("id", distinct=True),
                unquoted=Count("id", filter=Q(quotes__isnull=True), distinct=True),
            )
            .order_by()
        )

    def evidence_by_role(self):
        """Rows of role_id, its assignments, distinct quotes and sources behind them."""
        return (
            self.values("role_id")
            .annotate(
                parts_count=Count("id", distinct=True),
                quotes_count=Count("quotes", distinct=True),
                sources_count=Count("quotes__source", distinct=True),
            )
            .order_by()
        )

    def parts_in(self, role_map: MapRef, responsibility_ids: list[int]) -> AssignmentQuerySet:
        """Every role's level in the given responsibilities (the finder): no evidence, no
        joins, only the columns a score and its explanation (level and basis) need."""
        return self.filter(role_map=role_map, responsibility_id__in=responsibility_ids).only(
            "id", "role_id", "responsibility_id", "level", "basis"
        )

    def holders_of(self, role_map: MapRef, responsibility_ids: list[int]):
        """Who has a part in each of the given responsibilities (search and finder results
        say who holds what), as plain rows: responsibility id, level, role id, the role's
        abbreviation, name and order. A stated "no part" is not a holder. One query, and no
        model instances: a finder area has 2,000 of them, whose building cost more than
        the query."""
        return (
            self.filter(role_map=role_map, responsibility_id__in=responsibility_ids)
            .exclude(level=Level.NO_PART)
            .order_by()
            .values_list(
                "responsibility_id",
                "level",
                "role_id",
                "role__abbreviation",
                "role__name",
                "role__order",
            )
        )

    def also_holding(
        self, role_map: MapRef, excluding: list[int], per_role: int
    ) -> AssignmentQuerySet:
        """Work each role holds (R or A) besides `excluding`: its first `per_role` (the
        oldest), each row carrying `held`, the role's total, so a role holding thousands
        costs `per_role` rows (one query with window functions; ordering the window by id,
        not by name, keeps the sort narrow)."""
        partition = [models.F("role_id")]
        return (
            self.filter(
                role_map=role_map,
                level__in=sorted(HOLDING_LEVELS),
                responsibility__kind=Kind.RESPONSIBILITY,
            )
            .exclude(responsibility_id__in=excluding)
            .annotate(
                position=models.Window(
                    RowNumber(),
                    partition_by=partition,
                    order_by=[models.F("responsibility_id").asc()],
                ),
                held=models.Window(Count("id"), partition_by=partition),
            )
            .filter(position__lte=per_role)
            .select_related("responsibility")
            .only("id", "role_id", "level", "responsibility__slug", "responsibility__name")
            .order_by("role_id", "position")
        )


# --- Models -----------------------------------------------------------------------------------


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

    history = HistoricalRecords(excluded_fields=["search_vector"])
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

    history = HistoricalRecords(m2m_fields=[quotes], excluded_fields=["search_vector"])
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
            "doing the work. Inferred: read from context, not said outright. Agreed by the "
            "team (team maps only): the team's own decision, not a source's words."
        ),
    )
    rationale = models.CharField(
        max_length=300,
        blank=True,
        help_text=(
            "One line naming the wording the level rests on, e.g. “the product owner is "
            "responsible for the product backlog” (Racki); for a part agreed by the team, "
            "what the team decided and why (required)."
        ),
    )
    decided_on = models.DateField(
        null=True,
        blank=True,
        help_text="Agreed by the team: when the team decided (today when left empty).",
    )
    decided_by = models.CharField(
        max_length=200,
        blank=True,
        help_text="Agreed by the team: who decided, e.g. “Product leadership, 2026-11 offsite”.",
    )

    history = HistoricalRecords(m2m_fields=[quotes])
    objects = AssignmentQuerySet.as_manager()

    # Filled by AssignmentQuerySet.also_holding(): how many such rows the role has in all.
    held: int

    class Meta:
        ordering = ["role_map", "responsibility__area__order", "responsibility__order", "role"]
        indexes = [
            # The API's assignment list: one map, in id order, a page at a time, without
            # sorting the whole map.
            models.Index(fields=["role_map", "id"], name="assignment_list_index"),
        ]
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
                violation_error_message=rules.INFERRED_ACCOUNTABLE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=~Q(basis="agreed") | ~Q(rationale=""),
                name="assignment_agreed_has_rationale",
                violation_error_message=rules.AGREED_NEEDS_RATIONALE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=~Q(basis="agreed") | Q(decided_on__isnull=False),
                name="assignment_agreed_has_decision_date",
                violation_error_message="A part agreed by the team needs the date of the decision.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} — {self.responsibility}: {self.get_level_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A part agreed by the team without a date was decided today."""
        if self.basis == Basis.AGREED and self.decided_on is None:
            self.decided_on = timezone.localdate()
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        # Which map and role the row had when read: a save that moves it to another role or
        # map advances the versions of both (responsibilities.versioning).
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._loaded_parts = (  # type: ignore[attr-defined]
            instance.__dict__.get("role_map_id"),
            instance.__dict__.get("role_id"),
        )
        return instance

    def natural_key(self) -> tuple[str, str, str]:
        return (self.role_map.slug, self.role.slug, self.responsibility.slug)

    natural_key.dependencies = [  # type: ignore[attr-defined]  # Django's serializer reads it
        "roles.rolemap",
        "roles.role",
        "responsibilities.responsibility",
    ]

    @property
    def is_agreed(self) -> bool:
        """The team's own decision, never to be shown as a source's words."""
        return self.basis == Basis.AGREED

    def clean(self) -> None:
        super().clean()
        if self.basis == Basis.AGREED and self.decided_on is None:
            self.decided_on = timezone.localdate()
        role_map = self.role_map if self.role_map_id else None
        agreed = rules.agreed_problem(
            basis=self.basis,
            map_kind=role_map.kind if role_map is not None else None,
            rationale=self.rationale,
        )
        if agreed:
            field = "basis" if agreed == rules.AGREED_IN_REFERENCE_MESSAGE else "rationale"
            raise ValidationError({field: agreed})
        for what, entry_id, entry_attr in (
            ("role", self.role_id, "role"),
            ("responsibility", self.responsibility_id, "responsibility"),
        ):
            if entry_id and self.role_map_id:
                entry = getattr(self, entry_attr)
                problem = rules.entry_map_problem(
                    what=what, entry=entry, entry_map_id=entry.map_id, role_map_id=self.role_map_id
                )
                if problem:
                    raise ValidationError({entry_attr: problem})
        inferred = rules.basis_problem(level=self.level, basis=self.basis)
        if inferred:
            raise ValidationError(
                {"basis": f"{inferred} Make it Responsible or Consulted, or cite the wording."}
            )
        if self.level == Level.ACCOUNTABLE and self.role_map_id and self.responsibility_id:
            holder = (
                Assignment.objects.accountable_for(self.role_map_id, self.responsibility_id)
                .exclude(pk=self.pk)
                .first()
            )
            if holder is not None:
                raise ValidationError(
                    {
                        "level": rules.second_accountable_message(
                            holder=holder.role, responsibility=self.responsibility
                        )
                    }
                )


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

    def with_evidence(self, role_map: MapRef | None = None) -> DisputeQuerySet:
        """Disputes with their roles, affected responsibilities, and positions with evidence;
        the roles and responsibilities `role_map` sees (see _visible_entries)."""
        positions = DisputePosition.objects.with_evidence(role_map)
        return self.prefetch_related(
            *_visible_entries(role_map),
            models.Prefetch("positions", queryset=positions),
        )


def _visible_entries(role_map: MapRef | None) -> tuple[str | Prefetch, str | Prefetch]:
    """A dispute's roles and responsibilities as `role_map` sees them (a page of one map
    never names another map's own entries); None (the API, an empty install): all of them."""
    if role_map is None:
        return ("roles", "responsibilities")
    return (
        Prefetch("roles", queryset=_roles_model().objects.visible_in(role_map)),
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

    history = HistoricalRecords(m2m_fields=[responsibilities, roles])
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

    def with_evidence(self, role_map: MapRef | None = None) -> DisputePositionQuerySet:
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

    history = HistoricalRecords(m2m_fields=[roles, quotes])
    objects = DisputePositionQuerySet.as_manager()

    class Meta:
        ordering = ["dispute", "order", "key"]

    def __str__(self) -> str:
        return f"{self.dispute}: {self.statement}"

    def natural_key(self) -> tuple[str]:
        return (self.key,)

    natural_key.dependencies = ["responsibilities.dispute"]  # type: ignore[attr-defined]
