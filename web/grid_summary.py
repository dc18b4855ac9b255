"""What the comparison page shows around its grid, computed over everything, bounded in size.

The summary is one GROUP BY (area, holder mask) over every responsibility (see web.grid for
the mask), so its counts are exact at any size; the sections below the grid (shared
qualities, stated contrasts, disputes) show their first few with the total.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import Count, Prefetch, Q

from responsibilities.models import Area, Dispute, Kind, Quote, Responsibility
from roles.models import Contrast, Role, RoleMap

from .grid import GridCell, annotated, annotation, bits, parts_of

MAX_QUALITIES = 30
MAX_CONTRASTS = 40
MAX_DISPUTES = 20


# --- Summary over everything -----------------------------------------------------------------


@dataclass
class Pair:
    first: Role
    second: Role
    first_index: int
    second_index: int
    both: int
    first_only: int
    second_only: int

    @property
    def union(self) -> int:
        return self.both + self.first_only + self.second_only

    @property
    def overlap(self) -> float:
        return self.both / self.union if self.union else 0.0

    @property
    def percent(self) -> int:
        return round(self.overlap * 100)


@dataclass
class Standout:
    """Where one role stands alone: how many responsibilities only it holds, and where."""

    role: Role
    index: int
    count: int
    areas: list[tuple[str, int]]  # the areas where it stands alone most, with counts


@dataclass
class AreaCount:
    area: Area
    rows: int


@dataclass
class Summary:
    roles: list[Role]
    rows: int  # responsibilities where some chosen role has a stated part
    held: list[int]  # per role: held at R or A
    only: list[int]  # per role: held by it alone among the chosen
    shared_by_all: int
    shared_by_two_or_more: int
    union: int
    pairs: list[Pair]
    areas: list[AreaCount]
    standouts: list[Standout] = field(default_factory=list)

    @property
    def overlap_percent(self) -> int:
        return round(self.shared_by_all / self.union * 100) if self.union else 0

    @property
    def per_role(self) -> list[tuple[Role, int, int]]:
        return list(zip(self.roles, self.held, self.only, strict=True))


def summarise(role_map: RoleMap, roles: Sequence[Role]) -> Summary:
    """Counts over every responsibility, from one GROUP BY (area, holder mask) query."""
    counts: Counter[tuple[int, int]] = Counter()
    rows = (
        annotated(role_map, roles)
        .filter(kind=Kind.RESPONSIBILITY)
        .order_by()
        .values("area_id", "mask")
        .annotate(n=Count("pk"))
    )
    for item in rows:
        counts[(item["area_id"], item["mask"])] += item["n"]
    by_mask: Counter[int] = Counter()
    by_area: Counter[int] = Counter()
    for (area_id, mask), n in counts.items():
        by_mask[mask] += n
        by_area[area_id] += n
    full = (1 << len(roles)) - 1
    held = [sum(n for m, n in by_mask.items() if m & (1 << i)) for i in range(len(roles))]
    only = [by_mask[1 << i] for i in range(len(roles))]
    pairs = [
        Pair(
            roles[i],
            roles[j],
            i,
            j,
            both=sum(n for m, n in by_mask.items() if m & (1 << i) and m & (1 << j)),
            first_only=sum(n for m, n in by_mask.items() if m & (1 << i) and not m & (1 << j)),
            second_only=sum(n for m, n in by_mask.items() if m & (1 << j) and not m & (1 << i)),
        )
        for i, j in combinations(range(len(roles)), 2)
    ]
    areas = {a.pk: a for a in Area.objects.filter(pk__in=list(by_area))}
    area_counts = sorted(
        (AreaCount(areas[pk], n) for pk, n in by_area.items()),
        key=lambda a: (a.area.order, a.area.name),
    )
    standouts = []
    for i, role in enumerate(roles):
        where = Counter({areas[a]: n for (a, m), n in counts.items() if m == 1 << i})
        if only[i]:
            top = [(a.name, n) for a, n in where.most_common(2)]
            standouts.append(Standout(role, i, only[i], top))
    standouts.sort(key=lambda s: -s.count)
    return Summary(
        roles=list(roles),
        rows=sum(by_mask.values()),
        held=held,
        only=only,
        shared_by_all=by_mask[full],
        shared_by_two_or_more=sum(n for m, n in by_mask.items() if bits(m) >= 2),
        union=sum(n for m, n in by_mask.items() if m),
        pairs=pairs,
        areas=area_counts,
        standouts=standouts,  # every compared role with parts of its own
    )


# --- The sections below the grid ------------------------------------------------------------


@dataclass
class Quality:
    responsibility: Responsibility
    cells: list[GridCell]


def qualities(role_map: RoleMap, roles: Sequence[Role]) -> tuple[list[Quality], int]:
    """Shared qualities of the chosen roles (the first few) and how many there are."""
    rows = annotated(role_map, roles).filter(kind=Kind.SHARED_QUALITY)
    total = rows.count()
    parts = (
        parts_of(role_map, roles)
        .select_related("role")
        .prefetch_related(Prefetch("quotes", queryset=Quote.objects.with_source()))
    )
    found = []
    for responsibility in rows.prefetch_related(
        Prefetch("assignments", queryset=parts, to_attr="chosen_parts")
    ).order_by("area__order", "order", "name")[:MAX_QUALITIES]:
        by_role = {a.role_id: a for a in annotation(responsibility, "chosen_parts")}
        found.append(Quality(responsibility, [GridCell(r, by_role.get(r.pk)) for r in roles]))
    return found, total


def contrasts(roles: Sequence[Role]) -> tuple[list[Contrast], int]:
    """Contrasts the sources state between two or more of the chosen roles."""
    chosen = Contrast.objects.annotate(
        chosen=Count("roles", filter=Q(roles__in=list(roles)), distinct=True)
    ).filter(chosen__gte=2)
    total = chosen.count()
    found = list(
        Contrast.objects.with_evidence()
        .filter(pk__in=chosen.values("pk"))
        .order_by("kind", "order", "slug")[:MAX_CONTRASTS]
    )
    return found, total


@dataclass
class Disputes:
    """The disputes a comparison lists, and those it only links to.

    A dispute concerns a comparison when at least two of the compared roles take part in it
    (it is about how they split the work); one that involves a single compared role is about
    that role and some other, and is counted per role (`elsewhere`) for a link to it.
    """

    found: list[Dispute]  # the first MAX_DISPUTES that concern the comparison
    total: int
    elsewhere: list[tuple[Role, int]]  # per compared role, in column order: other disputes

    @property
    def slugs(self) -> set[str]:
        return {d.slug for d in self.found}


def disputes(roles: Sequence[Role]) -> Disputes:
    """Three queries and the evidence's prefetches: the count of disputes two or more chosen
    roles take part in, the first of them with positions and quotes, and the disputes that
    involve exactly one chosen role, counted per role."""
    chosen = list(roles)
    taking_part = Dispute.objects.annotate(
        chosen=Count("roles", filter=Q(roles__in=chosen), distinct=True)
    )
    concerned = taking_part.filter(chosen__gte=2).values("pk")
    total = Dispute.objects.filter(pk__in=concerned).count()
    found = list(
        Dispute.objects.with_evidence()
        .filter(pk__in=concerned)
        .order_by("order", "slug")[:MAX_DISPUTES]
    )
    counts = {
        row["role_id"]: row["n"]
        for row in Dispute.roles.through.objects.filter(
            dispute_id__in=taking_part.filter(chosen=1).values("pk"), role_id__in=chosen
        )
        .values("role_id")
        .annotate(n=Count("dispute_id"))
    }
    elsewhere = [(role, counts[role.pk]) for role in chosen if counts.get(role.pk)]
    return Disputes(found=found, total=total, elsewhere=elsewhere)
