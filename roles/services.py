"""Writes with rules for roles: duplicating a role, copying a role map.

Each runs in one transaction and records who did it and why in the history. Copies keep
the rules of responsibilities.rules (a copy beside its original is never a second
Accountable; evidence travels with every part).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.validators import slug_re
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from responsibilities.history import recording
from responsibilities.levels import MapKind
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


class MapCopyRefused(Exception):
    """The copy cannot be made as asked; `message` says why, `field` which input."""

    def __init__(self, message: str, *, field: str):
        super().__init__(message)
        self.message = message
        self.field = field


def map_copy_problem(*, name: str, slug: str) -> MapCopyRefused | None:
    """Why a new map cannot take `name` and `slug` (slugs compare without case), or None."""
    if not slug_re.fullmatch(slug or ""):
        return MapCopyRefused(
            f"“{slug}” is not a usable slug: use letters, digits, hyphens and underscores.",
            field="slug",
        )
    if not name.strip():
        return MapCopyRefused("The new map needs a name.", field="name")
    if RoleMap.objects.filter(slug__iexact=slug).exists():
        return MapCopyRefused(
            f"A map with the slug “{slug}” already exists; choose another slug.", field="slug"
        )
    if RoleMap.objects.filter(name=name).exists():
        return MapCopyRefused(
            f"A map named “{name}” already exists; choose another name.", field="name"
        )
    return None


def copy_role_map(
    *,
    source: RoleMap,
    name: str,
    slug: str = "",
    user: AbstractBaseUser | None = None,
    reason: str = "",
    exact: bool = False,
) -> RoleMap:
    """A team map that starts as an exact copy of `source`, based on it.

    Everything a part says travels: level, basis, rationale, note, quotes and the team's
    decision (decided_on, decided_by), so a fresh copy compares equal to its source. The
    source's own roles and responsibilities become the copy's own (same slugs, names and
    quotes). A copy of any map is a team map: it records what a team agrees, starting from
    the evidence. `exact`: refuse (MapCopyRefused) a name or slug already taken, as the
    command and the API do; otherwise (the admin action) the next free one is taken.
    """
    slug = slug or slugify(name)[:100] or "map"
    with transaction.atomic(), recording(user=user, reason=reason or f"Copied from {source}"):
        if exact:
            problem = map_copy_problem(name=name, slug=slug)
            if problem is not None:
                raise problem
        new_map = RoleMap.objects.create(
            name=_free(RoleMap, "name", name),
            slug=_free(RoleMap, "slug", slug),
            description=source.description,
            kind=MapKind.TEAM,
            status=source.status,
            review_every_days=source.review_every_days,
            based_on=source,
        )
        roles: dict[int, int] = {}  # own entries' new ids; shared entries keep theirs
        for role in source.own_roles.prefetch_related("quotes").order_by("pk"):
            copy = _copy_entry(role, new_map)
            copy.quotes.set(role.quotes.all())
            roles[role.pk] = copy.pk
        works: dict[int, int] = {}
        for work in source.own_responsibilities.prefetch_related("quotes").order_by("pk"):
            copy = _copy_entry(work, new_map)
            copy.quotes.set(work.quotes.all())
            works[work.pk] = copy.pk
        for assignment in source.assignments.prefetch_related("quotes").order_by("pk"):
            new = Assignment.objects.create(
                role_map=new_map,
                role_id=roles.get(assignment.role_id, assignment.role_id),
                responsibility_id=works.get(
                    assignment.responsibility_id, assignment.responsibility_id
                ),
                level=assignment.level,
                basis=assignment.basis,
                rationale=assignment.rationale,
                note=assignment.note,
                decided_on=assignment.decided_on,
                decided_by=assignment.decided_by,
            )
            new.quotes.set(assignment.quotes.all())
    return new_map


def _copy_entry(entry: Any, new_map: RoleMap) -> Any:
    """A copy of an own role or responsibility, owned by `new_map` (same slug and name)."""
    copy = type(entry).objects.get(pk=entry.pk)
    copy.pk = copy.id = None
    copy._state.adding = True
    copy.map = new_map
    copy.save()
    return copy


def mark_reviewed(
    *,
    role_map: RoleMap,
    on: datetime.date | None = None,
    user: AbstractBaseUser | None = None,
    reason: str = "",
) -> RoleMap:
    """Record that the map was reviewed as a whole (today by default), in its history.

    One action: the date moves, the review schedule stays, and the history row says who
    reviewed it and when, so "last reviewed on …" can always be traced.
    """
    day = on or timezone.localdate()
    with transaction.atomic(), recording(user=user, reason=reason or f"Reviewed on {day}"):
        locked = RoleMap.objects.select_for_update().get(pk=role_map.pk)
        locked.last_reviewed = day
        locked.save()
    return locked


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
