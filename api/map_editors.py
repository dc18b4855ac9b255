"""A team map's editors through the API: `GET/POST /api/v1/maps/{slug}/editors/` and
`DELETE /api/v1/maps/{slug}/editors/{username}/`, for those who may edit the map
(roles/access.py); the writes are roles/map_editors.py's, as the admin and the
`map_editors` command use."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from responsibilities.history import REASON_HEADER
from roles.access import EDIT_MAP
from roles.map_editors import EditorRefused, add_map_editor, remove_map_editor

from .errors import Conflict
from .strict import StrictTypesMixin


class EditorsSerializer(serializers.Serializer):
    editors = serializers.ListField(
        child=serializers.CharField(), help_text="The usernames of the map's own editors."
    )


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


NOT_EDITOR = OpenApiResponse(
    ErrorSerializer, description="Authenticated, but not an editor of this map."
)


class AddEditorSerializer(StrictTypesMixin, serializers.Serializer):
    username = serializers.CharField(max_length=150, help_text="The user to make an editor.")

    def validate_username(self, value):
        user = get_user_model().objects.filter(username=value).first()
        if user is None:
            raise serializers.ValidationError(f"There is no user “{value}”.")
        return user

    def validate(self, attrs):
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError(
                {name: ["Unknown field: this request takes only `username`."] for name in unknown}
            )
        return attrs


def _editors(role_map) -> dict:
    return {
        "editors": list(role_map.editors.order_by("username").values_list("username", flat=True))
    }


class MapEditorsMixin:
    """Actions of RoleMapViewSet; the map is looked up among the maps the client may see."""

    def _editable_map(self, request):
        role_map = self.get_object()  # type: ignore[attr-defined]  # a 404 for a hidden draft
        if not request.user.has_perm(EDIT_MAP, role_map):
            self.permission_denied(  # type: ignore[attr-defined]
                request, "Only the map's editors and the Editors group may do this."
            )
        return role_map

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={200: EditorsSerializer, 403: NOT_EDITOR},
        description="The map's own editors (for those who may edit the map).",
    )
    @extend_schema(
        methods=["POST"],
        request=AddEditorSerializer,
        responses={
            201: EditorsSerializer,
            403: NOT_EDITOR,
            409: OpenApiResponse(
                ErrorSerializer, description="A reference map has no editors of its own."
            ),
        },
        description="Make a user an editor of this team map (400 for an unknown user, 409 "
        "for a reference map, which the Editors group edits).",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="editors",
        permission_classes=[IsAuthenticatedOrReadOnly],
        filter_backends=[],
        pagination_class=None,
    )
    def editors(self, request, slug=None):
        role_map = self._editable_map(request)
        if request.method == "POST":
            body = AddEditorSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            try:
                add_map_editor(
                    role_map=role_map,
                    editor=body.validated_data["username"],
                    by=request.user,
                    reason=request.headers.get(REASON_HEADER, ""),
                )
            except EditorRefused as refused:
                raise Conflict(refused.message) from None
            return Response(_editors(role_map), status=status.HTTP_201_CREATED)
        return Response(_editors(role_map))

    @extend_schema(
        request=None,
        responses={204: None, 403: NOT_EDITOR},
        description=(
            "The user is no longer an editor of this map (404 if they were not). A change "
            "to the map: send If-Match with the map's ETag (GET /api/v1/maps/{slug}/)."
        ),
    )
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"editors/(?P<username>[^/]+)",
        permission_classes=[IsAuthenticatedOrReadOnly],
        filter_backends=[],
        pagination_class=None,
    )
    def remove_editor(self, request, slug=None, username=None):
        role_map = self._editable_map(request)
        user = get_user_model().objects.filter(username=username).first()
        if user is None or not remove_map_editor(
            role_map=role_map,
            editor=user,
            by=request.user,
            reason=request.headers.get(REASON_HEADER, ""),
        ):
            raise NotFound(f"“{username}” is not an editor of this map.")
        return Response(status=status.HTTP_204_NO_CONTENT)
