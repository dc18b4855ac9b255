"""The role finder: "which role is mine?", ranked by how much of the ticked work each does.

Four queries whatever the data size: the ticked responsibilities, the roles, every role's
level in the ticked responsibilities, and for each role the first few other responsibilities
it holds with their count. No quotes, no evidence: the finder does not show them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from responsibilities.levels import LEVEL_RANK, Level
from responsibilities.models import Area, Assignment, Responsibility

from .inputs import InputError, parse_slugs
from .models import Role, RoleMap
from .search import find_responsibilities

# How much a role's part counts when a reader ticks a responsibility in the finder.
FINDER_WEIGHTS: dict[str, float] = {
    Level.ACCOUNTABLE: 1.0,
    Level.RESPONSIBLE: 1.0,
    Level.CONSULTED: 0.5,
    Level.INFORMED: 0.25,
    Level.NO_PART: 0.0,  # a stated "no part" is not doing the work
}
MAX_TICKED = 100
ALSO_HOLDS_SHOWN = 10  # per role; `also_holds_count` says how many there are
LIST_LIMIT = 300  # responsibilities offered to tick at once (one area, or a search)


@dataclass
class FinderResult:
    """How a role matches the ticked work.

    `share` is what a reader sees as the match: the part of the ticked responsibilities in
    which the sources give the role a part (A, R, C or I), so a role with a part in every
    ticked one reads 100%. `score` weighs those parts (A or R 1, C 0.5, I 0.25): between two
    roles with the same share, the one doing the work ranks above the one consulted.
    """

    role: Role
    score: float
    matched: list[Assignment]
    not_done: list[Responsibility]
    also_holds: list[Responsibility]
    also_holds_count: int = 0
    share: float = 0.0
    part_count: int = 0  # ticked responsibilities the role has a part in
    ticked_count: int = 0

    @property
    def percent(self) -> int:
        return round(self.share * 100)


@dataclass
class Choices:
    """What the finder form offers: the areas, the responsibilities of one area or of a
    search (at most LIST_LIMIT, `more` when there were more), and what is ticked."""

    areas: list[Area]
    area: Area | None
    offered: list[Responsibility]
    more: bool = False
    ticked: list[Responsibility] = field(default_factory=list)


def _choosable(role_map: RoleMap | None) -> QuerySet[Responsibility]:
    """What the finder may offer or accept: the responsibilities `role_map` shows."""
    return Responsibility.objects.visible_in(role_map).for_choosing()


def chosen_responsibilities(
    raw: str | Iterable[str] | None, role_map: RoleMap | None = None
) -> list[Responsibility]:
    """The ticked responsibilities `role_map` shows, in the order given; InputError for
    none, too many or unknown slugs (one query)."""
    slugs = list(dict.fromkeys(parse_slugs(raw)))
    if not slugs:
        raise InputError("Tick at least one responsibility.", field="responsibilities")
    if len(slugs) > MAX_TICKED:
        raise InputError(
            f"Tick at most {MAX_TICKED} responsibilities (you ticked {len(slugs)}).",
            field="responsibilities",
        )
    found = {r.slug: r for r in _choosable(role_map).filter(slug__in=slugs)}
    unknown = [s for s in slugs if s not in found]
    if unknown:
        raise InputError(f"Unknown responsibility: {', '.join(unknown)}.", field="responsibilities")
    return [found[s] for s in slugs]


def known_responsibilities(
    raw: str | Iterable[str] | None, role_map: RoleMap | None = None
) -> list[Responsibility]:
    """The ticked slugs that name responsibilities, ignoring the rest: after an input error
    the form keeps what was right (one query, at most MAX_TICKED)."""
    slugs = list(dict.fromkeys(parse_slugs(raw)))[:MAX_TICKED]
    found = {r.slug: r for r in _choosable(role_map).filter(slug__in=slugs)}
    return [found[s] for s in slugs if s in found]


def rank_roles(chosen: list[Responsibility], role_map: RoleMap) -> list[FinderResult]:
    """Rank roles by how much of the ticked work they do, with what matched and what did not.

    The match is the share of the ticked responsibilities the role has a part in (A, R, C
    or I; a stated "no part" is none); equal shares go to the stronger parts (the weighted
    score: A or R count fully, C half, I a quarter), then to the role with less unticked work.
    """
    by_pk = {r.pk: r for r in chosen}
    wanted = list(by_pk)
    parts: dict[int, dict[int, Assignment]] = defaultdict(dict)
    for part in Assignment.objects.parts_in(role_map, wanted):
        part.responsibility = by_pk[part.responsibility_id]  # no query: already fetched
        parts[part.role_id][part.responsibility_id] = part
    also: dict[int, list[Assignment]] = defaultdict(list)
    for row in Assignment.objects.also_holding(role_map, wanted, ALSO_HOLDS_SHOWN):
        also[row.role_id].append(row)
    results = []
    for role in Role.objects.in_order(role_map):
        mine = parts[role.pk]
        # A stated "no part" (N) is listed with what was found (a source answers it) but
        # weighs nothing; "not done" is only what the sources are silent about.
        matched = sorted(
            mine.values(),
            key=lambda a: (LEVEL_RANK[a.level], a.responsibility.name),
        )
        done = {a.responsibility_id for a in matched}
        holding = also[role.pk]
        parts_held = sum(1 for a in matched if FINDER_WEIGHTS[a.level] > 0)
        results.append(
            FinderResult(
                role=role,
                share=parts_held / len(wanted),
                part_count=parts_held,
                ticked_count=len(wanted),
                score=sum(FINDER_WEIGHTS[a.level] for a in matched) / len(wanted),
                matched=matched,
                not_done=sorted((r for r in chosen if r.pk not in done), key=lambda r: r.name),
                also_holds=sorted((a.responsibility for a in holding), key=lambda r: r.name),
                also_holds_count=holding[0].held if holding else 0,
            )
        )
    results.sort(key=lambda r: (-r.share, -r.score, r.also_holds_count, r.role.order, r.role.name))
    return results


def find_roles(
    raw: str | Iterable[str] | None, *, role_map: RoleMap | None = None
) -> list[FinderResult]:
    role_map = role_map or RoleMap.objects.resolve()
    return rank_roles(chosen_responsibilities(raw, role_map), role_map)


def compare_candidates(results: list[FinderResult], most: int = 4) -> list[str]:
    """The slugs of the best matches worth comparing: 2 to `most` roles with a score, or
    none when fewer than two roles do any of the work."""
    best = [r.role.slug for r in results if r.share > 0][:most]
    return best if len(best) >= 2 else []


def finder_choices(
    *,
    area_slug: str | None,
    search_words: str | None,
    ticked: list[Responsibility],
    role_map: RoleMap | None = None,
) -> Choices:
    """The areas (one query) and the responsibilities to offer (one query): a search's
    matches, or one area's (the first area when none is asked for). Ticked ones are left
    out of the offer; they are listed apart."""
    areas = list(Area.objects.order_by("order", "name"))
    area = next((a for a in areas if a.slug == area_slug), None)
    if area_slug and area is None:
        raise InputError(f"Unknown area “{area_slug}”; choose one from the list.", field="area")
    ticked_pks = [r.pk for r in ticked]
    if search_words:
        offered = find_responsibilities(
            search_words, exclude=ticked_pks, limit=LIST_LIMIT + 1, role_map=role_map
        )
        area = None
    else:
        area = area or (areas[0] if areas else None)
        offered = list(
            _choosable(role_map).filter(area=area).exclude(pk__in=ticked_pks)[: LIST_LIMIT + 1]
        )
    return Choices(
        areas=areas,
        area=area,
        offered=offered[:LIST_LIMIT],
        more=len(offered) > LIST_LIMIT,
        ticked=ticked,
    )
