"""Two role maps side by side: where they draw the lines differently.

A map is usually a variant of another (`based_on`), so a reader wants to know what the
variant changes: which parts a role gains or loses, and where the level or its basis moved.
Silence stays silence: a role the sources say nothing about in one map and a level (even
N, a stated "no part") in the other is a part added or removed, never "no part".

Parts are matched by role and responsibility slug, not id: a team map's own roles and
responsibilities are copies (own rows, same slugs) of its source's, and slugs are unique
among what one map sees, so a fresh copy compares equal to its source.

Bounded: the counts come from aggregate queries, the rows a page at a time (a union of
keys ordered and sliced in the database, then one query for the page's assignments on both
sides), so a comparison costs the same few queries whatever the maps' size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Subquery, Value, When

from responsibilities.models import Assignment, Responsibility

from .departs import departure_count
from .inputs import InputError, check_page
from .models import Role, RoleMap

PAGE_SIZE = 100

ADDED = "added"
REMOVED = "removed"
LEVEL_CHANGED = "level"
BASIS_CHANGED = "basis"
KINDS = (ADDED, REMOVED, LEVEL_CHANGED, BASIS_CHANGED)
KIND_LABELS = {
    ADDED: "added",
    REMOVED: "removed",
    LEVEL_CHANGED: "level changed",
    BASIS_CHANGED: "basis changed",
}


@dataclass
class Change:
    """One (role, responsibility) the two maps treat differently; `a`/`b` are None where
    that map says nothing about it."""

    role: Role
    responsibility: Responsibility
    kind: str
    a: Assignment | None
    b: Assignment | None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass
class RoleChanges:
    slug: str
    name: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def changes_in_words(self) -> str:
        """ "gains 5 responsibilities and loses 1 responsibility": the role's changes without
        the maps' names, so a page can name the two maps once above a list of roles."""
        c = self.counts
        clauses = []
        if c[ADDED]:
            clauses.append(f"gains {_parts(c[ADDED])}")
        if c[REMOVED]:
            clauses.append(f"loses {_parts(c[REMOVED])}")
        if c[LEVEL_CHANGED]:
            clauses.append(f"has another level for {_parts(c[LEVEL_CHANGED])}")
        if c[BASIS_CHANGED]:
            clauses.append(f"has another basis for {_parts(c[BASIS_CHANGED])}")
        return clauses[0] if len(clauses) == 1 else ", ".join(clauses[:-1]) + " and " + clauses[-1]


@dataclass
class MapComparison:
    a: RoleMap
    b: RoleMap
    role: Role | None
    counts: dict[str, int]
    by_role: list[RoleChanges]
    rows: list[Change]
    page: int
    num_pages: int
    page_size: int = PAGE_SIZE
    in_words: list[str] = field(default_factory=list)
    # Team map b: how many of its parts depart from the sources (roles.departs).
    departs: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def resolve_maps(a_slug: str | None, b_slug: str | None, maps: list[RoleMap]) -> tuple:
    """The two maps a request names among `maps` (already fetched). Only `b`: compared with
    the map it is based on, else the default map. Errors are InputErrors naming the field."""
    by_slug = {m.slug: m for m in maps}
    if not b_slug:
        raise InputError("Name the map to compare with `b=<map slug>`.", field="b")
    b = by_slug.get(b_slug)
    if b is None:
        raise InputError(f"Unknown map “{b_slug}”; /api/v1/maps/ lists the maps.", field="b")
    if a_slug:
        a = by_slug.get(a_slug)
        if a is None:
            raise InputError(f"Unknown map “{a_slug}”; /api/v1/maps/ lists the maps.", field="a")
    else:
        a = next((m for m in maps if m.pk == b.based_on_id), None)
        a = a or next((m for m in maps if m.is_default), None)
        if a is None:
            raise InputError("Name the map to compare against with `a=<map slug>`.", field="a")
    if a.pk == b.pk:
        raise InputError(f"“{a.name}” is the same map twice; pick two different maps.", field="b")
    return a, b


def resolve_role(slug: str | None, among: tuple[RoleMap, ...] = ()) -> Role | None:
    """The role `slug` names among what the compared maps see (shared, or their own)."""
    if not slug:
        return None
    visible = Q(map__isnull=True) | Q(map__in=[m.pk for m in among])
    role = Role.objects.filter(visible, slug=slug).order_by("map_id").first()
    if role is None:
        raise InputError(f"Unknown role “{slug}”.", field="role")
    return role


