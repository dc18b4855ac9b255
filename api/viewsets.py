"""Plain resources: ModelViewSets whose querysets come from one QuerySet method each.

Reads are open; writes need a user with the model's add/change/delete permission
(DjangoModelPermissionsOrAnonReadOnly from settings).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly
from rest_framework.response import Response

from responsibilities.history import REASON_HEADER
from responsibilities.models import Area, Assignment, Dispute, Quote, Responsibility, Source
from responsibilities.versioning import EVERYTHING, Reads
from roles.access import EDIT_MAP, edits_any_map, is_curator
from roles.models import Role, RoleMap, default_map_slug
from roles.services import (
    MapCopyRefused,
    MapDeletionRefused,
    copy_role_map,
    delete_role_map,
    mark_reviewed,
)

from . import filters, serializers
from .base import ResourceMixin, map_if_any, requested_map
from .errors import Conflict
from .map_editors import MapEditorsMixin

# How many of a role's assignments its detail shows; `assignments_url` pages through all.
ROLE_ASSIGNMENTS_SHOWN = 50

MAP_PARAMETER = OpenApiParameter(
    "map",
    OpenApiTypes.STR,
    description="Role map slug (see /api/v1/maps/); the reference map when left out.",
)
_with_map = extend_schema(parameters=[MAP_PARAMETER])
MAPPED = extend_schema_view(
    list=_with_map,
    retrieve=_with_map,
    create=_with_map,
    update=_with_map,
    partial_update=_with_map,
    destroy=_with_map,
)


CONFIRM_DELETE = "delete-assignments"


class MapPermission(DjangoModelPermissionsOrAnonReadOnly):
    """A team map's own editors may change that map (PUT/PATCH: e.g. publish it) and mark it
    reviewed; creating, copying and deleting maps, and every other map, stay with the model
    permissions (Editors). Who may edit which map is roles/access.py's rule."""

    def _changes_the_map(self, request, view) -> bool:
        return request.method in CHANGE_METHODS or getattr(view, "action", None) == "review"

    def has_permission(self, request, view):
        if self._changes_the_map(request, view) and edits_any_map(request.user):
            return True
        if getattr(view, "action", None) == "review" and request.user.is_authenticated:
            return request.user.has_perm("roles.change_rolemap")
        return super().has_permission(request, view)

    def has_object_permission(self, request, view, obj):
        if self._changes_the_map(request, view):
            if not is_curator(request.user) and "kind" in getattr(request, "data", {}):
                return False  # what kind a map is stays with the Editors group
            return request.user.has_perm(EDIT_MAP, obj)
        return super().has_object_permission(request, view, obj)


CHANGE_METHODS = frozenset({"PUT", "PATCH"})


