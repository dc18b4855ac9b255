"""Writes with rules for roles: duplicating a role, copying a role map.

Each runs in one transaction and records who did it and why in the history. Copies keep
the rules of responsibilities.rules (a copy beside its original is never a second
Accountable; evidence travels with every part).
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.text import slugify

from responsibilities.history import recording
from responsibilities.models import Assignment
from responsibilities.rules import copied_level

from .models import Role, RoleMap


def _free(model: type[Role] | type[RoleMap], field: str, wanted: str) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`... (or `wanted (2)` for names): unused values."""
    taken = set(
        model.objects.filter(**{f"{field}__startswith": wanted}).values_list(field, flat=True)
    )
    if wanted not in taken:
        return wanted
    n = 2
    pattern = "{} ({})" if field == "name" else "{}-{}"
    while pattern.format(wanted, n) in taken:
        n += 1
    return pattern.format(wanted, n)


def duplicate_role(
    *, role: Role, name: str = "", user: AbstractBaseUser | None = None, reason: str = ""
) -> Role:
    """A new role with the same attributes, evidence and assignments, as a starting point.

    Accountable parts are copied as Responsible: a responsibility keeps one Accountable
    role per map, and the original still holds it.
    """
    with transaction.atomic(), recording(user=user, reason=reason or f"Duplicated from {role}"):
        copy = Role.objects.get(pk=role.pk)
        copy.pk = copy.id = None
        copy._state.adding = True
        copy.name = _free(Role, "name", name or f"Copy of {role.name}")
        copy.slug = _free(Role, "slug", slugify(copy.name)[:100] or "role")
        copy.save()
        copy.quotes.set(role.quotes.all())
        for assignment in role.assignments.prefetch_related("quotes"):
            new = Assignment.objects.create(
                role_map_id=assignment.role_map_id,
                role=copy,
                responsibility_id=assignment.responsibility_id,
                level=copied_level(assignment.level),
                note=assignment.note,
            )
            new.quotes.set(assignment.quotes.all())
    return copy


def copy_role_map(
    *,
    source: RoleMap,
    name: str,
    slug: str = "",
    user: AbstractBaseUser | None = None,
    reason: str = "",
) -> RoleMap:
    """A new map with every assignment of `source` (levels, notes, quotes), based on it."""
    with transaction.atomic(), recording(user=user, reason=reason or f"Copied from {source}"):
        new_map = RoleMap.objects.create(
            name=_free(RoleMap, "name", name),
            slug=_free(RoleMap, "slug", slug or slugify(name)[:100] or "map"),
            description=source.description,
            based_on=source,
        )
        for assignment in source.assignments.prefetch_related("quotes"):
            new = Assignment.objects.create(
                role_map=new_map,
                role_id=assignment.role_id,
                responsibility_id=assignment.responsibility_id,
                level=assignment.level,
                note=assignment.note,
            )
            new.quotes.set(assignment.quotes.all())
    return new_map


class MapDeletionRefused(Exception):
    """Deleting this map would lose what readers rely on; `message` says why and what to do.

    `needs_confirmation` is True when the only obstacle is the assignments that would go
    with the map: the caller may ask its user to confirm and try again with `confirmed`.
    """

    def __init__(self, message: str, *, needs_confirmation: bool = False):
        super().__init__(message)
        self.message = message
        self.needs_confirmation = needs_confirmation


def map_deletion_problem(*, role_map: RoleMap, confirmed: bool) -> MapDeletionRefused | None:
    """Why `role_map` may not be deleted now, or None.

    The default map is what every page and query reads when none is named, so it is never
    deleted while it is the default. A map's assignments go with it (CASCADE), so deleting
    a map that has any needs the caller's explicit confirmation.
    """
    if role_map.is_default:
        return MapDeletionRefused(
            f"“{role_map.name}” is the default map (PMROLES_DEFAULT_MAP): pages and the API "
            "read it when no map is named, so it cannot be deleted. Make another map the "
            "default first."
        )
    count = role_map.assignments.count()
    if count and not confirmed:
        return MapDeletionRefused(
            f"“{role_map.name}” has {count} assignments, which would be deleted with it; "
            "confirm that they should be deleted too.",
            needs_confirmation=True,
        )
    return None


def delete_role_map(
    *,
    role_map: RoleMap,
    confirmed: bool = False,
    user: AbstractBaseUser | None = None,
    reason: str = "",
) -> int:
    """Delete a map and its assignments, recorded in history; the number of assignments.

    The row is locked first, so a map cannot gain assignments between the check and the
    deletion. Raises MapDeletionRefused (see map_deletion_problem).
    """
    with transaction.atomic():
        locked = RoleMap.objects.select_for_update().get(pk=role_map.pk)
        problem = map_deletion_problem(role_map=locked, confirmed=confirmed)
        if problem is not None:
            raise problem
        count = locked.assignments.count()
        default_reason = f"Deleted map {locked.slug} with {count} assignments"
        with recording(user=user, reason=reason or default_reason):
            locked.delete()
    return count
