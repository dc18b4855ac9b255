"""Comparison and matrix as CSV and Markdown, shared by the pages and the API."""

from __future__ import annotations

import html
import io

from responsibilities.spreadsheet import csv_writer

from .comparison import Cell, Comparison
from .matrix import Matrix


def _level(cell: Cell) -> str:
    return cell.level or ""


def comparison_csv(comparison: Comparison) -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    names = [role.name for role in comparison.roles]
    writer.writerow(["area", "responsibility", *names, "status", "quote ids"])
    for row in [*comparison.rows, *comparison.qualities]:
        quote_ids = sorted({q.pk for cell in row.cells for q in cell.quotes})
        writer.writerow(
            [
                row.responsibility.area.name,
                row.responsibility.name,
                *[_level(cell) for cell in row.cells],
                row.status,
                " ".join(str(pk) for pk in quote_ids),
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
            cells = [
                cell.assignment.get_level_display() if cell.assignment else "—"
                for cell in row.cells
            ]
            lines.append(
                f"| {_md(row.responsibility.name)} | " + " | ".join(map(_md, cells)) + " |"
            )
    if comparison.qualities:
        lines += ["", "## Shared qualities", ""]
        for row in comparison.qualities:
            holders = ", ".join(_md(r.abbreviation) for r in row.holders) or "—"
            lines.append(f"- {_md(row.responsibility.name)}: {holders}")
    return "\n".join(lines) + "\n"


def matrix_csv(matrix: Matrix) -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["area", "responsibility", "kind", *[r.name for r in matrix.roles], "warnings"])
    for area, rows in matrix.groups:
        for row in rows:
            writer.writerow(
                [
                    area.name,
                    row.responsibility.name,
                    row.responsibility.kind,
                    *[_level(cell) for cell in row.cells],
                    "; ".join(row.warnings),
                ]
            )
    return out.getvalue()
