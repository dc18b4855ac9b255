"""Role maps (a named set of assignments: the sources' reference, or a team's own), and
which map a request means (RoleMap.objects.resolve, UnknownMap)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from responsibilities.history import RecordedHistory
from responsibilities.levels import MapKind

from ..inputs import InputError

# Who curates every map (reference and team): the Editors group, which holds these.
MAP_CURATOR_PERMISSIONS = (
    "responsibilities.add_assignment",
    "responsibilities.change_assignment",
    "responsibilities.delete_assignment",
)


def default_map_slug() -> str:
    """The map pages and queries read when a request names none (PMROLES_DEFAULT_MAP)."""
    return settings.PMROLES_DEFAULT_MAP


class UnknownMap(InputError):
    """A `?map=` that names no role map."""

    def __init__(self, message: str):
        super().__init__(message, field="map")


class RoleMapQuerySet(models.QuerySet["RoleMap"]):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)

    def resolve(self, slug: str | None = None, among: Iterable[RoleMap] | None = None) -> RoleMap:
        """The map a request names, or the default map when it names none.

        Every layer that reads `?map=` (pages, API, admin, commands) comes through here, so
        an unknown map gets the same sentence everywhere. `among`: maps already fetched
        (pages list them all for the map switcher), so resolving costs no query.
        """
        wanted = slug or default_map_slug()
        found: RoleMap | None
        if among is None:
            found = self.filter(slug=wanted).first()
        else:
            found = next((m for m in among if m.slug == wanted), None)
        if found is None:
            if slug:
                raise UnknownMap(f"Unknown map “{slug}”; /api/v1/maps/ lists the maps.")
            raise UnknownMap(
                # Pages show this sentence: plain words; the README says how to load it.
                f"The map “{wanted}” is not there yet: the reference data has not been "
                "loaded, or the default map is set to another name."
            )
        return found

    def for_api(self) -> RoleMapQuerySet:
        return self.select_related("based_on")

    def visible_to(self, user) -> RoleMapQuerySet:
        """The maps `user` may see: every published map, and the drafts they may edit.

        Pages (web.params.available_maps), the API's map lookups and the admin read maps
        through here, so a draft is unknown (never hinted at) to everyone else. The same
        answer as roles.access's SEE_MAP, as a query; the Editors group sees every map.
        """
        published = Q(status=MapStatus.PUBLISHED)
        if user is None or not user.is_active or not user.is_authenticated:
            return self.filter(published)
        if user.has_perms(MAP_CURATOR_PERMISSIONS):
            return self
        editing = RoleMap.editors.through.objects.filter(
            user_id=user.pk, rolemap__kind=MapKind.TEAM
        )
        return self.filter(published | Q(pk__in=editing.values("rolemap_id")))


class MapStatus(models.TextChoices):
    """Who sees a map: a draft only its editors (issue 15; the filtering lives in access code)."""

    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class RoleMap(models.Model):
    """A named set of assignments; every company draws the lines differently.

    A reference map records what the sources say; a team map what one organisation agreed
    (it may hold parts with basis `agreed`, and its own roles and responsibilities).
    """

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    kind = models.CharField(
        max_length=10,
        choices=MapKind.choices,
        default=MapKind.REFERENCE,
        help_text="Reference: what the sources say. Team: what an organisation agreed.",
    )
    status = models.CharField(
        max_length=10,
        choices=MapStatus.choices,
        default=MapStatus.PUBLISHED,
        help_text="A draft is visible only to the people who may edit it.",
    )
    based_on = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derived_maps",
        help_text="The map this one was copied from, if any.",
    )
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When the map was last reviewed as a whole."
    )
    review_every_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="How often (in days) the map should be reviewed. Empty: no review schedule.",
    )
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="editable_maps",
        help_text="People who may edit this map (its parts, own roles and responsibilities).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = RecordedHistory()
    objects = RoleMapQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("slug"),
                name="rolemap_slug_unique_ci",
                violation_error_message="A map already has this slug (compared without case).",
            ),
            models.CheckConstraint(
                condition=Q(review_every_days__isnull=True) | Q(review_every_days__gt=0),
                name="rolemap_review_every_days_positive",
                violation_error_message="Review every: a number of days above zero.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def is_default(self) -> bool:
        return self.slug == default_map_slug()

    @property
    def is_team(self) -> bool:
        return self.kind == MapKind.TEAM

    @property
    def review_due_on(self) -> datetime.date | None:
        """The date the next review is due, or None without a schedule.

        A map with a schedule that was never reviewed is due from its creation.
        """
        if not self.review_every_days:
            return None
        start = self.last_reviewed or (
            timezone.localdate(self.created_at) if self.created_at else timezone.localdate()
        )
        return start + datetime.timedelta(days=self.review_every_days)

    def review_due(self, today: datetime.date | None = None) -> bool:
        """Past its review date (on the due date itself it is due)."""
        due = self.review_due_on
        return due is not None and (today or timezone.localdate()) >= due
