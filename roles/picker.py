"""The roles a map offers to compare, kept per map: the role picker under every comparison.

The picker lists every role of the map (100 at scale 1); reading them was a query and 100
model instances on every comparison's first build. What it shows of a role (slug, name,
abbreviation) and their order change only with the catalogue, so the list is kept under
the catalogue's version (roles.pieces.per_catalogue: `all` and `evidence`, which every role
write advances).
"""

from __future__ import annotations

from typing import NamedTuple

from .models import Role, RoleMap
from .pieces import Tokens, per_catalogue


class PickerRole(NamedTuple):
    slug: str
    name: str
    abbreviation: str


def picker_roles(role_map: RoleMap, tokens: Tokens) -> list[PickerRole]:
    """The map's roles in page order (Role.objects.in_order), as the picker shows them."""

    def build() -> list[PickerRole]:
        rows = Role.objects.in_order(role_map).values_list("slug", "name", "abbreviation")
        return [PickerRole(*row) for row in rows]

    return per_catalogue("picker", role_map, tokens, build)
