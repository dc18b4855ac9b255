"""Holder masks: which of 2–4 chosen roles hold each responsibility, answered in SQL.

Each responsibility gets a *holder mask* (bit i set when the i-th chosen role is Responsible
or Accountable for it), so that the comparison's filters ("held by X but not by Y",
"shared", "held by one only") are WHERE clauses, a page of rows is a LIMIT, and the summary
(counts, overlap, pairwise overlap, where each role stands alone) is one GROUP BY over
(area, mask): at most areas × 16 rows, whatever the map's size. The compare page (web.grid,
web.grid_summary) and the API's comparison (roles.comparison_page) both read them here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from responsibilities.levels import HOLDING_LEVELS
from responsibilities.models import Area, Assignment, Dispute, Kind, Responsibility, visible_in_q

from .concerned import concerned
from .models import Contrast, Role, RoleMap
from .pieces import Tokens


def bits(mask: int) -> int:
    return bin(mask).count("1")


# --- SQL building blocks ---------------------------------------------------------------------


def parts_of(role_map: RoleMap, roles: Sequence[Role]) -> QuerySet[Assignment]:
    return Assignment.objects.filter(role_map=role_map, role__in=list(roles))


def mask_expression(role_map: RoleMap, roles: Sequence[Role]) -> Coalesce:
    """Per responsibility: the sum of 2**i over the chosen roles i holding it at R or A."""
    bit = Case(
        *[When(role_id=role.pk, then=Value(1 << i)) for i, role in enumerate(roles)],
        default=Value(0),
        output_field=IntegerField(),
    )
    held = (
        parts_of(role_map, roles)
        .filter(responsibility=OuterRef("pk"), level__in=list(HOLDING_LEVELS))
        .order_by()
        .values("responsibility")
        .annotate(mask=Sum(bit))
        .values("mask")
    )
    return Coalesce(Subquery(held, output_field=IntegerField()), Value(0))


def disputed(roles: Sequence[Role]) -> Exists:
    return Exists(Dispute.objects.filter(responsibilities=OuterRef("pk"), roles__in=list(roles)))


def stated_for(role_map: RoleMap, roles: Sequence[Role]) -> QuerySet[Responsibility]:
    """Responsibilities (and shared qualities) some chosen role has a stated part in."""
    return Responsibility.objects.visible_in(role_map).filter(
        Exists(parts_of(role_map, roles).filter(responsibility=OuterRef("pk")))
    )


def annotated(role_map: RoleMap, roles: Sequence[Role]) -> QuerySet[Any]:
    """As stated_for, with each row's holder `mask` and whether it is `disputed`."""
    return stated_for(role_map, roles).annotate(
        mask=mask_expression(role_map, roles),
        disputed=disputed(roles),
    )


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


def masks_by_responsibility(role_map: RoleMap, roles: Sequence[Role]) -> QuerySet[Any]:
    """(area id, holder mask) of each responsibility some chosen role has a stated part in.

    One grouped scan of the chosen roles' parts (an index on the role), joined to their
    responsibilities: the mask as a correlated subquery per responsibility (annotated) cost
    an index probe and ten rows filtered away per row, 66 ms for four roles at scale 1.
    """
    bit = Case(
        *[
            When(role_id=role.pk, level__in=list(HOLDING_LEVELS), then=Value(1 << i))
            for i, role in enumerate(roles)
        ],
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        parts_of(role_map, roles)
        .filter(
            visible_in_q(role_map, "responsibility__"), responsibility__kind=Kind.RESPONSIBILITY
        )
        .order_by()
        .values("responsibility_id", "responsibility__area_id")
        .annotate(mask=Sum(bit))
        .values_list("responsibility__area_id", "mask")
    )


def summarise(role_map: RoleMap, roles: Sequence[Role]) -> Summary:
    """Counts over every responsibility, from one grouped query (masks_by_responsibility)
    counted by (area, holder mask): at most areas × 16 counts."""
    return summary_of(Counter(masks_by_responsibility(role_map, roles)), roles)


def summary_of(counts: Counter[tuple[int, int]], roles: Sequence[Role]) -> Summary:
    """The summary from the number of responsibilities per (area id, holder mask), however
    they were counted (in SQL here, from the roles' kept parts in roles.stated)."""
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


MAX_CONTRASTS = 40


def contrasts(
    role_map: RoleMap, roles: Sequence[Role], tokens: Tokens | None = None
) -> tuple[list[Contrast], int]:
    """Contrasts the sources state between two or more of the chosen roles (the first
    MAX_CONTRASTS with their evidence) and how many: from each role's contrasts, kept per
    role (roles.concerned); the first are read only when there are some."""
    found = concerned("contrasts", role_map, roles, limit=MAX_CONTRASTS, tokens=tokens)
    if not found.first:
        return [], found.total
    first = Contrast.objects.with_evidence(role_map).filter(pk__in=found.first)
    return list(first.order_by("kind", "order", "slug")), found.total
