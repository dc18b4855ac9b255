"""A big map's whole-map download through the API (roles/prepared.py): the kept file once
it is ready; until then 202 Accepted with Retry-After and a JSON body saying so (503 if
writing it failed). A client asks the same address again; the file is kept until the map
changes, so every later download of that version is immediate."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, JsonResponse
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from pmroles.kept_files import kept_file
from roles.models import DownloadState, RoleMap
from roles.prepared import Recipe, prepared, retry_after


class PreparingSerializer(serializers.Serializer):
    """What a client is told while a whole-map download is being prepared (or failed)."""

    status = serializers.ChoiceField(choices=["preparing", "failed"])
    detail = serializers.CharField()
    retry_after = serializers.IntegerField(help_text="Seconds to wait before asking again.")
    parts = serializers.IntegerField(help_text="The map's parts when the file was asked for.")
    started = serializers.DateTimeField()


# The schema's entries for the responses a whole-map download adds (api/computed.py,
# api/map_health.py).
PREPARING_RESPONSES = {
    (202, "application/json"): OpenApiResponse(
        PreparingSerializer,
        description=(
            "The map is too big to write while you wait: the file is being prepared. Ask "
            "the same address again after Retry-After seconds."
        ),
    ),
    (503, "application/json"): OpenApiResponse(
        PreparingSerializer,
        description="Writing the file failed; it is tried again when asked for after Retry-After.",
    ),
}


def prepared_answer(
    request: HttpRequest, role_map: RoleMap, recipe: Recipe
) -> FileResponse | JsonResponse:
    download = prepared(role_map=role_map, recipe=recipe)
    if download.state == DownloadState.READY:
        return kept_file(download)
    failed, wait = download.state == DownloadState.FAILED, retry_after(download)
    detail = (
        f"Writing this file failed; it is tried again when asked for after {wait} seconds."
        if failed
        else (
            f"The map has {download.parts:,} parts, too many to write while you wait: the "
            f"file is being prepared. Ask again after {wait} seconds."
        )
    )
    body = PreparingSerializer(
        {
            "status": "failed" if failed else "preparing",
            "detail": detail,
            "retry_after": wait,
            "parts": download.parts,
            "started": download.started,
        }
    ).data
    response = JsonResponse(body, status=503 if failed else 202)
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = "no-store"
    return response
