"""The comparison page's grid, bounded: filters, one page of rows, and a summary over all.

`roles.comparison.compare()` reads every part of the chosen roles, which the downloads want;
a page cannot, because a role in a large organisation holds thousands of responsibilities.
Each responsibility gets a *holder mask* in SQL (roles.holder_masks: bit i set when the
i-th chosen role is Responsible or Accountable for it), so that the filters ("held by X but
not by Y", "shared", "held by one only") are WHERE clauses, the page is a LIMIT, and the
summary (web.grid_summary: counts, overlap, pairwise overlap, where each role stands alone)
is one GROUP BY over (area, mask): at most areas × 16 rows, whatever the map's size.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db.models import Prefetch, QuerySet
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from responsibilities.levels import HOLDING_LEVELS, Basis, Level
from responsibilities.models import Area, Assignment, Dispute, Quote, Responsibility
from roles.holder_masks import bits, parts_of
from roles.inputs import InputError, check_page, parse_page
from roles.models import Role, RoleMap
from roles.stated import Stated, stated

from .paging import PageSpan

PAGE_SIZE = 60
LEVEL_LABELS = {str(value): str(label) for value, label in Level.choices}
BASIS_LABELS = {str(value): str(label) for value, label in Basis.choices}

# What the grid shows; the keys are the values of `?show=`.
SHOW = {
    "all": "All",
    "shared": "Shared (two or more hold it)",
    "one": "Held by one only",
    "disputed": "Disputed",
}
GROUPS = {"area": "Area", "holders": "Who holds it"}


def annotation(obj: object, name: str) -> Any:
    """A value a queryset annotated or prefetched onto a model instance (unknown to mypy)."""
    return getattr(obj, name)


# --- Filters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GridFilter:
    """What the reader asked the grid for, checked against the chosen roles."""

    show: str = "all"
    held_by: int | None = None  # column index of a chosen role
    not_by: int | None = None
    area: Area | None = None
    group: str = "area"
    page: int = 1

    @property
    def is_default(self) -> bool:
        return (
            self.show == "all"
            and self.held_by is None
            and self.not_by is None
            and self.area is None
        )

    def keeps(self, mask: int) -> bool:
        if self.show == "shared" and bits(mask) < 2:
            return False
        if self.show == "one" and bits(mask) != 1:
            return False
        if self.held_by is not None and not mask & (1 << self.held_by):
            return False
        return not (self.not_by is not None and mask & (1 << self.not_by))

    def masks(self, role_count: int) -> list[int] | None:
        """The holder masks a row may have, or None when the filter does not look at masks."""
        masks = [m for m in range(1 << role_count) if self.keeps(m)]
        return None if len(masks) == 1 << role_count else masks


def _role_index(value: str, roles: Sequence[Role], name: str) -> int | None:
    if not value:
        return None
    for index, role in enumerate(roles):
        if role.slug == value:
            return index
    raise InputError(f"“{value}” is not one of the roles compared; choose one of them.", field=name)


def parse_filter(params: Mapping[str, str], roles: Sequence[Role]) -> GridFilter:
    """Read show, held_by, not_by, area, group and page; an InputError says what is wrong."""
    show = params.get("show") or "all"
    if show not in SHOW:
        raise InputError(f"Unknown view “{show}”; choose one of: {', '.join(SHOW)}.", field="show")
    group = params.get("group") or "area"
    if group not in GROUPS:
        raise InputError(
            f"Unknown grouping “{group}”; choose one of: {', '.join(GROUPS)}.", field="group"
        )
    held_by = _role_index(params.get("held_by", ""), roles, "held_by")
    not_by = _role_index(params.get("not_by", ""), roles, "not_by")
    if held_by is not None and held_by == not_by:
        raise InputError("“Held by” and “but not by” need two different roles.", field="not_by")
    area = None
    if params.get("area"):
        area = Area.objects.filter(slug=params["area"]).first()
        if area is None:
            raise InputError(f"Unknown area “{params['area']}”.", field="area")
    return GridFilter(show, held_by, not_by, area, group, parse_page(params.get("page")))


# --- One page of the grid --------------------------------------------------------------------


@dataclass
class GridCell:
    """One role's part in one row. Its quotes and the words for its level and basis are read
    once here: the template names each two or three times, and every `quotes.all()` built a
    manager and every `get_level_display()` a dict of choices (240 cells a page)."""

    role: Role
    assignment: Assignment | None
    notes: list[int] = field(default_factory=list)  # endnote numbers of its quotes
    quotes: list[Quote] = field(init=False)
    level_label: str = field(init=False)
    basis_label: str = field(init=False)

    def __post_init__(self) -> None:
        part = self.assignment
        # Parts come from chosen_parts, which prefetches their quotes as a list.
        self.quotes = annotation(part, "quote_list") if part else []
        self.level_label = LEVEL_LABELS.get(part.level, "") if part else ""
        self.basis_label = BASIS_LABELS.get(part.basis, "") if part else ""

    @property
    def level(self) -> str | None:
        return self.assignment.level if self.assignment else None

    @property
    def holds(self) -> bool:
        return self.level in HOLDING_LEVELS


@dataclass
class GridRow:
    responsibility: Responsibility
    mask: int
    cells: list[GridCell]
    disputes: list[Dispute]
    cells_html: str = ""  # the cells as HTML (web.grid_cells), once their parts are marked

    @property
    def holders(self) -> list[Role]:
        return [c.role for c in self.cells if c.holds]

    @property
    def status(self) -> str:
        count = bits(self.mask)
        return "shared" if count >= 2 else "unique" if count == 1 else "other"


@dataclass
class GridGroup:
    label: str
    rows: list[GridRow]
    key: str


@dataclass
class Endnote:
    number: int
    quote: Quote


@dataclass
class GridPage(PageSpan):
    page_size: ClassVar[int] = PAGE_SIZE
    groups: list[GridGroup]
    total: int  # rows matching the filter, on every page
    page: int
    pages: int
    endnotes: list[Endnote]

    @property
    def rows(self) -> list[GridRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def endnotes_html(self) -> SafeString:
        """The printed page's list of quotes (one <li> each), written without the template
        engine (a few hundred lookups a page), escaped as the template escaped them."""
        items = []
        for note in self.endnotes:
            quote = note.quote
            locator = f", {conditional_escape(quote.locator)}" if quote.locator else ""
            items.append(
                f'\n    <li value="{note.number}" id="note-{note.number}">'
                f"“{conditional_escape(quote.text)}” — "
                f"{conditional_escape(quote.source.citation)}{locator}.</li>\n    "
            )
        return mark_safe("".join(items))  # noqa: S308 — every value is escaped above


def holders_label(mask: int, roles: Sequence[Role]) -> str:
    names = [r.abbreviation for i, r in enumerate(roles) if mask & (1 << i)]
    if not names:
        return "Held by none of them (only Consulted, Informed or no part)"
    if len(names) == len(roles):
        return "Held by all of them" if len(roles) > 2 else "Held by both"
    if len(names) == 1:
        return f"Held by the {names[0]} only"
    return "Held by the " + " and the ".join([", the ".join(names[:-1]), names[-1]])


def chosen_parts(role_map: RoleMap, roles: Sequence[Role]) -> QuerySet[Assignment]:
    """The chosen roles' parts with their quotes, for a prefetch: not ordered (they are
    looked up by role; the default order joined the map, the rows and their areas) and
    without their roles, which the page has (by_chosen_role gives each part its own). The
    quotes are a plain list (`quote_list`, read by GridCell): a prefetch into the manager
    makes a manager and a queryset for each of a page's 240 parts."""
    quotes = Prefetch("quotes", queryset=Quote.objects.with_source(), to_attr="quote_list")
    return parts_of(role_map, roles).order_by().prefetch_related(quotes)


