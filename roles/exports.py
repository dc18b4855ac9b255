"""Comparison and matrix as CSV and Markdown, shared by the pages and the API.

Silence is not "no part": in CSV an empty level (and basis) means the sources say nothing
about the role there, `N` that a source says it has no part; Markdown writes "not stated"
and "N — no part (stated)".
"""

from __future__ import annotations

import html
import io

from responsibilities.levels import Basis, Level
from responsibilities.spreadsheet import csv_writer

from .comparison import Cell, Comparison
from .matrix import Matrix


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
    "After each level, its basis: stated, described or inferred (what the sources say), or "
    "✎ agreed by the team (the team's own decision, not a source's words)."
)


def _md_cell(cell: Cell) -> str:
    assignment = cell.assignment
    if assignment is None:
        return NOT_STATED
    basis = assignment.get_basis_display().lower()
    if assignment.basis == Basis.AGREED:
        # The team's decision, never read as a source's words.
        decided = f" on {assignment.decided_on.isoformat()}" if assignment.decided_on else ""
        by = f" by {_md(assignment.decided_by)}" if assignment.decided_by else ""
        basis = f"✎ agreed by the team{decided}{by}"
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


def matrix_csv(matrix: Matrix) -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    names = [r.name for r in matrix.roles]
    writer.writerow(["area", "responsibility", "kind", *names, "warnings", *basis_headers(names)])
    for area, rows in matrix.groups:
        for row in rows:
            writer.writerow(
                [
                    area.name,
                    row.responsibility.name,
                    row.responsibility.kind,
                    *[_level(cell) for cell in row.cells],
                    "; ".join(row.warnings),
                    *[cell_basis(cell) for cell in row.cells],
                ]
            )
    return out.getvalue()
