"""The plain grid: a whole map as role letters only, one row per responsibility and one
column per role, as a hand-made RACI spreadsheet has it (`cells=letters` on the downloads).

The evidence download (roles/csv_rows.py, `cells=evidence`, the default) carries each part's
basis, rationale and quotes, ten times the text; readers who only want who does what get
this one, at a fraction of the cost (docs/performance.md, issue 19: 5× cheaper per cell than
the letters-only CSV of before). Its columns are the evidence CSV's first ones (area,
responsibility, kind, one per role), with the same words, order and formula guard.

Each row's letters are gathered by the database: one query over the map's responsibilities
in matrix order, each with its parts as `<role id><letter>` tokens (`string_agg` on
PostgreSQL, `group_concat` on SQLite), read a bounded number of rows at a time
(`QuerySet.iterator`: a server-side cursor on PostgreSQL). Python only puts each letter in
its column of a blank line. Reading 100,000 parts as tuples, in chunks of responsibility
ids, cost twice the time, a third of it Django preparing the `IN` lists.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import Aggregate, CharField, OuterRef, Subquery
from django.db.models.functions import Cast, Concat

from responsibilities.levels import Level
from responsibilities.models import Assignment, Responsibility
from responsibilities.spreadsheet import csv_writer

from .csv_rows import matrix_csv_stream
from .exports import KIND_WORDS
from .inputs import InputError
from .models import Role, RoleMap
from .xlsx_rows import ROW_ORDER

EVIDENCE, LETTERS = "evidence", "letters"
CELLS = (EVIDENCE, LETTERS)
# Cells (rows × role columns) read and written at a time, at most: rows a round trip to the
# database and lines a piece handed to the response. A map with many roles reads fewer rows
# at a time, so what is held is bounded whatever the map's shape.
GRID_CELLS = 100_000
GRID_ROWS = 1_000
FIXED = ("area", "responsibility", "kind")


def parse_cells(raw: str | None) -> str:
    """`cells=`: what a whole-map download puts in each role's column. `evidence` (the
    default, also for an empty value) or `letters`; anything else is an InputError."""
    if raw is None or raw == "":
        return EVIDENCE
    if raw not in CELLS:
        raise InputError(
            f"cells “{raw}” must be letters (each role's letter only: a plain grid) or "
            "evidence (the letters with each part's basis, rationale and quotes; the default).",
            field="cells",
        )
    return raw


class _PartTokens(Aggregate):
    """The parts of one responsibility as `<role id><letter>` tokens joined by commas, in no
    particular order (each token says its own column)."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


def grid_roles(role_map: RoleMap) -> list[tuple[int, str]]:
    """The columns, (id, name) in the matrix's order: the evidence CSV's."""
    return list(Role.objects.in_order(role_map).values_list("pk", "name"))


def rows_at_a_time(role_count: int) -> int:
    return max(1, min(GRID_ROWS, GRID_CELLS // max(1, role_count)))


def letter_lines(role_map: RoleMap, roles: Sequence[tuple[int, str]]) -> Iterator[list[str]]:
    """Every responsibility the map shows, in matrix order, as a line: area, name, kind in
    words, then one letter (or "" where the sources say nothing) per role of `roles`.

    One query, read `rows_at_a_time` rows a round trip."""
    cell = {
        f"{pk}{letter}": (len(FIXED) + index, letter)
        for index, (pk, _) in enumerate(roles)
        for letter in Level.values
    }
    tokens = Subquery(
        Assignment.objects.filter(role_map=role_map, responsibility=OuterRef("pk"))
        .order_by()
        .values("responsibility_id")
        .annotate(
            tokens=_PartTokens(
                Concat(Cast("role_id", CharField()), "level", output_field=CharField())
            )
        )
        .values("tokens")
    )
    rows = (
        Responsibility.objects.visible_in(role_map)
        .order_by(*ROW_ORDER, "pk")
        .annotate(tokens=tokens)
        .values_list("area__name", "name", "kind", "tokens")
    )
    blanks = [""] * len(roles)
    for area, name, kind, found in rows.iterator(chunk_size=rows_at_a_time(len(roles))):
        line = [area, name, KIND_WORDS.get(kind, kind), *blanks]
        if found:
            for token in found.split(","):
                place = cell.get(token)
                if place is not None:  # a role the map does not show: no column
                    line[place[0]] = place[1]
        yield line


def letters_csv_header(names: list[str]) -> list[str]:
    """The plain grid's columns: the evidence CSV's first ones (roles/exports.matrix_csv_header)."""
    return [*FIXED, *names]


def letters_csv_stream(role_map: RoleMap) -> Iterator[str]:
    """The whole map as a plain grid in CSV, streamed: the header, then pieces of at most
    `rows_at_a_time` lines, each written by one `writerows` (the formula guard of every CSV:
    responsibilities/spreadsheet.py)."""
    roles = grid_roles(role_map)
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(letters_csv_header([name for _, name in roles]))
    yield out.getvalue()
    size = rows_at_a_time(len(roles))
    piece: list[list[str]] = []
    for line in letter_lines(role_map, roles):
        piece.append(line)
        if len(piece) == size:
            yield _written(piece)
            piece = []
    if piece:
        yield _written(piece)


def _written(lines: list[list[str]]) -> str:
    out = io.StringIO()
    csv_writer(out).writerows(lines)
    return out.getvalue()


def whole_matrix_csv(role_map: RoleMap, *, letters: bool) -> tuple[str, Iterator[str]]:
    """The whole matrix as CSV for every door (the page, the API): its file name without
    `.csv`, and its lines streamed: the plain grid (`letters`) or the evidence."""
    if letters:
        return "raci-matrix-letters", letters_csv_stream(role_map)
    return "raci-matrix", matrix_csv_stream(role_map)
