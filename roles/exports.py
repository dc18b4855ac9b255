"""Comparison and matrix as CSV and Markdown, shared by the pages and the API.

Silence is not "no part": in CSV an empty level (and basis) means the sources say nothing
about the role there, `N` that a source says it has no part; Markdown writes "not stated"
and "N — no part (stated)".
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterator, Sequence

from responsibilities.levels import Level
from responsibilities.models import Assignment, Kind, Responsibility
from responsibilities.spreadsheet import csv_writer

from .comparison import Cell, Comparison
from .matrix import Matrix
from .models import Role, RoleMap

# Responsibilities per chunk of the streamed matrix: two queries each, memory bounded.
MATRIX_CHUNK = 1000


def _level(cell: Cell) -> str:
    return cell.level or ""


def cell_basis(cell: Cell) -> str:
    return cell.assignment.basis if cell.assignment else ""


def basis_headers(names: list[str]) -> list[str]:
    """One basis column per role, after the existing columns so that their order holds."""
    return [f"{name} basis" for name in names]


def comparison_csv(comparison: Comparison) -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    names = [role.name for role in comparison.roles]
    writer.writerow(
        ["area", "responsibility", *names, "status", "quote ids", *basis_headers(names)]
    )
    for row in [*comparison.rows, *comparison.qualities]:
        quote_ids = sorted({q.pk for cell in row.cells for q in cell.quotes})
        writer.writerow(
            [
                row.responsibility.area.name,
                row.responsibility.name,
                *[_level(cell) for cell in row.cells],
                row.status,
                " ".join(str(pk) for pk in quote_ids),
                *[cell_basis(cell) for cell in row.cells],
            ]
        )
    return out.getvalue()


def _md(text: str) -> str:
    """Text safe in a Markdown table cell or heading: no HTML, no cell breaks.

    Markdown passes HTML through, so `<script>` in a name would run wherever the file is
    rendered; `<`, `>` and `&` become entities. Backslashes are doubled before pipes are
    escaped, so a name ending in a backslash cannot undo the escape of the next pipe.
    """
    text = html.escape(str(text), quote=False)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


# Silence and a stated "no part" must not read alike (docs/evidence.md).
NOT_STATED = "not stated"
MARKDOWN_LEGEND = (
    "Not stated: the sources say nothing about the role's part. "
    "N — no part (stated): a source says in so many words that the role has no part. "
    "After each level, its basis: stated, described or inferred."
)


def _md_cell(cell: Cell) -> str:
    assignment = cell.assignment
    if assignment is None:
        return NOT_STATED
    basis = assignment.get_basis_display().lower()
    if assignment.level == Level.NO_PART:
        return f"N — no part (stated) · {basis}"
    return f"{assignment.get_level_display()} · {basis}"


def comparison_markdown(comparison: Comparison) -> str:
    names = [role.name for role in comparison.roles]
    lines = [
        f"# {' vs '.join(_md(n) for n in names)}",
        "",
        f"Overlap (Jaccard over R/A responsibilities): {comparison.overlap:.0%} "
        f"({comparison.shared_count} shared of {comparison.union_count}).",
        "",
        f"Biggest differences: {_md(comparison.differences_in_words)}",
        "",
        MARKDOWN_LEGEND,
        "",
        "| | " + " | ".join(_md(n) for n in names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for attribute in comparison.attributes:
        values = " | ".join(map(_md, attribute.values))
        lines.append(f"| {_md(attribute.label)} | " + values + " |")
    for group in comparison.groups:
        lines += ["", f"## {_md(group.area.name)}", ""]
        lines.append("| Responsibility | " + " | ".join(_md(n) for n in names) + " |")
        lines.append("|---|" + "---|" * len(names))
        for row in group.rows:
            cells = [_md_cell(cell) for cell in row.cells]
            lines.append(f"| {_md(row.responsibility.name)} | " + " | ".join(cells) + " |")
    if comparison.qualities:
        lines += ["", "## Shared qualities", ""]
        for row in comparison.qualities:
            holders = ", ".join(_md(r.abbreviation) for r in row.holders) or "—"
            lines.append(f"- {_md(row.responsibility.name)}: {holders}")
    return "\n".join(lines) + "\n"


def _matrix_header(names: list[str]) -> list[str]:
    return ["area", "responsibility", "kind", *names, "warnings", *basis_headers(names)]


def _matrix_line(
    area: str, name: str, kind: str, levels: Sequence[str], bases: Sequence[str]
) -> list[str]:
    """One matrix row; its warning reads the levels of every role (the whole map)."""
    warning = ""
    if kind == Kind.RESPONSIBILITY and Level.ACCOUNTABLE not in levels:
        if Level.RESPONSIBLE in levels:
            warning = "Responsible without Accountable"
        else:
            warning = "No Accountable role"
    return [area, name, kind, *levels, warning, *bases]


def matrix_csv(matrix: Matrix) -> str:
    """A built matrix as CSV: the same header and lines as matrix_csv_stream (one format,
    tests/domain/test_matrix_csv.py holds them equal)."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(_matrix_header([r.name for r in matrix.roles]))
    for area, rows in matrix.groups:
        for row in rows:
            writer.writerow(
                _matrix_line(
                    area.name,
                    row.responsibility.name,
                    row.responsibility.kind,
                    [_level(cell) for cell in row.cells],
                    [cell_basis(cell) for cell in row.cells],
                )
            )
    return out.getvalue()


def matrix_csv_stream(role_map: RoleMap) -> Iterator[str]:
    """The whole matrix of one map as CSV, in chunks: what the page and the API download.

    Memory stays bounded whatever the map's size (MATRIX_CHUNK responsibilities at a time,
    read as plain values, no model objects) and the cost is linear in the cells: each chunk
    is two queries (its responsibilities, their parts in the map) and one list per row.
    """
    roles = list(Role.objects.order_by("order", "name").values_list("pk", "name"))
    column = {pk: index for index, (pk, _) in enumerate(roles)}
    width = len(roles)
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(_matrix_header([name for _, name in roles]))
    yield out.getvalue()
    ordered = Responsibility.objects.order_by("area__order", "area__name", "order", "name")
    ids = list(ordered.values_list("pk", flat=True))
    for start in range(0, len(ids), MATRIX_CHUNK):
        chunk = ids[start : start + MATRIX_CHUNK]
        rows = {
            pk: (area, name, kind)
            for pk, area, name, kind in Responsibility.objects.filter(pk__in=chunk).values_list(
                "pk", "area__name", "name", "kind"
            )
        }
        levels = {pk: [""] * width for pk in chunk}
        bases = {pk: [""] * width for pk in chunk}
        parts = Assignment.objects.filter(role_map=role_map, responsibility_id__in=chunk)
        for responsibility, role, level, basis in parts.values_list(
            "responsibility_id", "role_id", "level", "basis"
        ):
            levels[responsibility][column[role]] = level
            bases[responsibility][column[role]] = basis
        out = io.StringIO()
        writer = csv_writer(out)
        for pk in chunk:
            area, name, kind = rows[pk]
            writer.writerow(_matrix_line(area, name, kind, levels[pk], bases[pk]))
        yield out.getvalue()
