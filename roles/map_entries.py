"""Writes a team makes from its grid: adding a role (a column) or a responsibility (a row)
of the map's own.

Own entries belong to one map: no other map shows them (responsibilities.models.
visible_in_q). The model's clean() holds the rules (a slug or name the map can already see
is refused with the rule book's sentence); these services fill what the grid does not ask
(slug, abbreviation, order) and record the change with its reason.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from responsibilities.history import recording
from responsibilities.models import Area, Responsibility

from .models import Role, RoleMap


class EntryRefused(Exception):
    """The entry may not be added; `message` says why. Nothing was written."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def _message(error: ValidationError) -> str:
    return " ".join(
        f"{'' if field == '__all__' else field.capitalize() + ': '}{m}"
        for field, messages in error.message_dict.items()
        for m in messages
    )


def _abbreviation(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[:1].isalpha()).upper()[:12] or "?"


def add_own_role(
    *,
    role_map: RoleMap,
    name: str,
    abbreviation: str = "",
    user: AbstractBaseUser | None = None,
    reason: str = "",
) -> Role:
    """A role of `role_map`'s own, after the map's roles (its columns in the grid)."""
    name = " ".join(name.split())
    if not name:
        raise EntryRefused("A new role needs a name.")
    with transaction.atomic(), recording(user=user, reason=reason or f"Added the role {name}"):
        last = Role.objects.visible_in(role_map).aggregate(last=Max("order"))["last"] or 0
        role = Role(
            map=role_map,
            name=name,
            slug=slugify(name)[:120] or "role",
            abbreviation=(abbreviation.strip() or _abbreviation(name))[:12],
            summary=f"{name}: a role of {role_map.name}.",
            order=min(last + 1, 32767),
        )
        try:
            role.full_clean()
        except ValidationError as error:
            raise EntryRefused(_message(error)) from None
        role.save()
    return role


def add_own_responsibility(
    *,
    role_map: RoleMap,
    name: str,
    area: Area,
    user: AbstractBaseUser | None = None,
    reason: str = "",
) -> Responsibility:
    """A responsibility of `role_map`'s own, last in `area` (a row of the grid)."""
    name = " ".join(name.split())
    if not name:
        raise EntryRefused("A new responsibility needs a name.")
    with (
        transaction.atomic(),
        recording(user=user, reason=reason or f"Added the responsibility {name}"),
    ):
        last = Responsibility.objects.filter(area=area).aggregate(last=Max("order"))["last"] or 0
        duty = Responsibility(
            map=role_map,
            name=name,
            slug=slugify(name)[:120] or "responsibility",
            area=area,
            order=min(last + 1, 32767),
        )
        try:
            duty.full_clean()
        except ValidationError as error:
            raise EntryRefused(_message(error)) from None
        duty.save()
    return duty
