"""Comparison and matrix as CSV and Markdown, shared by the pages and the API.

Silence is not "no part": in CSV an empty level (and basis) means the sources say nothing
about the role there, `N` that a source says it has no part; Markdown writes "not stated"
and "N — no part (stated)".

The CSVs are for spreadsheet users: a `kind` column keeps responsibilities and shared
qualities apart, the status is in plain words, and each role's part carries its basis,
rationale and quotes (the text with its source's citation), with a `disputed` flag where the
sources disagree (docs/export-format.md lists the columns). `BOM` is what `bom=1` puts first.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterable, Sequence

from responsibilities.levels import Basis, Level
from responsibilities.models import Dispute, Kind, Quote
from responsibilities.spreadsheet import csv_writer

from .comparison import Cell, Comparison
from .matrix import Matrix, MatrixRow
from .models import Role

# A UTF-8 byte order mark: Excel on Windows reads the file as UTF-8 only when it starts so.
BOM = "\ufeff"

# Row.status in plain words.
STATUS_WORDS = {
    "shared": "shared: two or more roles hold it",
    "unique": "one role holds it",
    "other": "no role holds it (consulted or informed only)",
}
KIND_WORDS: dict[str, str] = {
    Kind.RESPONSIBILITY: "responsibility",
    Kind.SHARED_QUALITY: "shared quality",
}


def _level(cell: Cell) -> str:
    return cell.level or ""


def cell_basis(cell: Cell) -> str:
    return cell.assignment.basis if cell.assignment else ""


def basis_headers(names: list[str]) -> list[str]:
    """One basis column per role, after the existing columns so that their order holds."""
    return [f"{name} basis" for name in names]


def evidence_headers(names: list[str]) -> list[str]:
    """Per role: basis, rationale, and its quotes with citations."""
    return [
        *basis_headers(names),
        *[f"{name} rationale" for name in names],
        *[f"{name} quotes" for name in names],
    ]


def quotes_text(quotes: Iterable[Quote]) -> str:
    """Each quote as “text” — citation, one a line (fetch quotes with their source)."""
    return "\n".join(f"“{q.text}” — {q.source.citation}" for q in quotes)


def cell_evidence(cells: Sequence[Cell]) -> list[str]:
    return [
        *[cell_basis(cell) for cell in cells],
        *[cell.assignment.rationale if cell.assignment else "" for cell in cells],
        *[quotes_text(cell.quotes) for cell in cells],
    ]


def disputed_responsibilities(roles: Sequence[Role] | None = None) -> set[int]:
    """Ids of the responsibilities a dispute affects (involving one of `roles`, when given);
    one query."""
    disputes = Dispute.objects.all()
    if roles is not None:
        disputes = disputes.filter(roles__in=list(roles))
    return set(
        disputes.filter(responsibilities__isnull=False).values_list("responsibilities", flat=True)
    )


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def comparison_csv(comparison: Comparison) -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    names = [role.name for role in comparison.roles]
    disputed = disputed_responsibilities(comparison.roles)
    writer.writerow(
        ["area", "responsibility", "kind", *names, "status", "disputed", *evidence_headers(names)]
    )
    for row in [*comparison.rows, *comparison.qualities]:
        responsibility = row.responsibility
        writer.writerow(
            [
                responsibility.area.name,
                responsibility.name,
                KIND_WORDS.get(responsibility.kind, responsibility.kind),
                *[_level(cell) for cell in row.cells],
                STATUS_WORDS[row.status],
                yes_no(responsibility.pk in disputed),
                *cell_evidence(row.cells),
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


def matrix_csv_header(names: list[str]) -> list[str]:
    """The matrix CSV's columns (the page's streamed download writes the same)."""
    return [
        "area",
        "responsibility",
        "kind",
        *names,
        "warnings",
        "disputed",
        *evidence_headers(names),
    ]


def matrix_csv_row(row: MatrixRow, *, disputed: bool) -> list[str]:
    """One responsibility's line of the matrix CSV (its parts' quotes fetched with sources)."""
    responsibility = row.responsibility
    return [
        responsibility.area.name,
        responsibility.name,
        KIND_WORDS.get(responsibility.kind, responsibility.kind),
        *[_level(cell) for cell in row.cells],
        "; ".join(row.warnings),
        yes_no(disputed),
        *cell_evidence(row.cells),
    ]


def matrix_csv(matrix: Matrix) -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    names = [r.name for r in matrix.roles]
    disputed = disputed_responsibilities()
    writer.writerow(matrix_csv_header(names))
    for row in matrix.rows:
        writer.writerow(matrix_csv_row(row, disputed=row.responsibility.pk in disputed))
    return out.getvalue()