@extend_schema_view(
    destroy=extend_schema(
        parameters=[
            OpenApiParameter(
                "confirm",
                OpenApiTypes.STR,
                enum=[CONFIRM_DELETE],
                description=(
                    "Needed to delete a map that has assignments (they are deleted with it). "
                    "The default map cannot be deleted (409)."
                ),
            )
        ]
    )
)
class RoleMapViewSet(MapEditorsMixin, ResourceMixin, viewsets.ModelViewSet):
    """Role maps: named sets of assignments (the reference map is the default)."""

    serializer_class = serializers.RoleMapSerializer
    permission_classes = [MapPermission]
    lookup_field = "slug"
    search_fields = ["name", "description"]
    ordering_fields = ["name", "slug", "created_at"]
    filterset_fields = ["slug"]

    def get_queryset(self):
        # A draft is a 404 (and absent from the list) for everyone who may not edit it.
        return RoleMap.objects.visible_to(self.request.user).for_api()

    @extend_schema(
        request=serializers.MapCopySerializer,
        responses={201: serializers.RoleMapSerializer},
        description=(
            "Copy this map into a new team map with every part (level, basis, rationale, "
            "note, quotes, the team's decisions) and its own roles and responsibilities; a "
            "fresh copy compares equal to its source. A taken name or slug is a 400."
        ),
    )
    @action(detail=True, methods=["post"])
    def copy(self, request, slug=None):
        source = self.get_object()
        given = serializers.MapCopySerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            new_map = copy_role_map(
                source=source,
                name=given.validated_data["name"],
                slug=given.validated_data["slug"],
                user=request.user,
                reason=request.headers.get(REASON_HEADER, ""),
                exact=True,
            )
        except MapCopyRefused as refused:
            raise ValidationError({refused.field: [refused.message]}) from None
        body = serializers.RoleMapSerializer(new_map, context=self.get_serializer_context())
        return Response(body.data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=serializers.MapReviewSerializer,
        responses={200: serializers.RoleMapSerializer},
        description="Record that the map was reviewed (today by default), in its history.",
    )
    @action(detail=True, methods=["post"])
    def review(self, request, slug=None):
        role_map = self.get_object()
        given = serializers.MapReviewSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        reviewed = mark_reviewed(
            role_map=role_map,
            on=given.validated_data.get("on"),
            user=request.user,
            reason=request.headers.get(REASON_HEADER, ""),
        )
        body = serializers.RoleMapSerializer(reviewed, context=self.get_serializer_context())
        return Response(body.data)

    def perform_destroy(self, instance):
        request = self.request
        try:
            delete_role_map(
                role_map=instance,
                confirmed=request.query_params.get("confirm") == CONFIRM_DELETE,
                user=request.user if request.user.is_authenticated else None,
                reason=request.headers.get(REASON_HEADER, ""),
            )
        except MapDeletionRefused as refused:
            hint = f" Send ?confirm={CONFIRM_DELETE} to do so." * refused.needs_confirmation
            raise Conflict(refused.message + hint) from None


class AreaViewSet(ResourceMixin, viewsets.ModelViewSet):
    """Ordered groups of responsibilities."""

    serializer_class = serializers.AreaSerializer
    lookup_field = "slug"
    search_fields = ["name", "description"]
    ordering_fields = ["order", "name", "slug"]
    filterset_fields = ["slug"]

    def get_queryset(self):
        return Area.objects.order_by("order", "name")


class OwnEntryMixin:
    """A role or responsibility created for one map (`"map": "acme"`) is answered as that
    map shows it (its counts, its assignments), whatever `?map=` says: no other map sees it."""

    request: Any

    def perform_create(self, serializer):
        owner = serializer.validated_data.get("map")
        if owner is not None:
            self.request._role_map = (self.request.query_params.get("map"), owner)
        super().perform_create(serializer)  # type: ignore[misc]


@MAPPED
class RoleViewSet(OwnEntryMixin, ResourceMixin, viewsets.ModelViewSet):
    """Roles with their attributes, variants and their assignments in one map."""

    reads_map_in = ("list", "retrieve")

    map_scoped = True  # answers read the evidence and one map (pmroles.conditional.api)
    # A signed-in reader's answer differs only by the maps they see: stored per that set.
    readers_share_answers = True

    @staticmethod
    def version_reads(request, kwargs) -> Reads:
        """A role's detail reads that role's parts only; the list, every role's counts."""
        slug = request.GET.get("map") or default_map_slug()
        if kwargs.get("slug"):
            return Reads(map_slug=slug, role_slugs=(kwargs["slug"],))
        return Reads(map_slug=slug)

    serializer_class = serializers.RoleSerializer
    lookup_field = "slug"
    filterset_class = filters.RoleFilter
    search_fields = ["name", "summary", "description", "quotes__text"]
    ordering_fields = ["order", "name", "slug"]

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.RoleListSerializer
        return serializers.RoleSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request
            return Role.objects.none()
        role_map = requested_map(self.request)
        if self.action == "list":
            return Role.objects.for_api_list(role_map)
        return Role.objects.for_api(role_map, first=ROLE_ASSIGNMENTS_SHOWN)

    def paginate_queryset(self, queryset):
        # The page's assignment counts in one aggregate query, not one per role.
        page = super().paginate_queryset(queryset)
        if page is not None:
            counts = Assignment.objects.level_counts(
                requested_map(self.request), [role.pk for role in page]
            )
            for role in page:
                role.assignment_levels = counts[role.pk]
        return page

    def get_object(self):
        role = super().get_object()
        role_map = requested_map(self.request)
        role.assignment_levels = Assignment.objects.level_counts(role_map, [role.pk])[role.pk]
        role.assignment_areas = Assignment.objects.area_counts(role_map, role)
        return role


