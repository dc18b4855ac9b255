"""Where a team map departs from the sources: one computation for pages and the API.

A team map records what an organisation agreed. Each of its parts on a shared role and a
shared responsibility is compared with the same part in the map it is based on (else the
default, reference, map): a part the sources do not give (added) or give at another level
departs from the sources. Own roles and responsibilities have no counterpart in the sources,
so they never "depart". Reference maps never depart: they are the sources' reading.

One query for a whole map (a correlated subquery per part gives the sources' level, basis
and rationale), so pages and API answers stay bounded; pages add one query for the quotes of
the sources' parts (mark_departures), so the evidence panel shows what the sources say with
their words beside what the team agreed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.db.models import F, OuterRef, Q, Subquery

from responsibilities.levels import Basis, Level, MapKind
from responsibilities.models import Assignment, Quote

from .models import RoleMap, default_map_slug


@dataclass(frozen=True)
class Departure:
    """What the sources' map says where the team departs (level None: nothing)."""

    sources_map: RoleMap
    level: str | None
    basis: str | None
    # The sources' part (None: there is none), its rationale, and (mark_departures only)
    # its quotes with their sources, in key order.
    source_id: int | None = None
    rationale: str = ""
    quotes: tuple[Quote, ...] = field(default=())

    @property
    def in_words(self) -> str:
        if self.level is None:
            return f"“{self.sources_map.name}” gives this role no part here."
        level = Level(self.level).label
        basis = Basis(self.basis).label.lower() if self.basis in Basis.values else self.basis
        return f"“{self.sources_map.name}” says {level} ({basis})."


def sources_map_for(role_map: RoleMap) -> RoleMap | None:
    """The map a team map is compared with: its base, else the default map (not itself)."""
    if role_map.kind != MapKind.TEAM:
        return None
    if role_map.based_on_id:
        return role_map.based_on
    default = RoleMap.objects.filter(slug=default_map_slug()).first()
    return default if default is not None and default.pk != role_map.pk else None


def _departing(role_map: RoleMap, sources: RoleMap, ids: list[int] | None):
    counterpart = Assignment.objects.filter(
        role_map=sources, role=OuterRef("role"), responsibility=OuterRef("responsibility")
    )
    parts = Assignment.objects.filter(
        role_map=role_map, role__map__isnull=True, responsibility__map__isnull=True
    )
    if ids is not None:
        parts = parts.filter(pk__in=ids)
    return (
        parts.annotate(
            source_level=Subquery(counterpart.values("level")[:1]),
            source_basis=Subquery(counterpart.values("basis")[:1]),
            source_id=Subquery(counterpart.values("pk")[:1]),
            source_rationale=Subquery(counterpart.values("rationale")[:1]),
        )
        .filter(Q(source_level__isnull=True) | ~Q(source_level=F("level")))
        .order_by()
    )


def departures(role_map: RoleMap, *, ids: list[int] | None = None) -> dict[int, Departure]:
    """{assignment id: Departure} for the team map's parts that depart from the sources.

    `ids`: only these assignments (a page's). Empty for reference maps.
    """
    sources = sources_map_for(role_map)
    if sources is None:
        return {}
    rows = _departing(role_map, sources, ids).values_list(
        "pk", "source_level", "source_basis", "source_id", "source_rationale"
    )
    return {
        pk: Departure(sources, level, basis, source_id, rationale or "")
        for pk, level, basis, source_id, rationale in rows
    }


def departure_count(role_map: RoleMap) -> int:
    """How many of a team map's parts depart from the sources (one query; 0 for reference)."""
    sources = sources_map_for(role_map)
    return _departing(role_map, sources, None).count() if sources is not None else 0


def mark_departures(role_map: RoleMap, assignments: list[Assignment]) -> None:
    """Set `departure` (a Departure or None, with the sources' quotes) on each of these parts
    of `role_map` (two queries for a team map with departures, one without, none for a
    reference map): what pages show beside the level."""
    found = departures(role_map, ids=[a.pk for a in assignments]) if assignments else {}
    found = with_source_quotes(found)
    for assignment in assignments:
        assignment.departure = found.get(assignment.pk)  # type: ignore[attr-defined]


def with_source_quotes(found: dict[int, Departure]) -> dict[int, Departure]:
    """The departures with the quotes of the sources' parts (one query, none when no
    departing part has a counterpart in the sources)."""
    source_ids = {d.source_id for d in found.values() if d.source_id is not None}
    if not source_ids:
        return found
    by_part: dict[int, list[Quote]] = defaultdict(list)
    links = (
        Assignment.quotes.through.objects.filter(assignment_id__in=source_ids)
        .select_related("quote__source")
        .order_by("quote__key", "quote_id")
    )
    for link in links:
        by_part[link.assignment_id].append(link.quote)
    return {
        pk: replace(d, quotes=tuple(by_part.get(d.source_id, ()))) if d.source_id else d
        for pk, d in found.items()
    }
