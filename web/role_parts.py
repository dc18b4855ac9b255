"""A role page's parts written in Python, byte for byte what `web/_role_part.html` gives.

A role page lists 50 parts, each through five includes (the evidence, its level, its quotes,
a departure, a dispute side): about 10 ms of the page's CPU through the template engine.
The common part (a source's: level, basis, rationale, quotes) is written here with the
template's escaping; a part that shows more (a team's departure from the sources, the side
it took in a dispute, the team's own decision) is rare and still rendered by the template,
which stays the definition: `tests/web/test_role_parts.py` holds every part of the sample's
role pages equal to the template's output, so a change there fails until this follows.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from responsibilities.levels import Level

from .grid import BASIS_LABELS, LEVEL_LABELS
from .grid_cells import _e, quotes_html


def needs_template(part: Any) -> bool:
    """A team's departure, a dispute side or a team decision: the template writes those."""
    return bool(
        getattr(part, "departure", None) or getattr(part, "dispute_sides", None) or part.is_agreed
    )


def _level(part: Any) -> str:
    """`web/_level.html` for a source's part (not agreed, not departing)."""
    level = _e(part.level)
    title = f' title="{_e(part.rationale)}"' if part.rationale else ""
    letter = "∅" if part.level == Level.NO_PART else level
    return (
        f'\n<span class="level level-{level}"{title}><span class="level-letter" '
        f'aria-hidden="true">{letter}</span> {_e(LEVEL_LABELS.get(part.level, ""))}</span> '
        f'<span class="basis basis-{_e(part.basis)}"><span class="visually-hidden">basis: '
        f"</span>{_e(BASIS_LABELS.get(part.basis, '').lower())}</span>\n"
    )


def part_html(part: Any, *, map_query: str) -> SafeString:
    """What `{% include "web/_role_part.html" %}` writes for this part on a page of the map
    `map_query` carries ("?map=…", or "" for the default map)."""
    if needs_template(part):
        rendered = render_to_string("web/_role_part.html", {"a": part, "map_query": map_query})
        return mark_safe(rendered[:-1])  # noqa: S308 — the template escaped it; the file's last newline
    quotes = list(part.quotes.all())
    if quotes:
        count = len(quotes)
        evidence = (
            f'\n\n<details class="evidence">\n  <summary>{_level(part)} '
            f'<span class="quote-count">{count} quote{"" if count == 1 else "s"}</span>'
            f"</summary>\n  {quotes_html(quotes, map_query=map_query)}\n</details>\n\n"
        )
    else:
        evidence = f'\n\n{_level(part)} <span class="quote-count muted">no quote yet</span>\n\n'
    rationale = f'<p class="rationale">{_e(part.rationale)}</p>' if part.rationale else ""
    return mark_safe(f"{evidence}{rationale}\n\n")  # noqa: S308 — every value is escaped above


def mark_parts(parts: list[Any], *, map_query: str) -> None:
    """Give each part its `part_html` (once its departures and dispute sides are marked)."""
    for part in parts:
        part.part_html = part_html(part, map_query=map_query)