@MAPPED
class ResponsibilityViewSet(OwnEntryMixin, ResourceMixin, viewsets.ModelViewSet):
    """Responsibilities with who holds them at which RACI level, in one map."""

    reads_map_in = ("list", "retrieve")

    map_scoped = True  # answers read the evidence and one map (pmroles.conditional.api)
    # A signed-in reader's answer differs only by the maps they see: stored per that set.
    readers_share_answers = True

    serializer_class = serializers.ResponsibilitySerializer
    lookup_field = "slug"
    filterset_class = filters.ResponsibilityFilter
    search_fields = ["name", "description", "quotes__text"]
    ordering_fields = ["order", "name", "slug"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request
            return Responsibility.objects.none()
        return Responsibility.objects.for_api(requested_map(self.request))


@MAPPED
class AssignmentViewSet(ResourceMixin, viewsets.ModelViewSet):
    """Role × responsibility × RACI level, with its quotes. Lists show one map."""

    reads_map_in = ("list", "retrieve")

    serializer_class = serializers.AssignmentSerializer
    filterset_class = filters.AssignmentFilter
    search_fields = ["role__name", "responsibility__name", "note", "quotes__text"]
    ordering_fields = ["id", "level", "role__order", "responsibility__name"]
    # Id order by default: the index (role_map, id) gives a page without sorting the map.
    ordering = ["id"]

    @staticmethod
    def version_reads(request, kwargs) -> Reads:
        """A list reads one map; one assignment may be in any map (pmroles.conditional.api)."""
        if kwargs:
            return EVERYTHING
        return Reads(map_slug=request.GET.get("map") or default_map_slug())

    def get_queryset(self):
        qs = Assignment.objects.with_evidence()
        if self.action == "list" and not getattr(self, "swagger_fake_view", False):
            qs = qs.in_map(requested_map(self.request))
        return qs


class SourceViewSet(ResourceMixin, viewsets.ModelViewSet):
    """The articles the quotes come from."""

    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilter
    search_fields = ["title", "author", "publisher"]
    ordering_fields = ["title", "published", "id"]

    def get_queryset(self):
        return Source.objects.with_quote_counts().order_by("title", "id")


@extend_schema_view(list=_with_map, retrieve=_with_map)
class QuoteViewSet(ResourceMixin, viewsets.ModelViewSet):
    """Verbatim quotes with their source and everything they are evidence for."""

    reads_map_in = ("list", "retrieve")  # what each quote supports, in that map

    serializer_class = serializers.QuoteSerializer
    filterset_class = filters.QuoteFilter
    search_fields = ["text", "locator", "source__title"]
    ordering_fields = ["id", "key"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request
            return Quote.objects.none()
        visible = RoleMap.objects.visible_to(self.request.user)
        return Quote.objects.with_supports(map_if_any(self.request), among_maps=visible).order_by(
            "source__title", "key"
        )


@extend_schema_view(list=_with_map, retrieve=_with_map)
class DisputeViewSet(ResourceMixin, viewsets.ModelViewSet):
    """Where the sources disagree: each dispute with its quoted positions (no side taken)."""

    # The roles and responsibilities each dispute names, and the list's filters, as that map
    # sees them: an editor may name a team map's own role, which no other map shows.
    reads_map_in = ("list", "retrieve")

    serializer_class = serializers.DisputeSerializer
    lookup_field = "slug"
    filterset_class = filters.DisputeFilter
    search_fields = ["topic", "summary", "positions__statement"]
    ordering_fields = ["order", "slug", "topic"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request
            return Dispute.objects.none()
        return Dispute.objects.with_evidence(map_if_any(self.request)).order_by("order", "slug")
