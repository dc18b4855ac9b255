"""One-button actions on a map in the admin: start a team map from it, publish it (or make
it a draft again), mark it reviewed. Each is a POST (a small form beside the map's page or
its grid) to a view that checks who may do it (roles/access.py) and calls a service
(roles/map_editors.py, roles/services.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import reverse
from django.utils.formats import date_format

from roles.access import EDIT_MAP, SEE_MAP, edits_any_map
from roles.inputs import is_whole_number
from roles.map_editors import EditorRefused, set_map_status, start_team_map
from roles.models import MapStatus, RoleMap
from roles.services import mark_reviewed


def _map(request, object_id) -> RoleMap:
    if request.method != "POST":
        raise _NotPost
    role_map = RoleMap.objects.filter(pk=object_id).first() if is_whole_number(object_id) else None
    if role_map is None or not request.user.has_perm(SEE_MAP, role_map):
        raise Http404("No such map.")
    return role_map


class _NotPost(Exception):
    pass


def may_start_team_map(user) -> bool:
    """The Editors group, and any team map's editor: a new team map changes nothing that
    exists, and only its starter (and the Editors group) sees it until it is published."""
    return edits_any_map(user) or user.has_perms(["roles.add_rolemap"])


def start_team_map_view(model_admin, request, object_id):
    try:
        source = _map(request, object_id)
    except _NotPost:
        return HttpResponseNotAllowed(["POST"])
    if not may_start_team_map(request.user):
        raise PermissionDenied
    name = " ".join(request.POST.get("name", "").split())[:120] or f"{source.name} (our team)"
    new_map = start_team_map(source=source, name=name, user=request.user)
    model_admin.message_user(
        request,
        f"Started the team map “{new_map.name}” from “{source.name}” with every part copied; "
        "it is a draft that only its editors see until you publish it.",
        messages.SUCCESS,
    )
    return HttpResponseRedirect(
        reverse("admin:roles_rolemap_grid", args=[new_map.pk]) + "?area=all"
    )


def status_view(model_admin, request, object_id):
    try:
        role_map = _map(request, object_id)
    except _NotPost:
        return HttpResponseNotAllowed(["POST"])
    if not request.user.has_perm(EDIT_MAP, role_map):
        raise PermissionDenied
    status = request.POST.get("status", "")
    try:
        changed = set_map_status(
            role_map=role_map,
            status=status,
            user=request.user,
            reason=request.POST.get("change_reason", ""),
        )
    except EditorRefused as refused:
        model_admin.message_user(request, refused.message, messages.ERROR)
    else:
        if changed and status == MapStatus.PUBLISHED:
            text = f"Published “{role_map.name}”: everyone can see it now."
        elif changed:
            text = f"“{role_map.name}” is a draft again: only its editors see it."
        else:
            text = f"“{role_map.name}” already was {role_map.get_status_display().lower()}."
        model_admin.message_user(request, text, messages.SUCCESS)
    return HttpResponseRedirect(_back(request, role_map))


def reviewed_view(model_admin, request, object_id):
    """The "Mark reviewed" button: the map was reviewed today (roles.services.mark_reviewed,
    recorded in the map's history)."""
    try:
        role_map = _map(request, object_id)
    except _NotPost:
        return HttpResponseNotAllowed(["POST"])
    if not request.user.has_perm(EDIT_MAP, role_map):
        raise PermissionDenied
    reviewed = mark_reviewed(role_map=role_map, user=request.user)
    model_admin.message_user(
        request,
        f"Marked “{reviewed.name}” reviewed on {date_format(reviewed.last_reviewed or '')}.",
        messages.SUCCESS,
    )
    return HttpResponseRedirect(_back(request, role_map))


def _back(request, role_map: RoleMap) -> str:
    back = request.POST.get("next", "")
    if not back.startswith("/admin/") or "//" in back:  # only back into the admin
        back = reverse("admin:roles_rolemap_change", args=[role_map.pk])
    return back