def by_chosen_role(parts: list[Assignment], roles: Sequence[Role]) -> dict[int, Assignment]:
    """The parts of one row by role id, each given its role (one of `roles`, no query)."""
    role_of = {role.pk: role for role in roles}
    cache_role = Assignment.role.field.set_cached_value
    for part in parts:
        cache_role(part, role_of[part.role_id])
    return {part.role_id: part for part in parts}


def _disputed(roles: Sequence[Role]) -> set[int]:
    """The responsibilities a dispute that some chosen role takes part in concerns."""
    links = Dispute.responsibilities.through.objects.filter(dispute__roles__in=list(roles))
    return set(links.values_list("responsibility_id", flat=True))


def _filtered(
    roles: Sequence[Role], wanted: GridFilter, chosen: Stated
) -> list[tuple[int, int, int]]:
    """The stated rows (id, area id, mask) the filter keeps, in the grid's order."""
    rows = chosen.rows
    masks = wanted.masks(len(roles))
    if masks is not None:
        kept = set(masks)
        rows = [row for row in rows if row[2] in kept]
    if wanted.show == "disputed":
        disputed = _disputed(roles)
        rows = [row for row in rows if row[0] in disputed]
    if wanted.area is not None:
        area_id = wanted.area.pk
        rows = [row for row in rows if row[1] == area_id]
    if wanted.group == "holders":
        ranks = sorted(range(1 << len(roles)), key=lambda m: (-bits(m), m))
        rank = {m: n for n, m in enumerate(ranks)}
        rows = sorted(rows, key=lambda row: rank[row[2]])  # stable: the order within a group
    return rows


