"""What 2–4 chosen roles state in a map, from pieces kept per role and per catalogue.

The comparison page's grid, its summary and its shared qualities all start from the same
set: the responsibilities some chosen role has a part in, with each one's holder mask (bit i
when the i-th role is Responsible or Accountable), in the grid's order. In SQL that was a
scan of the catalogue hashed against the roles' parts, three times over (the grid's count,
its page, the summary), 20–30 ms at scale 1 whatever was kept. Both halves are per role or
per map's catalogue and change rarely, so they are kept (roles.pieces):

- `parts`: each role's parts in the map as (responsibility, level), under the role's
  version: a write to its parts moves it, a write to another role's does not;
- `order`: the map's visible responsibilities in the grid's order (area order and name,
  then the responsibility's order and name, as the database sorts them) with their areas,
  and the shared qualities in theirs, under the catalogue's version (`all`, `evidence`).

Masks, counts and the page's rows are then a walk over the order in Python.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from responsibilities.levels import HOLDING_LEVELS
from responsibilities.models import Assignment, Kind, Responsibility

from .models import Role, RoleMap
from .pieces import Tokens, per_catalogue, per_role, tokens_for

Parts = tuple[array, str]  # responsibility ids, and each one's level (one letter each)


@dataclass(frozen=True)
class Order:
    """The map's catalogue in display order: responsibilities (ids and areas) and shared
    qualities (ids). Arrays, so that a kept order is small and quick to read back."""

    ids: array
    areas: array
    qualities: array


def _parts(role_map: RoleMap, role_ids: list[int]) -> dict[int, Parts]:
    found: dict[int, tuple[array, list[str]]] = {pk: (array("q"), []) for pk in role_ids}
    rows = Assignment.objects.filter(role_map=role_map, role_id__in=role_ids).values_list(
        "role_id", "responsibility_id", "level"
    )
    for role_id, responsibility_id, level in rows.order_by():
        ids, levels = found[role_id]
        ids.append(responsibility_id)
        levels.append(level)
    return {pk: (ids, "".join(levels)) for pk, (ids, levels) in found.items()}


def _order(role_map: RoleMap) -> Order:
    visible = Responsibility.objects.visible_in(role_map)
    ids, areas = array("q"), array("q")
    rows = visible.filter(kind=Kind.RESPONSIBILITY).order_by(
        "area__order", "area__name", "order", "name", "pk"
    )
    for pk, area_id in rows.values_list("pk", "area_id"):
        ids.append(pk)
        areas.append(area_id)
    qualities = visible.filter(kind=Kind.SHARED_QUALITY).order_by(
        "area__order", "order", "name", "pk"
    )
    return Order(ids, areas, array("q", qualities.values_list("pk", flat=True)))


@dataclass
class Stated:
    """The chosen roles' stated responsibilities: (id, area id, holder mask) in the grid's
    order, and their shared qualities' ids in those qualities' order."""

    rows: list[tuple[int, int, int]]
    qualities: list[int]

    def counts(self) -> Counter[tuple[int, int]]:
        """Responsibilities per (area id, holder mask), what the summary is made of."""
        return Counter((area, mask) for _, area, mask in self.rows)


def stated(role_map: RoleMap, roles: Sequence[Role], tokens: Tokens | None = None) -> Stated:
    """The chosen roles' stated responsibilities with masks, from kept pieces (two reads of
    the cache, and one query for the version unless `tokens` were read already)."""
    ids = [role.pk for role in roles]
    tokens = tokens if tokens is not None else tokens_for(role_map, ids)
    parts = per_role(
        "parts", role_map, ids, lambda missing: _parts(role_map, missing), tokens=tokens
    )
    masks: dict[int, int] = {}
    for index, pk in enumerate(ids):
        bit = 1 << index
        held, levels = parts[pk]
        for responsibility_id, level in zip(held, levels, strict=True):
            masks[responsibility_id] = masks.get(responsibility_id, 0) | (
                bit if level in HOLDING_LEVELS else 0
            )
    order = per_catalogue("order", role_map, tokens, lambda: _order(role_map))
    get = masks.get
    rows = [
        (pk, area, mask)
        for pk, area in zip(order.ids, order.areas, strict=True)
        if (mask := get(pk)) is not None
    ]
    return Stated(rows, [pk for pk in order.qualities if pk in masks])