def compare_maps(
    a: RoleMap, b: RoleMap, *, role: Role | None = None, page: int = 1, page_size: int | None = None
) -> MapComparison:
    """What `b` changes relative to `a` (the base), optionally for one role.

    Queries: counts of b's changed rows by role and kind (1), counts of a's rows missing from
    b by role (1), the page's keys (1), the page's assignments on both sides with their
    quote counts (1); none when there is nothing to show.
    """
    page_size = page_size or PAGE_SIZE
    in_b = Assignment.objects.filter(role_map=b)
    in_a = Assignment.objects.filter(role_map=a)
    if role is not None:
        in_b = in_b.filter(role__slug=role.slug)
        in_a = in_a.filter(role__slug=role.slug)

    counterpart_in_a = Assignment.objects.filter(
        role_map=a,
        role__slug=OuterRef("role__slug"),
        responsibility__slug=OuterRef("responsibility__slug"),
    )
    counterpart_in_b = Assignment.objects.filter(
        role_map=b,
        role__slug=OuterRef("role__slug"),
        responsibility__slug=OuterRef("responsibility__slug"),
    )
    # b's rows that differ from a: added (a silent), level changed, basis changed.
    changed_b = (
        in_b.annotate(
            a_level=Subquery(counterpart_in_a.values("level")[:1]),
            a_basis=Subquery(counterpart_in_a.values("basis")[:1]),
        )
        .annotate(
            change=Case(
                When(a_level__isnull=True, then=Value(ADDED)),
                When(~Q(a_level=F("level")), then=Value(LEVEL_CHANGED)),
                When(~Q(a_basis=F("basis")), then=Value(BASIS_CHANGED)),
                default=Value(""),
                output_field=CharField(),
            )
        )
        .exclude(change="")
    )
    removed_a = in_a.filter(~Exists(counterpart_in_b))

    by_role: dict[str, RoleChanges] = {}
    orders: dict[str, tuple] = {}

    def tally(slug: str, name: str, order: int, kind: str, n: int) -> None:
        entry = by_role.setdefault(slug, RoleChanges(slug, name, dict.fromkeys(KINDS, 0)))
        entry.counts[kind] += n
        orders[slug] = (order, name)

    for row in (
        changed_b.order_by()
        .values("role__slug", "role__name", "role__order", "change")
        .annotate(n=Count("id"))
    ):
        tally(row["role__slug"], row["role__name"], row["role__order"], row["change"], row["n"])
    for gone in (
        removed_a.order_by()
        .values("role__slug", "role__name", "role__order")
        .annotate(n=Count("id"))
    ):
        tally(gone["role__slug"], gone["role__name"], gone["role__order"], REMOVED, gone["n"])

    roles = sorted(by_role.values(), key=lambda r: orders[r.slug])
    counts = {kind: sum(r.counts[kind] for r in roles) for kind in KINDS}
    total = sum(counts.values())
    num_pages = check_page(page, total, page_size)
    rows = _page_rows(a, b, changed_b, removed_a, page, page_size) if total else []
    comparison = MapComparison(
        a=a,
        b=b,
        role=role,
        counts=counts,
        by_role=roles,
        rows=rows,
        page=page,
        num_pages=num_pages,
        page_size=page_size,
    )
    comparison.in_words = in_words(comparison)
    comparison.departs = departure_count(b)
    return comparison


def _keys(qs):
    return qs.annotate(
        k_area=F("responsibility__area__order"),
        k_order=F("responsibility__order"),
        k_name=F("responsibility__name"),
        k_role_order=F("role__order"),
        k_role_name=F("role__name"),
    ).values_list("id", "k_area", "k_order", "k_name", "k_role_order", "k_role_name")


def _page_rows(a, b, changed_b, removed_a, page: int, page_size: int) -> list[Change]:
    start = (page - 1) * page_size
    keys = list(
        _keys(changed_b.order_by())
        .union(_keys(removed_a.order_by()), all=True)
        .order_by("k_area", "k_order", "k_name", "k_role_order", "k_role_name", "id")[
            start : start + page_size
        ]
    )
    ids = [key[0] for key in keys]
    # The page's own rows, and every row of either map for the same roles and
    # responsibilities (a superset of the counterparts, matched below).
    role_slugs_q = Assignment.objects.filter(id__in=ids).values("role__slug")
    resp_slugs_q = Assignment.objects.filter(id__in=ids).values("responsibility__slug")
    found = list(
        Assignment.objects.filter(
            Q(id__in=ids)
            | Q(
                role_map__in=[a, b],
                role__slug__in=role_slugs_q,
                responsibility__slug__in=resp_slugs_q,
            )
        )
        .select_related("role", "responsibility__area")
        .annotate(quote_count=Count("quotes"))
        .order_by()
    )
    side = {(x.role_map_id, x.role.slug, x.responsibility.slug): x for x in found}
    by_id = {x.pk: x for x in found}
    rows = []
    for pk in ids:
        own = by_id[pk]
        pair = (own.role.slug, own.responsibility.slug)
        in_a = side.get((a.pk, *pair))
        in_b = side.get((b.pk, *pair))
        rows.append(
            Change(
                role=own.role,
                responsibility=own.responsibility,
                kind=_kind(in_a, in_b),
                a=in_a,
                b=in_b,
            )
        )
    return rows


def _kind(a: Assignment | None, b: Assignment | None) -> str:
    if a is None:
        return ADDED
    if b is None:
        return REMOVED
    if a.level != b.level:
        return LEVEL_CHANGED
    return BASIS_CHANGED


def _parts(n: int) -> str:
    return f"{n} responsibilit{'y' if n == 1 else 'ies'}"


def in_words(comparison: MapComparison) -> list[str]:
    """One sentence per role that changes, e.g. "In ‘No product manager’, the product owner
    gains 5 responsibilities and loses 1 (compared with ‘Reference’)"."""
    if not comparison.by_role:
        subject = f" for the {comparison.role.name.lower()}" if comparison.role else ""
        return [f"‘{comparison.b.name}’ and ‘{comparison.a.name}’ assign the same parts{subject}."]
    return [
        f"In ‘{comparison.b.name}’, the {r.name.lower()} {r.changes_in_words} "
        f"(compared with ‘{comparison.a.name}’)."
        for r in comparison.by_role
    ]


__all__ = [
    "ADDED",
    "BASIS_CHANGED",
    "KINDS",
    "LEVEL_CHANGED",
    "MapComparison",
    "REMOVED",
    "compare_maps",
    "resolve_maps",
    "resolve_role",
]
