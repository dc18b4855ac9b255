"""Writes to who edits and who sees a team map: its editors (RoleMap.editors), its status
(draft or published), and starting one from a copy.

Membership is the whole of a team editor's permission (roles/access.py reads it), so each
change is recorded: the map gets a history row naming who was added or removed and by whom.
An editor needs to sign in to the admin to use the grid, so adding one makes them staff
(staff status alone grants nothing else: every other admin page needs a permission).
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from responsibilities.history import recording
from responsibilities.levels import MapKind

from .models import MapStatus, RoleMap
from .services import copy_role_map


class EditorRefused(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def _record(role_map: RoleMap, reason: str) -> None:
    role_map._change_reason = reason  # type: ignore[attr-defined]
    role_map.save(update_fields=["updated_at"])


def add_map_editor(
    *, role_map: RoleMap, editor, by: AbstractBaseUser | None = None, reason: str = ""
) -> bool:
    """Make `editor` an editor of the team map; False when they already were one."""
    if role_map.kind != MapKind.TEAM:
        raise EditorRefused(
            f"“{role_map.name}” is a reference map: it is edited by the Editors group only, "
            "so it has no editors of its own."
        )
    with transaction.atomic(), recording(user=by, reason=reason):
        if role_map.editors.filter(pk=editor.pk).exists():
            return False
        role_map.editors.add(editor)
        let_sign_in(editors=[editor])
        _record(role_map, reason or f"Added {editor.get_username()} as an editor")
    return True


def let_sign_in(*, editors) -> None:
    """Staff status for editors who lack it: a map's editor edits in the admin, whichever
    way they became one (this service, the API, or the admin's own editors field)."""
    for editor in editors:
        if not editor.is_staff:
            editor.is_staff = True
            editor.save(update_fields=["is_staff"])


def remove_map_editor(
    *, role_map: RoleMap, editor, by: AbstractBaseUser | None = None, reason: str = ""
) -> bool:
    """`editor` no longer edits the map; False when they were not an editor of it."""
    with transaction.atomic(), recording(user=by, reason=reason):
        if not role_map.editors.filter(pk=editor.pk).exists():
            return False
        role_map.editors.remove(editor)
        _record(role_map, reason or f"Removed {editor.get_username()} as an editor")
    return True


def start_team_map(
    *, source: RoleMap, name: str, user: AbstractBaseUser, reason: str = ""
) -> RoleMap:
    """A team's own map copied from `source` (roles.services.copy_role_map keeps every part),
    as a draft that only its editors (the one who started it, and the Editors group) see."""
    with transaction.atomic():
        new_map = copy_role_map(source=source, name=name, user=user, reason=reason)
        with recording(user=user, reason=reason or f"Started from {source}"):
            new_map.kind = MapKind.TEAM
            new_map.status = MapStatus.DRAFT
            new_map._change_reason = reason or f"A team map started from {source}"  # type: ignore[attr-defined]
            new_map.save()
            new_map.editors.add(user)  # type: ignore[arg-type]  # the project's User
    return new_map


def set_map_status(
    *, role_map: RoleMap, status: str, user: AbstractBaseUser | None = None, reason: str = ""
) -> bool:
    """Publish a map (everyone sees it) or make it a draft again; False when it already was."""
    if status not in MapStatus.values:
        raise EditorRefused(f"“{status}” is not a status: choose draft or published.")
    with transaction.atomic(), recording(user=user, reason=reason):
        locked = RoleMap.objects.select_for_update().get(pk=role_map.pk)
        if locked.status == status:
            return False
        locked.status = status
        locked._change_reason = reason or (  # type: ignore[attr-defined]
            "Published" if status == MapStatus.PUBLISHED else "Made a draft again"
        )
        locked.save()
    role_map.status = status
    return True
