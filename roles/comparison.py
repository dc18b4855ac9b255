"""Side-by-side comparison of 2–4 roles: shared and unique parts, overlap, attributes.

A plain computation over prefetched querysets: the pages and the API both call it, so a
comparison reads the same in HTML, JSON, CSV and Markdown, and it costs a fixed number of
SQL queries (the queryset methods do all the fetching).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import QuerySet

from responsibilities.levels import HOLDING_LEVELS
from responsibilities.models import Area, Assignment, Kind, Quote, Responsibility

from .inputs import InputError, parse_slugs
from .models import Contrast, Role, RoleMap

MIN_ROLES = 2
MAX_ROLES = 4
ATTRIBUTES = (
    ("focus", "Focus"),
    ("horizon", "Time horizon"),
    ("stakeholders", "Main stakeholders"),
    ("methodology", "Methodology"),
)


def validate_role_slugs(slugs: Sequence[str]) -> None:
    if len(slugs) < MIN_ROLES:
        raise InputError(f"Choose at least {MIN_ROLES} roles to compare (you chose {len(slugs)}).")
    if len(slugs) > MAX_ROLES:
        raise InputError(f"Choose at most {MAX_ROLES} roles to compare (you chose {len(slugs)}).")
    repeated = sorted({s for s, n in Counter(slugs).items() if n > 1})
    if repeated:
        raise InputError(f"Each role can appear only once; repeated: {', '.join(repeated)}.")


@dataclass(frozen=True)
class Cell:
    role: Role
    assignment: Assignment | None

    @property
    def level(self) -> str | None:
        return self.assignment.level if self.assignment else None

    @property
    def holds(self) -> bool:
        return self.level in HOLDING_LEVELS

    @property
    def quotes(self) -> list[Quote]:
        return list(self.assignment.quotes.all()) if self.assignment else []


@dataclass
class Row:
    responsibility: Responsibility
    cells: list[Cell]

    @property
    def holders(self) -> list[Role]:
        return [c.role for c in self.cells if c.holds]

    @property
    def shared(self) -> bool:
        """Two or more of the chosen roles hold it (Responsible or Accountable)."""
        return len(self.holders) >= 2

    @property
    def unique_to(self) -> Role | None:
        holders = self.holders
        return holders[0] if len(holders) == 1 else None

    @property
    def same(self) -> bool:
        """Every chosen role has the same part: hidden by "only differences"."""
        return len({c.level for c in self.cells}) == 1

    @property
    def status(self) -> str:
        if self.shared:
            return "shared"
        if self.unique_to is not None:
            return "unique"
        return "other"


@dataclass
class AreaGroup:
    area: Area
    rows: list[Row]

    @property
    def all_same(self) -> bool:
        """Every row of the area is hidden by "only differences", so the heading goes too."""
        return all(row.same for row in self.rows)


@dataclass
class AttributeRow:
    name: str
    label: str
    values: list[str]

    @property
    def differs(self) -> bool:
        return len(set(self.values)) > 1


@dataclass
class RoleSummary:
    role: Role
    held: int
    unique: int
    top_areas: list[str]

    @property
    def in_words(self) -> str:
        traits = [t for t in (self.role.get_horizon_display(), self.role.get_focus_display()) if t]
        areas = ", ".join(a.lower() for a in self.top_areas) or "no responsibility of its own"
        prefix = f"{', '.join(traits).lower()}; " if traits else ""
        return f"{self.role.abbreviation}: {prefix}{areas}"


@dataclass
class Comparison:
    roles: list[Role]
    groups: list[AreaGroup]
    qualities: list[Row]
    attributes: list[AttributeRow]
    summaries: list[RoleSummary]
    shared_count: int
    union_count: int
    pairwise: list[tuple[Role, Role, float]]
    contrasts: list[Contrast] = field(default_factory=list)

    @property
    def overlap(self) -> float:
        """Jaccard index over the responsibilities each role holds at R or A."""
        return self.shared_count / self.union_count if self.union_count else 0.0

    @property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]

    @property
    def differences_in_words(self) -> str:
        return "; ".join(s.in_words for s in self.summaries)


def _held(role: Role) -> set[int]:
    return {a.responsibility_id for a in role.map_assignments if a.level in HOLDING_LEVELS}


def _jaccard(a: set[int], b: set[int]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def attribute_rows(roles: Sequence[Role]) -> list[AttributeRow]:
    """The attributes the sources use to tell roles apart, one row each, "Not stated" if blank."""

    def value(role: Role, name: str) -> str:
        shown = (
            role.methodology if name == "methodology" else getattr(role, f"get_{name}_display")()
        )
        return str(shown) if shown else "Not stated"

    return [
        AttributeRow(name, label, [value(r, name) for r in roles]) for name, label in ATTRIBUTES
    ]


def compare(roles: Sequence[Role]) -> Comparison:
    """Build the comparison of roles fetched with `Role.objects.for_comparison()`."""
    by_role = [{a.responsibility_id: a for a in role.map_assignments} for role in roles]
    responsibilities: dict[int, Responsibility] = {}
    for role in roles:
        for assignment in role.map_assignments:
            responsibilities.setdefault(assignment.responsibility_id, assignment.responsibility)
    ordered = sorted(
        responsibilities.values(), key=lambda r: (r.area.order, r.area.name, r.order, r.name)
    )
    groups: list[AreaGroup] = []
    qualities: list[Row] = []
    for responsibility in ordered:
        row = Row(
            responsibility,
            [
                Cell(role, parts.get(responsibility.pk))
                for role, parts in zip(roles, by_role, strict=True)
            ],
        )
        if responsibility.kind == Kind.SHARED_QUALITY:
            qualities.append(row)
            continue
        if not groups or groups[-1].area.pk != responsibility.area_id:
            groups.append(AreaGroup(responsibility.area, []))
        groups[-1].rows.append(row)

    duties = {r.pk for r in ordered if r.kind == Kind.RESPONSIBILITY}
    held = [_held(role) & duties for role in roles]
    shared = set.intersection(*held) if held else set()
    union = set.union(*held) if held else set()
    summaries = []
    for role, mine in zip(roles, held, strict=True):
        others = set().union(*(h for h in held if h is not mine))
        unique = mine - others
        area_counts = Counter(responsibilities[pk].area.name for pk in unique)
        summaries.append(
            RoleSummary(role, len(mine), len(unique), [a for a, _ in area_counts.most_common(2)])
        )
    chosen = {role.pk for role in roles}
    contrasts, seen = [], set()
    for role in roles:
        for contrast in role.contrasts.all():
            involved = {r.pk for r in contrast.roles.all()} & chosen
            if contrast.pk not in seen and len(involved) >= 2:
                seen.add(contrast.pk)
                contrasts.append(contrast)
    contrasts.sort(key=lambda c: (c.kind, c.order, c.slug))
    return Comparison(
        roles=list(roles),
        groups=groups,
        qualities=qualities,
        attributes=attribute_rows(roles),
        summaries=summaries,
        shared_count=len(shared),
        union_count=len(union),
        pairwise=[
            (roles[i], roles[j], _jaccard(held[i], held[j]))
            for i, j in combinations(range(len(roles)), 2)
        ],
        contrasts=contrasts,
    )


def compare_slugs(
    raw: str | Iterable[str] | None, *, role_map: RoleMap | None = None
) -> Comparison:
    """Validate the requested slugs, fetch the roles in URL order, and compare them."""
    role_map = role_map or RoleMap.objects.resolve()
    return compare(chosen_roles(raw, Role.objects.for_comparison(role_map)))


def chosen_roles(
    raw: str | Iterable[str] | None, queryset: QuerySet[Role] | None = None
) -> list[Role]:
    """The requested roles in URL order (one query), or an InputError saying what to fix."""
    slugs = parse_slugs(raw)
    validate_role_slugs(slugs)
    queryset = Role.objects.all() if queryset is None else queryset
    found = {role.slug: role for role in queryset.filter(slug__in=slugs)}
    unknown = [s for s in slugs if s not in found]
    if unknown:
        raise InputError(f"Unknown role: {', '.join(unknown)}. Pick roles from the list.")
    return [found[s] for s in slugs]
