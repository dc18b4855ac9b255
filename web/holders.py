"""Who holds each responsibility in a list of results, and at what level.

Search and finder results answer the question a reader came with ("who owns the roadmap?")
on the results page: each responsibility carries `holders_html`, its parts in the map shown
(Accountable first, a stated "no part" left out), read in one query for the whole list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from responsibilities.levels import LEVEL_RANK, Level
from responsibilities.models import Assignment, Responsibility
from roles.models import RoleMap

LEVEL_LABELS = {str(value): str(label) for value, label in Level.choices}
NONE_STATED = mark_safe('<span class="muted">no role’s part is stated</span>')  # noqa: S308


class Holder(NamedTuple):
    abbreviation: str
    name: str
    order: int
    level: str


def attach_holders(responsibilities: Iterable[Responsibility], role_map: RoleMap | None) -> None:
    """Set `holders_html` on each responsibility: its holders in the map, strongest level
    first, then in role order, as the search and finder pages show them; one query, none
    for an empty list or no map (an empty install)."""
    rows = list(responsibilities)
    by_pk: dict[int, list[Holder]] = defaultdict(list)
    if rows and role_map is not None:
        for pk, level, abbreviation, name, order in Assignment.objects.holders_of(
            role_map, [r.pk for r in rows]
        ):
            by_pk[pk].append(Holder(abbreviation, name, order, level))
    for row in rows:
        parts = by_pk.get(row.pk, [])
        parts.sort(key=lambda h: (LEVEL_RANK[h.level], h.order, h.name))
        row.holders_html = holders_html(parts)  # type: ignore[attr-defined]


def holders_html(parts: list[Holder]) -> SafeString:
    """ "PO: A, PM: R" with each level's name for screen readers, escaped like a template.

    Written here rather than in a template: a finder area offers 200 responsibilities with
    about ten holders each, and the template's lookups for 2,000 holders were most of the
    page's first build (100 ms at scale 1). Each holder's HTML is a function of its
    abbreviation, name and level alone, so it is escaped once per process (_holder)."""
    if not parts:
        return EMPTY
    items = ", ".join([_holder(h.abbreviation, h.name, h.level) for h in parts])
    return mark_safe(f'<span class="holders">{items}</span>')  # noqa: S308  (escaped parts)


@lru_cache(maxsize=4096)  # roles × levels: a few hundred in a large install
def _holder(abbreviation: str, name: str, level: str) -> SafeString:
    return format_html(
        '<span class="holder"><span aria-hidden="true">{}: <span class="holder-level '
        'holder-{}">{}</span></span><span class="visually-hidden">{}: {}</span></span>',
        abbreviation,
        level,
        level,
        name,
        LEVEL_LABELS.get(level, ""),
    )


EMPTY = format_html('<span class="holders">{}</span>', NONE_STATED)
