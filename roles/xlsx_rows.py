"""The rows of an XLSX workbook (roles/xlsx.py): a map's read from the database a chunk at a
time, or a comparison's from its computed rows.

A map's export is the one read that touches every part of a large map (100,000 at the
benchmark's scale 1), so it reads plain tuples (`values_list`), never model instances with
prefetched relations: building those cost more than writing the workbook. A chunk costs
four queries whatever its size (disputed parts, responsibilities, their parts, the parts'
quotes with their sources), and memory holds one chunk.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from responsibilities.models import Assignment, Dispute, Responsibility, Source

from .comparison import Comparison
from .departs import departures
from .models import Role, RoleMap

# Rows of responsibilities read from the database at a time.
CHUNK = 500
# The matrix's order of responsibilities.
ROW_ORDER = ("area__order", "area__name", "order", "name")


@dataclass(slots=True)
class XPart:
    """One role's part in one responsibility, as the sheets show it."""

    role: str
    level: str
    basis: str
    rationale: str = ""
    quotes: list[tuple[str, str]] = field(default_factory=list)  # (text, citation)
    quote_keys: list[str] = field(default_factory=list)
    decided_on: str = ""  # agreed parts: when and by whom the team decided
    decided_by: str = ""
    disputed: bool = False
    departs: bool = False


@dataclass(slots=True)
class XRow:
    responsibility: str
    area: str
    kind: str
    cells: list[XPart | None]


def map_roles(role_map: RoleMap) -> list[Role]:
    """The columns of a map's sheet, in the matrix's order: the shared roles and its own."""
    return list(Role.objects.visible_in(role_map).order_by("order", "name"))


def map_rows(role_map: RoleMap, roles: Sequence[Role], *, chunk: int = CHUNK) -> Iterator[XRow]:
    """Every responsibility the map shows, in matrix order, read `chunk` rows at a time:
    two queries first (dispute roles, ordered ids), then four per chunk (disputed parts, rows,
    their parts, the parts' quotes with sources); a team map adds its departures from the
    sources (roles/departs.py: one query per chunk, and the sources' map once)."""
    disputants = _disputants()
    ids = list(
        Responsibility.objects.visible_in(role_map)
        .order_by(*ROW_ORDER)
        .values_list("pk", flat=True)
    )
    column = {role.pk: index for index, role in enumerate(roles)}
    names = [role.name for role in roles]
    citations: dict[int, str] = {}  # source id: citation (sources are few)
    for start in range(0, len(ids), chunk):
        batch = ids[start : start + chunk]
        disputed = _disputed(batch, disputants)
        rows = list(
            Responsibility.objects.filter(pk__in=batch)
            .order_by(*ROW_ORDER)
            .values_list("pk", "name", "kind", "area__name")
        )
        parts = list(
            Assignment.objects.filter(role_map=role_map, responsibility_id__in=batch)
            .order_by()
            .values_list(
                *("pk", "responsibility_id", "role_id", "level", "basis", "rationale"),
                *("decided_on", "decided_by"),
            )
        )
        quotes = part_quotes(role_map, batch, citations)
        ids_here = [part[0] for part in parts]
        departing = departures(role_map, ids=ids_here) if role_map.is_team and ids_here else {}
        cells: dict[int, list[XPart | None]] = {pk: [None] * len(roles) for pk, *_ in rows}
        for pk, resp_id, role_id, level, basis, rationale, decided_on, decided_by in parts:
            index = column.get(role_id)
            if index is None:
                continue
            found = quotes.get(pk, ())
            cells[resp_id][index] = XPart(
                role=names[index],
                level=level,
                basis=basis,
                rationale=rationale,
                quotes=[(text, citation) for text, _, citation in found],
                quote_keys=[key for _, key, _ in found],
                decided_on=decided_on.isoformat() if decided_on else "",
                decided_by=decided_by,
                disputed=(resp_id, role_id) in disputed,
                departs=pk in departing,
            )
        for pk, name, kind, area in rows:
            yield XRow(name, area, kind, cells[pk])


def part_quotes(
    role_map: RoleMap,
    batch: Sequence[int] | None,
    citations: dict[int, str],
    *,
    role_ids: Sequence[int] | None = None,
) -> dict[int, list[tuple[str, str, str]]]:
    """{assignment id: [(text, key, citation)]} for the map's parts in these responsibilities
    (every one when `batch` is None; only these roles' parts when `role_ids` is given), in
    the quotes' own order (source title, key), one query; `citations` caches a source's
    citation (Source.citation) by id across chunks. The CSVs (roles/csv_rows.py) read their
    quotes here too."""
    through = Assignment.quotes.through.objects.filter(assignment__role_map=role_map)
    if batch is not None:
        through = through.filter(assignment__responsibility_id__in=list(batch))
    if role_ids is not None:
        through = through.filter(assignment__role_id__in=list(role_ids))
    source = ("author", "title", "publisher", "published", "url")  # what a citation shows
    found: dict[int, list[tuple[str, str, str]]] = {}
    for assignment_id, text, key, source_id, *about in through.order_by(
        "quote__source__title", "quote__key"
    ).values_list(
        *("assignment_id", "quote__text", "quote__key", "quote__source_id"),
        *(f"quote__source__{name}" for name in source),
    ):
        citation = citations.get(source_id)
        if citation is None:
            described = Source(**dict(zip(source, about, strict=True)))
            citation = citations[source_id] = described.citation
        found.setdefault(assignment_id, []).append((text, key, citation))
    return found


def _disputants() -> dict[int, set[int]]:
    """{dispute id: ids of the roles it involves} (one query; disputes are few)."""
    disputants: dict[int, set[int]] = {}
    for dispute_id, role_id in Dispute.roles.through.objects.values_list("dispute_id", "role_id"):
        disputants.setdefault(dispute_id, set()).add(role_id)
    return disputants


def _disputed(ids: Sequence[int], disputants: dict[int, set[int]]) -> set[tuple[int, int]]:
    """(responsibility id, role id) of the parts a dispute is about (one query)."""
    disputed: set[tuple[int, int]] = set()
    for resp_id, dispute_id in Dispute.responsibilities.through.objects.filter(
        responsibility_id__in=list(ids)
    ).values_list("responsibility_id", "dispute_id"):
        disputed |= {(resp_id, role_id) for role_id in disputants.get(dispute_id, ())}
    return disputed


def _part(role: str, assignment: Assignment, disputed: bool, departs: bool) -> XPart:
    quotes = list(assignment.quotes.all())
    return XPart(
        role=role,
        level=assignment.level,
        basis=assignment.basis,
        rationale=assignment.rationale,
        quotes=[(q.text, q.source.citation) for q in quotes],
        quote_keys=[q.key for q in quotes],
        decided_on=assignment.decided_on.isoformat() if assignment.decided_on else "",
        decided_by=assignment.decided_by,
        disputed=disputed,
        departs=departs,
    )


def comparison_rows(comparison: Comparison) -> Iterator[XRow]:
    """A comparison's responsibilities, then its shared qualities (kind column apart)."""
    rows = [*comparison.rows, *comparison.qualities]
    disputed = _disputed([row.responsibility.pk for row in rows], _disputants())
    for row in rows:
        responsibility = row.responsibility
        yield XRow(
            responsibility.name,
            responsibility.area.name,
            responsibility.kind,
            [
                None
                if cell.assignment is None
                else _part(
                    cell.role.name,
                    cell.assignment,
                    (responsibility.pk, cell.role.pk) in disputed,
                    False,
                )
                for cell in row.cells
            ],
        )