def grid_page(
    role_map: RoleMap, roles: Sequence[Role], wanted: GridFilter, chosen: Stated | None = None
) -> GridPage:
    """The rows of one page, their parts with quotes, and the disputes that touch them.

    Which rows, how many and in what order come from the chosen roles' stated
    responsibilities (roles.stated, `chosen`, read here when not given); only the page's
    rows are read from the database, by id."""
    if chosen is None:
        chosen = stated(role_map, roles)
    matching = _filtered(roles, wanted, chosen)
    total = len(matching)
    pages = check_page(wanted.page, total, PAGE_SIZE)
    start = (wanted.page - 1) * PAGE_SIZE
    shown = matching[start : start + PAGE_SIZE]
    parts = chosen_parts(role_map, roles)
    fetched = Responsibility.objects.filter(pk__in=[pk for pk, _, _ in shown]).select_related(
        "area"
    )
    if shown:
        fetched = fetched.prefetch_related(
            Prefetch("assignments", queryset=parts, to_attr="chosen_parts"),
            Prefetch(
                "disputes",
                queryset=Dispute.objects.filter(roles__in=list(roles)).distinct(),
                to_attr="chosen_disputes",
            ),
        )
    by_id = {responsibility.pk: responsibility for responsibility in fetched} if shown else {}
    groups: list[GridGroup] = []
    numbers: dict[int, int] = {}
    endnotes: list[Endnote] = []
    for pk, _, mask in shown:
        responsibility = by_id[pk]
        by_role = by_chosen_role(annotation(responsibility, "chosen_parts"), roles)
        cells = []
        for role in roles:
            cell = GridCell(role, by_role.get(role.pk))
            for quote in cell.quotes:
                if quote.pk not in numbers:
                    numbers[quote.pk] = len(numbers) + 1
                    endnotes.append(Endnote(numbers[quote.pk], quote))
                cell.notes.append(numbers[quote.pk])
            cells.append(cell)
        row = GridRow(responsibility, mask, cells, annotation(responsibility, "chosen_disputes"))
        if wanted.group == "holders":
            key, label = f"holders-{mask}", holders_label(mask, roles)
        else:
            key, label = f"area-{responsibility.area.slug}", responsibility.area.name
        if not groups or groups[-1].key != key:
            groups.append(GridGroup(label, [], key))
        groups[-1].rows.append(row)
    return GridPage(groups, total, wanted.page, pages, endnotes)


__all__ = [
    "GROUPS",
    "PAGE_SIZE",
    "SHOW",
    "GridFilter",
    "GridPage",
    "grid_page",
    "holders_label",
    "parse_filter",
]
