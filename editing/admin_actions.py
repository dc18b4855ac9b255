"""Admin actions that export: the selected rows, or a whole map, in the interchange format."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpResponse

from roles.models import RoleMap

from .interchange import dump
from .interchange.document import build_document, build_selection, section_for_model


def _download(document: dict, filename: str) -> HttpResponse:
    response = HttpResponse(dump(document, "json"), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Exports read: whoever may view the list may download it (Readers too).
@admin.action(
    description="Export the selected items (JSON, pmroles-rolemap format)", permissions=["view"]
)
def export_selected(modeladmin, request, queryset):
    section = section_for_model(queryset.model)
    if section is None:
        modeladmin.message_user(request, "These items are not part of a role map.", messages.ERROR)
        return None
    if section.key is None:
        map_ids = set(queryset.values_list("role_map_id", flat=True))
        if len(map_ids) > 1:
            modeladmin.message_user(
                request,
                "The selected assignments belong to several maps; export one map at a time "
                "(filter the list by map first).",
                messages.ERROR,
            )
            return None
        role_map = RoleMap.objects.select_related("based_on").get(pk=map_ids.pop())
    else:
        role_map = RoleMap.objects.resolve()
    document = build_selection(section, queryset, role_map)
    return _download(document, f"pmroles-{section.name}.json")


@admin.action(
    description="Export the selected map (JSON, pmroles-rolemap format)", permissions=["view"]
)
def export_map(modeladmin, request, queryset):
    if queryset.count() != 1:
        modeladmin.message_user(request, "Choose exactly one map to export.", messages.ERROR)
        return None
    role_map = queryset.select_related("based_on").get()
    return _download(build_document(role_map), f"pmroles-{role_map.slug}.json")
