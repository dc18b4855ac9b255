"""Who may see and edit a role map: the predicates, in one place (django-rules).

Two permissions, asked as `user.has_perm(name, role_map)`:
- EDIT_MAP: change the map's parts (the grid editor, assignments in the API).
  The Editors group (anyone holding the assignment add/change/delete permissions) edits
  every map.
- SEE_MAP: read the map on pages, in the API, exports, search and the finder.

Why rules rather than per-object permission rows (django-guardian): the answer follows
from data the map already holds, so there is nothing to keep in sync.
"""

from __future__ import annotations

import rules

EDIT_MAP = "roles.edit_map"
SEE_MAP = "roles.see_map"

CONTENT_EDITOR_PERMISSIONS = (
    "responsibilities.add_assignment",
    "responsibilities.change_assignment",
    "responsibilities.delete_assignment",
)


@rules.predicate
def is_content_editor(user) -> bool:
    """The Editors group (or a superuser): the model permissions on assignments."""
    if user is None or not user.is_active:
        return False
    cached = getattr(user, "_pmroles_content_editor", None)
    if cached is None:
        cached = user.has_perms(CONTENT_EDITOR_PERMISSIONS)
        user._pmroles_content_editor = cached
    return cached


can_edit_map = is_content_editor
can_see_map = rules.always_allow | can_edit_map

rules.add_perm(EDIT_MAP, can_edit_map)
rules.add_perm(SEE_MAP, can_see_map)
