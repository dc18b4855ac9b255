"""The RACI matrix (every role × every responsibility in one map) and "who does this?".

Both read a responsibility's row across all roles, where the comparison reads a few roles'
columns; they share its Cell so every layer shows a part the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery

from responsibilities.levels import LEVEL_RANK, Level
from responsibilities.models import Area, Assignment, Kind, Quote, Responsibility

from .comparison import Cell
from .models import Role, RoleMap
from .pieces import per_map


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


# The API's matrix window: at most this many responsibilities and roles a page.
WINDOW_ROWS = 100
WINDOW_COLUMNS = 12


@dataclass
class WindowRow:
    """One responsibility with the cells of the roles in the window; `accountable` and
    `warnings` read the whole map, so they hold for the roles not in the window too."""

    responsibility: Responsibility
    cells: list[Cell]
    accountable: str | None  # the Accountable role's slug in the whole map
    warnings: list[str]


@dataclass
class MatrixWindow:
    roles: list[Role]  # the window's columns
    rows: list[WindowRow]
    total_rows: int
    total_roles: int
    warning_count: int  # rows with a gap in the whole map
    offset: int
    role_offset: int


def held_at(role_map: RoleMap, level: str) -> Exists:
    """Whether some role holds the outer responsibility at `level` in `role_map` (EXISTS)."""
    return Exists(
        Assignment.objects.filter(role_map=role_map, responsibility=OuterRef("pk"), level=level)
    )


def matrix_totals(role_map: RoleMap, area: Area | None = None) -> dict[str, int]:
    """The map's rows (`total`) and rows with a gap (`gaps`: a responsibility without an
    Accountable role), in `area` or over the whole map: every page of the matrix shows them,
    so they are kept per map version (roles.pieces.per_map) rather than counted a page."""
    has_accountable = held_at(role_map, Level.ACCOUNTABLE)
    rows = Responsibility.objects.visible_in(role_map)
    if area is not None:
        rows = rows.filter(area=area)
    return rows.annotate(has_accountable=has_accountable).aggregate(
        total=Count("pk"), gaps=Count("pk", filter=GAP)
    )


# A row with a gap: a responsibility (not a shared quality) that no role is Accountable for.
GAP = Q(kind=Kind.RESPONSIBILITY, has_accountable=False)


def matrix_window(
    *, role_map: RoleMap, offset: int, limit: int, role_offset: int, role_limit: int
) -> MatrixWindow:
    """A window of the matrix: `limit` responsibilities from `offset`, `role_limit` roles
    from `role_offset`, in the page's order. Five queries whatever the map's size: roles,
    the row count, the rows (with the whole map's Accountable role and whether it has a
    Responsible one), the window's parts, their quote ids."""
    limit, role_limit = min(limit, WINDOW_ROWS), min(role_limit, WINDOW_COLUMNS)
    all_roles = list(Role.objects.in_order(role_map))  # the shared roles and the map's own
    roles = all_roles[role_offset : role_offset + role_limit]
    # No default ordering in the subqueries: one Accountable part a row at most (a constraint).
    in_map = Assignment.objects.filter(role_map=role_map, responsibility=OuterRef("pk")).order_by()
    parts = (
        Assignment.objects.filter(role_map=role_map, role__in=roles)
        .only("level", "basis", "rationale", "role_id", "responsibility_id")
        .prefetch_related(Prefetch("quotes", queryset=Quote.objects.only("pk").order_by("pk")))
    )
    visible = Responsibility.objects.visible_in(role_map)
    rows: list[Any] = (  # annotated: accountable_slug, has_responsible, window_parts
        visible.select_related("area")
        .annotate(
            accountable_slug=Subquery(
                in_map.filter(level=Level.ACCOUNTABLE).values("role__slug")[:1]
            ),
            has_responsible=held_at(role_map, Level.RESPONSIBLE),
        )
        .prefetch_related(Prefetch("assignments", queryset=parts, to_attr="window_parts"))
        .by_ids(visible.page_ids(offset, limit))
    )
    totals = per_map("matrix-totals", role_map, lambda: matrix_totals(role_map))
    window = []
    for responsibility in rows:
        by_role = {a.role_id: a for a in responsibility.window_parts}
        accountable = responsibility.accountable_slug
        warnings = []
        if responsibility.kind == Kind.RESPONSIBILITY and accountable is None:
            warnings.append(
                "Responsible without Accountable"
                if responsibility.has_responsible
                else "No Accountable role"
            )
        cells = [Cell(role, by_role.get(role.pk)) for role in roles]
        window.append(WindowRow(responsibility, cells, accountable, warnings))
    return MatrixWindow(
        roles=roles,
        rows=window,
        total_rows=totals["total"],
        total_roles=len(all_roles),
        warning_count=totals["gaps"],
        offset=offset,
        role_offset=role_offset,
    )
