"""What the admin's grid editor shows: one map's roles × one area's responsibilities.

The grid is bounded like every page: one area at a time, at most ROWS_PER_PAGE rows of it
(`page`), every role the map can see as a column. Each cell carries the state it had when
read (CellState), which the form sends back so that a save can tell whether someone else
changed the cell since (roles.grid_services).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from django.db.models import Count

from responsibilities.models import Area, Assignment, Responsibility, visible_in_q

from .inputs import page_count
from .models import Role, RoleMap

ROWS_PER_PAGE = 60
ROLES_PER_PAGE = 12  # columns at once (`cols=N`): a page posts at most 60 × 12 cells
ALL_AREAS = "all"  # `area=all`: every area in order, ROWS_PER_PAGE rows a page


@dataclass(frozen=True)
class CellState:
    """A cell as an editor sees it: its level ("" when no part is recorded), basis and
    rationale."""

    level: str = ""
    basis: str = ""
    rationale: str = ""

    @classmethod
    def of(cls, assignment: Assignment | None) -> CellState:
        if assignment is None:
            return cls()
        return cls(assignment.level, assignment.basis, assignment.rationale)

    def encode(self) -> str:
        """One hidden field's value; the rationale comes last, so a "|" in it is harmless."""
        return f"{self.level}|{self.basis}|{self.rationale}"

    @classmethod
    def decode(cls, text: str) -> CellState | None:
        """The state a form carried, or None when the text is not one (a tampered form)."""
        parts = text.split("|", 2)
        if len(parts) != 3:
            return None
        return cls(*parts)

    @property
    def empty(self) -> bool:
        return not self.level

    def same_as(self, other: CellState) -> bool:
        """Two empty cells are the same whatever their basis or rationale fields say."""
        if self.empty and other.empty:
            return True
        return self == other


@dataclass
class GridRow:
    responsibility: Responsibility
    cells: list[tuple[Role, CellState]]


@dataclass
class GridWindow:
    """The admin grid's page; its page-count arithmetic is the one every list uses
    (roles.inputs.page_count)."""

    page_size: ClassVar[int] = ROWS_PER_PAGE

    role_map: RoleMap
    roles: list[Role]
    areas: Sequence[Area]
    area: Area | None
    page: int
    total: int
    all_areas: bool = False
    cols: int = 1
    role_total: int = 0
    rows: list[GridRow] = field(default_factory=list)

    @property
    def col_pages(self) -> int:
        return page_count(self.role_total, ROLES_PER_PAGE)

    @property
    def area_param(self) -> str:
        """The `area=` that shows this window again."""
        if self.all_areas:
            return ALL_AREAS
        return self.area.slug if self.area is not None else ""

    @property
    def pages(self) -> int:
        return page_count(self.total, self.page_size)

    @property
    def first(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.page * self.page_size, self.total)


def grid_roles(role_map: RoleMap) -> list[Role]:
    """The columns: every role the map can see (the shared catalogue and its own)."""
    return list(Role.objects.visible_in(role_map).order_by("order", "name"))


def grid_window(
    *, role_map: RoleMap, area_slug: str | None = None, page: int = 1, cols: int = 1
) -> GridWindow:
    """The grid an editor opens: the area asked for (else the first), page `page` of it.

    Five queries whatever the size: areas with counts, roles, the row count, the rows, and
    the map's assignments in those rows.
    """
    visible = visible_in_q(role_map, "responsibilities__")
    areas = list(
        Area.objects.annotate(
            responsibility_count=Count("responsibilities", filter=visible)
        ).order_by("order", "name")
    )
    all_areas = area_slug == ALL_AREAS
    area = None if all_areas else next((a for a in areas if a.slug == area_slug), None)
    if area is None and not all_areas:
        area = next((a for a in areas if a.responsibility_count), areas[0] if areas else None)
    every_role = grid_roles(role_map)
    cols = min(max(1, cols), page_count(len(every_role), ROLES_PER_PAGE))
    roles = every_role[(cols - 1) * ROLES_PER_PAGE : cols * ROLES_PER_PAGE]
    rows_qs = Responsibility.objects.visible_in(role_map).select_related("area")
    if all_areas:
        rows_qs = rows_qs.order_by("area__order", "area__name", "order", "name")
        total = sum(a.responsibility_count for a in areas)
    else:
        rows_qs = rows_qs.filter(area=area).order_by("order", "name")
        total = area.responsibility_count if area is not None else 0
    page = min(max(1, page), page_count(total, ROWS_PER_PAGE))
    start = (page - 1) * ROWS_PER_PAGE
    shown = all_areas or area is not None
    responsibilities = list(rows_qs[start : start + ROWS_PER_PAGE]) if shown else []
    window = GridWindow(
        role_map=role_map,
        roles=roles,
        areas=areas,
        area=area,
        page=page,
        total=total,
        all_areas=all_areas,
        cols=cols,
        role_total=len(every_role),
    )
    held = {
        (a.role_id, a.responsibility_id): a
        for a in Assignment.objects.filter(
            role_map=role_map, responsibility__in=[r.pk for r in responsibilities]
        )
    }
    window.rows = [
        GridRow(
            responsibility=duty,
            cells=[(role, CellState.of(held.get((role.pk, duty.pk)))) for role in roles],
        )
        for duty in responsibilities
    ]
    return window
