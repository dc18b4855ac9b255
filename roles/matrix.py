"""The RACI matrix (every role × every responsibility in one map) and "who does this?".

Both read a responsibility's row across all roles, where the comparison reads a few roles'
columns; they share its Cell so every layer shows a part the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from responsibilities.levels import LEVEL_RANK, Level
from responsibilities.models import Area, Kind, Responsibility

from .comparison import Cell
from .models import Role, RoleMap


@dataclass
class MatrixRow:
    responsibility: Responsibility
    cells: list[Cell]

    @property
    def quote_counts(self) -> list[int]:
        return [len(c.quotes) for c in self.cells]

    @property
    def accountable(self) -> Role | None:
        return next((c.role for c in self.cells if c.level == Level.ACCOUNTABLE), None)

    @property
    def warnings(self) -> list[str]:
        """Gaps an editor should look at; shared qualities have no owner by nature."""
        if self.responsibility.kind != Kind.RESPONSIBILITY or self.accountable is not None:
            return []
        if any(c.level == Level.RESPONSIBLE for c in self.cells):
            return ["Responsible without Accountable"]
        return ["No Accountable role"]


@dataclass
class Matrix:
    roles: list[Role]
    groups: list[tuple[Area, list[MatrixRow]]]

    @property
    def rows(self) -> list[MatrixRow]:
        return [row for _, rows in self.groups for row in rows]

    @property
    def warning_count(self) -> int:
        return sum(1 for row in self.rows if row.warnings)


def build_matrix(*, role_map: RoleMap | None = None) -> Matrix:
    """Every role × every responsibility of one map (the default map without one)."""
    role_map = role_map or RoleMap.objects.resolve()
    roles = list(Role.objects.in_order(role_map))
    groups: list[tuple[Area, list[MatrixRow]]] = []
    for responsibility in Responsibility.objects.for_matrix(role_map):
        parts = {a.role_id: a for a in responsibility.map_assignments}
        row = MatrixRow(responsibility, [Cell(role, parts.get(role.pk)) for role in roles])
        if not groups or groups[-1][0].pk != responsibility.area_id:
            groups.append((responsibility.area, []))
        groups[-1][1].append(row)
    return Matrix(roles, groups)


def who_does(slug: str, *, role_map: RoleMap | None = None) -> tuple[Responsibility, list[Cell]]:
    """One responsibility and every role's part in it (None: no part), strongest part first.

    Raises Responsibility.DoesNotExist for an unknown slug; the page turns it into a 404.
    """
    role_map = role_map or RoleMap.objects.resolve()
    responsibility = Responsibility.objects.with_assignments(role_map).get(slug=slug)
    parts = {a.role_id: a for a in responsibility.map_assignments}
    cells = [Cell(role, parts.get(role.pk)) for role in Role.objects.in_order(role_map)]
    cells.sort(key=lambda c: LEVEL_RANK.get(c.level or "", len(LEVEL_RANK)))
    return responsibility, cells
