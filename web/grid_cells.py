"""The comparison grid's cells written in Python, byte for byte what `_grid_cell.html` gives.

A page of the grid has up to 240 cells, each with its evidence panel and quotes; through the
template engine (an include per cell, three or four more inside it, a context pushed for
each) they were about half of the page's CPU time. The common cell (a source's part: level,
basis, rationale, note, quotes) is written here with the same escaping as the template
(conditional_escape's rule, linebreaksbr); a cell that shows more (a team's departure from the
sources, the side it took in a dispute, the team's own decision) is rare and still rendered
by the template, so those panels have one definition. `tests/web/test_grid_cells.py` holds
every cell of the sample's comparisons equal to the template's output; `_grid_cell.html`
stays the definition of the cell, and a change to it must be made here too (that test
fails until it is).
"""

from __future__ import annotations

import html
from typing import Any

from django.template.defaultfilters import linebreaksbr
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from responsibilities.levels import Basis
from responsibilities.models import Quote

from .grid import GridCell, GridRow


def _e(value: Any) -> str:
    """`{{ value }}` in a template: escaped unless already safe, as conditional_escape does
    (html.escape is what Django's escape applies), without the lazy-string check Django
    wraps every call in: a comparison page escapes about 1,400 values this way."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def quotes_html(quotes: list[Quote], *, map_query: str) -> str:
    """`web/_quotes.html` for these quotes; `map_query` ("?map=…" or "") the page's map,
    which the links to the sources carry."""
    items = []
    for quote in quotes:
        source = quote.source
        locator = f", {_e(quote.locator)}" if quote.locator else ""
        items.append(
            f"\n  <li>\n"
            f'    <blockquote cite="{_e(source.url)}"><p>“{_e(quote.text)}”</p></blockquote>\n'
            f'    <p class="citation">— <a href="{_e(source.get_absolute_url())}{_e(map_query)}'
            f'#quote-{quote.pk}">{_e(source.citation)}</a>{locator}</p>\n'
            f"  </li>\n  "
        )
    return '\n<ul class="quotes">\n  ' + "".join(items) + "\n</ul>\n"


def _needs_template(cell: GridCell) -> bool:
    part = cell.assignment
    return part is not None and bool(
        getattr(part, "departure", None)
        or getattr(part, "dispute_sides", None)
        or part.basis == Basis.AGREED
    )


def cell_html(cell: GridCell, row: GridRow, evidence_open: bool, *, map_query: str) -> str:
    """One cell, as `{% include "web/_grid_cell.html" %}` writes it inside the grid."""
    role = cell.role
    part = cell.assignment
    if part is None:
        return (
            f'\n<td class="cell not-stated"><span class="visually-hidden">'
            f"{_e(role.abbreviation)}: not stated</span></td>\n"
        )
    if _needs_template(cell):
        return render_to_string(
            "web/_grid_cell.html",
            {"cell": cell, "row": row, "evidence_open": evidence_open, "map_query": map_query},
        )
    quotes = cell.quotes
    level, basis = _e(part.level), _e(part.basis)
    basis_label = _e(cell.basis_label.lower())
    count = len(quotes)
    counted = f", {count} quote{'' if count == 1 else 's'}" if quotes else ""
    notes = f'<sup class="refs">{",".join(map(str, cell.notes))}</sup>' if cell.notes else ""
    rationale = f'<p class="ev-rationale">{_e(part.rationale)}</p>' if part.rationale else ""
    note = f"<p>{linebreaksbr(part.note, autoescape=True)}</p>" if part.note else ""
    evidence = (
        quotes_html(quotes, map_query=map_query)
        if quotes
        else '<p class="muted">No quote backs this part yet.</p>'
    )
    return (
        f'\n<td class="cell at-{level}">\n'
        f'  <details class="ev"{" open" if evidence_open else ""} data-ev>\n'
        f'    <summary><span class="lv lv-{level} basis-{basis}" aria-hidden="true">{level}'
        f'</span>\n<span class="visually-hidden">{_e(role.abbreviation)}: '
        f"{_e(cell.level_label)}, {basis_label}{counted}</span>{notes}</summary>\n"
        f'    <div class="ev-panel">\n'
        f'      <p class="ev-head"><strong>{_e(role.name)}</strong> · '
        f"{_e(row.responsibility.name)}: {_e(cell.level_label)} "
        f'<span class="muted">({basis_label})</span></p>\n'
        f"      \n"
        f"      \n\n\n"
        f"      {rationale}\n"
        f"      {note}\n"
        f"      {evidence}\n"
        f"    </div>\n"
        f"  </details>\n"
        f"</td>\n"
    )


def row_cells_html(row: GridRow, evidence_open: bool, *, map_query: str) -> SafeString:
    """Every cell of a row, as the grid's `{% for cell in row.cells %}` loop wrote them."""
    cells = (cell_html(cell, row, evidence_open, map_query=map_query) for cell in row.cells)
    return mark_safe("".join(cells))  # noqa: S308 — every value is escaped above
