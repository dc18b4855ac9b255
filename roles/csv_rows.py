"""The CSV downloads read as plain tuples: the whole-map matrix, streamed a chunk at a time,
and the comparison of 2–4 roles.

roles/exports.py lays the columns out (and writes the same CSVs from a built Matrix or
Comparison, which the tests hold these to, cell for cell); this module only reads. A whole
map is 100,000 parts at the benchmark's scale 1: model instances with prefetched quotes
cost twenty seconds of CPU and 100 MiB there, tuples (`values_list`) under two seconds and
a chunk's worth of memory. The quotes are read as the XLSX export reads them
(roles/xlsx_rows.part_quotes: one query, each source's citation made once).
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence

from responsibilities.levels import HOLDING_LEVELS, Level
from responsibilities.models import Assignment, Kind, Responsibility
from responsibilities.spreadsheet import csv_cell, csv_line, csv_writer

from .exports import (
    KIND_WORDS,
    STATUS_WORDS,
    disputed_responsibilities,
    evidence_headers,
    matrix_csv_header,
    yes_no,
)
from .models import Role, RoleMap
from .xlsx_rows import ROW_ORDER, part_quotes

# Responsibilities per chunk of the streamed matrix, at most, and cells (rows × role columns)
# per chunk, at most: a map with many roles streams fewer rows at a time, so what a chunk
# holds is bounded by cells whatever the map's shape.
MATRIX_CHUNK = 500
MATRIX_CHUNK_CELLS = 50_000
# Lines per piece handed to the response: a chunk's text is not held whole (at scale 1 a
# line is about 4,000 characters, most of them quotes).
MATRIX_PIECE = 100


def matrix_csv_stream(role_map: RoleMap) -> Iterator[str]:
    """The whole matrix of one map as CSV, in chunks: what the page and the API download
    (the one matrix CSV writer; matrix_csv writes the same for a built matrix, and the tests
    hold the two to the same text).

    The one read besides the XLSX export that touches every part of a map (100,000 at the
    benchmark's scale 1), so, like roles/xlsx_rows.py, it reads plain tuples and never
    model instances: ORM objects with prefetched quotes cost twenty seconds there. A line
    starts as blanks; only the cells of parts that exist are filled in, each written as
    the CSV's text once (`csv_cell`), and the line is joined as it is: the csv module's
    writer walked every character of every line (a third of the CPU at scale 1). Memory
    holds one chunk; three queries a chunk (rows, parts, the parts' quotes with their
    sources, each source's citation made once), after the roles, the disputed
    responsibilities and the ordered ids."""
    roles = list(Role.objects.in_order(role_map).values_list("pk", "name"))
    count = len(roles)
    column = {pk: index for index, (pk, _) in enumerate(roles)}
    yield csv_line([csv_cell(cell) for cell in matrix_csv_header([name for _, name in roles])])
    disputed = disputed_responsibilities()
    ids = list(
        Responsibility.objects.visible_in(role_map)
        .order_by(*ROW_ORDER)
        .values_list("pk", flat=True)
    )
    # Where each role's cells start in a line: level, basis, rationale, quotes.
    level_at, basis_at = 3, 5 + count
    rationale_at, quotes_at = basis_at + count, basis_at + 2 * count
    blanks = [""] * (2 + 4 * count)
    words = _Words()  # levels, bases, kinds and flags: a few words, each made once
    size = max(1, min(MATRIX_CHUNK, MATRIX_CHUNK_CELLS // max(1, count)))
    citations: dict[int, str] = {}  # source id: citation, across chunks (sources are few)
    for start in range(0, len(ids), size):
        batch = ids[start : start + size]
        lines: dict[int, list[str]] = {
            pk: [csv_cell(area), csv_cell(name), words[KIND_WORDS.get(kind, kind)], *blanks]
            for pk, name, kind, area in Responsibility.objects.filter(pk__in=batch)
            .order_by()
            .values_list("pk", "name", "kind", "area__name")
        }
        quotes = part_quotes(role_map, batch, citations)
        for pk, resp_id, role_id, level, basis, rationale in (
            Assignment.objects.filter(role_map=role_map, responsibility_id__in=batch)
            .order_by()
            .values_list("pk", "responsibility_id", "role_id", "level", "basis", "rationale")
        ):
            index = column.get(role_id)
            line = lines.get(resp_id)
            if index is None or line is None:
                continue
            line[level_at + index] = words[level or ""]
            line[basis_at + index] = words[basis]
            line[rationale_at + index] = csv_cell(rationale)
            found = quotes.get(pk)
            if found:
                line[quotes_at + index] = csv_cell(
                    "\n".join(f"“{text}” — {cited}" for text, _, cited in found)
                )
        del quotes  # the texts are in the lines now
        piece: list[str] = []
        for pk in batch:
            line = lines.pop(pk, None)  # each line is let go once written
            if line is None:  # deleted since the ids were read
                continue
            line[level_at + count] = words[
                _warning(words, line[2], line[level_at : level_at + count])
            ]
            line[level_at + count + 1] = words[yes_no(pk in disputed)]
            piece.append(csv_line(line))
            if len(piece) == MATRIX_PIECE:
                yield "".join(piece)
                piece = []
        if piece:
            yield "".join(piece)


class _Words(dict):
    """A few words (levels, bases, kinds, the warning and yes/no) as CSV cells, each made
    by csv_cell the first time it is asked for."""

    def __missing__(self, word: str) -> str:
        self[word] = cell = csv_cell(word)
        return cell


def _warning(words: _Words, kind_cell: str, levels: list[str]) -> str:
    """MatrixRow.warnings for a line's levels (as one cell: there is at most one); the kind
    and the levels as their CSV cells."""
    if kind_cell != words[KIND_WORDS[Kind.RESPONSIBILITY]] or words[Level.ACCOUNTABLE] in levels:
        return ""
    if words[Level.RESPONSIBLE] in levels:
        return "Responsible without Accountable"
    return "No Accountable role"


def comparison_csv_text(role_map: RoleMap, roles: Sequence[Role]) -> str:
    """exports.comparison_csv(compare(roles)), read as tuples: every responsibility in which
    one of `roles` has a part in the map, in matrix order, the shared qualities last.

    Three queries (the disputed responsibilities, the roles' parts with their
    responsibilities, the parts' quotes), none of the comparison page's summaries; the text
    grows with the chosen roles' parts, as the download does."""
    count = len(roles)
    column = {role.pk: index for index, role in enumerate(roles)}
    names = [role.name for role in roles]
    disputed = disputed_responsibilities(roles)
    level_at, status_at, basis_at = 3, 3 + count, 5 + count
    rationale_at, quotes_at = basis_at + count, basis_at + 2 * count
    blanks = [""] * (2 + 4 * count)
    citations: dict[int, str] = {}
    quotes = part_quotes(role_map, None, citations, role_ids=list(column))
    lines: dict[int, list[str]] = {}
    keys: dict[int, tuple] = {}  # responsibility id: (shared quality, matrix order, id)
    for pk, resp_id, role_id, level, basis, rationale, *about in (
        Assignment.objects.filter(role_map=role_map, role_id__in=list(column))
        .order_by()
        .values_list(
            *("pk", "responsibility_id", "role_id", "level", "basis", "rationale"),
            *("responsibility__name", "responsibility__kind", "responsibility__order"),
            *("responsibility__area__name", "responsibility__area__order"),
        )
    ):
        line = lines.get(resp_id)
        if line is None:
            name, kind, order, area, area_order = about
            line = lines[resp_id] = [area, name, KIND_WORDS.get(kind, kind), *blanks]
            keys[resp_id] = (kind == Kind.SHARED_QUALITY, area_order, area, order, name, resp_id)
        index = column[role_id]
        line[level_at + index] = level or ""
        line[basis_at + index] = basis
        line[rationale_at + index] = rationale
        found = quotes.get(pk)
        if found:
            line[quotes_at + index] = "\n".join(f"“{text}” — {cited}" for text, _, cited in found)
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(
        ["area", "responsibility", "kind", *names, "status", "disputed", *evidence_headers(names)]
    )
    for resp_id in sorted(lines, key=keys.__getitem__):
        line = lines[resp_id]
        holders = sum(1 for level in line[level_at:status_at] if level in HOLDING_LEVELS)
        status = "shared" if holders >= 2 else "unique" if holders == 1 else "other"
        line[status_at] = STATUS_WORDS[status]
        line[status_at + 1] = yes_no(resp_id in disputed)
        writer.writerow(line)
    return out.getvalue()
