"""The matrix page, bounded: one page of responsibilities, a few role columns, gaps in SQL.

`roles.matrix.build_matrix()` builds every role × every responsibility (the API's matrix and
the old page): at 10,000 responsibilities and 100 roles that is a million cells. The page
instead shows PAGE_SIZE responsibilities and at most MAX_COLUMNS roles at a time; whether a
row has a gap (no Accountable role in the whole map) is an EXISTS in the same query, so the
warning stays right even for the roles not on screen. The CSV download streams everything in
chunks, so its memory does not grow with the map either.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db.models import Prefetch

from responsibilities.levels import Level
from responsibilities.models import (
    Area,
    Assignment,
    Dispute,
    Kind,
    Responsibility,
    ResponsibilityQuerySet,
)
from roles.comparison import Cell
from roles.inputs import InputError, check_page, parse_page, parse_slugs
from roles.matrix import GAP, held_at, matrix_totals
from roles.models import Role, RoleMap
from roles.pieces import per_map

from .paging import PageSpan

# Rows a page: the reference data (about 70 responsibilities) fits on one, as a reader
# scanning the whole matrix expects; a larger map pages.
PAGE_SIZE = 100
MAX_COLUMNS = 12
CSV_CHUNK = 500


@dataclass(frozen=True)
class MatrixFilter:
    roles: tuple[Role, ...]  # chosen columns; empty: every role
    area: Area | None = None
    gaps: bool = False
    cols: int = 1
    page: int = 1

    @property
    def roles_param(self) -> str:
        return ",".join(role.slug for role in self.roles)


def _annotated(obj: object, name: str) -> Any:
    """A value a queryset annotated or prefetched onto a model instance (unknown to mypy)."""
    return getattr(obj, name)


def _number(params: Mapping[str, Any], name: str, label: str) -> int:
    return parse_page(params.get(name), field=name, label=label)


def parse_filter(params: Any, role_map: RoleMap | None = None) -> MatrixFilter:
    """Read `roles` (among those `role_map` shows), `area`, `gaps`, `cols` and `page` from a
    QueryDict."""
    slugs = parse_slugs(params.getlist("roles"))
    visible = Role.objects.visible_in(role_map)
    found = {r.slug: r for r in visible.filter(slug__in=slugs)} if slugs else {}
    unknown = [s for s in slugs if s not in found]
    if unknown:
        raise InputError(f"Unknown role: {', '.join(unknown)}.", field="roles")
    area = None
    if params.get("area"):
        area = Area.objects.filter(slug=params["area"]).first()
        if area is None:
            raise InputError(f"Unknown area “{params['area']}”.", field="area")
    return MatrixFilter(
        roles=tuple(found[s] for s in dict.fromkeys(slugs)),
        area=area,
        gaps=params.get("gaps") == "1",
        cols=_number(params, "cols", "Column page"),
        page=_number(params, "page", "Page"),
    )


@dataclass
class PageRow:
    responsibility: Responsibility
    cells: list[Cell]
    warning: str
    disputes: list[Dispute]


@dataclass
class MatrixPage(PageSpan):
    page_size: ClassVar[int] = PAGE_SIZE
    roles: list[Role]  # the columns on this page
    all_roles: list[Role]
    areas: list[Area]
    groups: list[tuple[Area, list[PageRow]]]
    total: int
    gap_total: int
    page: int
    pages: int
    cols: int
    col_pages: int
    column_count: int  # roles chosen, over every column page

    @property
    def rows(self) -> list[PageRow]:
        return [row for _, rows in self.groups for row in rows]


def build_page(role_map: RoleMap, wanted: MatrixFilter) -> MatrixPage:
    all_roles = list(Role.objects.in_order(role_map))
    chosen = list(wanted.roles) or all_roles
    col_pages = check_page(wanted.cols, len(chosen), MAX_COLUMNS, field="cols", label="column page")
    shown = chosen[(wanted.cols - 1) * MAX_COLUMNS : wanted.cols * MAX_COLUMNS]
    rows: ResponsibilityQuerySet = Responsibility.objects.visible_in(role_map).annotate(
        has_accountable=held_at(role_map, Level.ACCOUNTABLE),
        has_responsible=held_at(role_map, Level.RESPONSIBLE),
    )
    if wanted.area is not None:
        rows = rows.filter(area=wanted.area)
    area = wanted.area
    kind = f"matrix-totals:{area.pk}" if area is not None else "matrix-totals"
    totals = per_map(kind, role_map, lambda: matrix_totals(role_map, area))
    if wanted.gaps:
        rows = rows.filter(GAP)
    total = totals["gaps"] if wanted.gaps else totals["total"]
    pages = check_page(wanted.page, total, PAGE_SIZE)
    parts = Assignment.objects.filter(role_map=role_map, role__in=shown)
    start = (wanted.page - 1) * PAGE_SIZE
    fetched = (
        rows.select_related("area")
        .prefetch_related(
            Prefetch("assignments", queryset=parts, to_attr="shown_parts"),
            Prefetch("disputes", queryset=Dispute.objects.order_by("order", "slug")),
        )
        .by_ids(rows.page_ids(start, PAGE_SIZE))
    )
    groups: list[tuple[Area, list[PageRow]]] = []
    for responsibility in fetched:
        by_role = {a.role_id: a for a in _annotated(responsibility, "shown_parts")}
        warning = ""
        if responsibility.kind == Kind.RESPONSIBILITY and not _annotated(
            responsibility, "has_accountable"
        ):
            warning = (
                "Responsible without Accountable"
                if _annotated(responsibility, "has_responsible")
                else "No Accountable role"
            )
        row = PageRow(
            responsibility,
            [Cell(role, by_role.get(role.pk)) for role in shown],
            warning,
            list(responsibility.disputes.all()),
        )
        if not groups or groups[-1][0].pk != responsibility.area_id:
            groups.append((responsibility.area, []))
        groups[-1][1].append(row)
    return MatrixPage(
        roles=shown,
        all_roles=all_roles,
        areas=list(Area.objects.order_by("order", "name")),
        groups=groups,
        total=total,
        gap_total=totals["gaps"],
        page=wanted.page,
        pages=pages,
        cols=wanted.cols,
        col_pages=col_pages,
        column_count=len(chosen),
    )
