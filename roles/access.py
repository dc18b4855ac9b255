"""Who may see and edit a role map: the predicates, in one place (django-rules).

Two permissions, asked as `user.has_perm(name, role_map)`:
- EDIT_MAP: change the map (its parts, own roles and responsibilities, status, editors).
  The Editors group (the curators: assignment add/change/delete permissions) edits every
  map; a team map's own editors (RoleMap.editors) edit that map and nothing else. Reference
  maps stay with the Editors group.
- SEE_MAP: read the map on pages, in the API, exports, search and the finder: a published
  map is public, a draft only for those who may edit it (RoleMap.objects.visible_to is the
  same rule as a query).

Why rules rather than per-object permission rows (django-guardian): who may edit a map
follows from data the map already holds (its kind and its editors, a membership), so there
are no permission rows to keep in sync with it.
"""

from __future__ import annotations

import rules

from responsibilities.levels import MapKind

from .models import MAP_CURATOR_PERMISSIONS, MapStatus, RoleMap

EDIT_MAP = "roles.edit_map"
SEE_MAP = "roles.see_map"


def _active(user) -> bool:
    return user is not None and user.is_active and user.is_authenticated


@rules.predicate
def is_curator(user) -> bool:
    """The Editors group (or a superuser): the model permissions on assignments."""
    if not _active(user):
        return False
    cached = getattr(user, "_pmroles_curator", None)
    if cached is None:
        cached = user.has_perms(MAP_CURATOR_PERMISSIONS)
        user._pmroles_curator = cached
    return cached


def editable_map_ids(user) -> frozenset[int]:
    """The team maps `user` is an editor of (one query, kept on the user object)."""
    if not _active(user):
        return frozenset()
    cached = getattr(user, "_pmroles_editable_maps", None)
    if cached is None:
        cached = frozenset(
            RoleMap.objects.filter(editors=user, kind=MapKind.TEAM).values_list("pk", flat=True)
        )
        user._pmroles_editable_maps = cached
    return cached


@rules.predicate
def is_team_editor(user, role_map) -> bool:
    """One of the team map's own editors (reference maps have none that count)."""
    return role_map is not None and role_map.pk in editable_map_ids(user)


@rules.predicate
def is_published(user, role_map) -> bool:
    return role_map is not None and role_map.status == MapStatus.PUBLISHED


can_edit_map = is_curator | is_team_editor
can_see_map = is_published | can_edit_map

rules.add_perm(EDIT_MAP, can_edit_map)
rules.add_perm(SEE_MAP, can_see_map)


def edits_any_map(user) -> bool:
    """Curators, and the editors of at least one team map (the admin lets them in)."""
    return bool(is_curator(user) or editable_map_ids(user))
