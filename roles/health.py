"""Map health: the checks RACI practitioners run on a responsibility map, computed once.

Four faces read it (the page `/maps/<slug>/health/`, the API, the XLSX Health sheet and
`manage.py check_map`), so a finding reads the same everywhere. The computation works on
plain facts (`MapFacts`: roles, responsibilities, parts) so that it can check data that is not
in the database yet (an imported sheet), where a second Accountable part can exist; the
database forbids one. `load_facts` reads a stored map in a fixed number of queries whatever
its size (roles, responsibilities, parts, evidence per role).

The checks, and why each severity:
- more than one Accountable part: *error* (nobody answers for the work when two do);
- no Accountable part: *error* in a team map (the team has not decided), *note* in a
  reference map (the sources are silent, which is a finding about the sources, not a fault);
- only Consulted / Informed parts: *warning*, nobody does the work;
- a role holding more than `max_a_share` percent of the map's Accountable parts: *warning*
  (PMROLES_HEALTH_MAX_A_SHARE, default 40; only checked when the map has at least
  `MIN_A_FOR_SHARE` Accountable parts, where a share means something);
- a role holding nothing (no R or A part): *warning*;
- reference maps: parts whose basis is inferred (*note*), roles whose evidence is thin:
  fewer than `min_quotes` quotes or a single source (*warning*; PMROLES_HEALTH_MIN_QUOTES,
  default 3);
- team maps (see roles/team_health.py): parts that depart from the sources, sides taken in
  disputes, agreed parts past the map's review date.
Shared qualities (Kind.SHARED_QUALITY) are traits, not work: no owner is expected, so the
RACI checks skip them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count

from responsibilities.levels import HOLDING_LEVELS, Basis, Level
from responsibilities.models import Assignment, Kind, Responsibility

from .inputs import InputError
from .models import Role, RoleMap

ERROR, WARNING, NOTE = "error", "warning", "note"
SEVERITIES = (ERROR, WARNING, NOTE)

# Below this many Accountable parts in a map, a share is not a meaningful figure.
MIN_A_FOR_SHARE = 5


# Kind of finding → its title in plain words, in the order pages list them.
KINDS: dict[str, str] = {
    "several-accountable": "More than one Accountable role",
    "no-accountable": "No Accountable role",
    "nobody-does-the-work": "Only Consulted or Informed: nobody does the work",
    "accountable-share": "A role carries a large share of the Accountable parts",
    "holds-nothing": "A role holds nothing",
    "inferred-basis": "Parts read from context (inferred)",
    "thin-evidence": "Roles with thin evidence",
    "departs-from-sources": "Parts that depart from the sources",
    "dispute-side-taken": "Sides taken where the sources disagree",
    "review-overdue": "Agreed parts past the review date",
}
# The kinds as a list of choices (the API schema names their enum from it).
FINDING_KINDS = list(KINDS)


@dataclass(frozen=True)
class RoleFact:
    id: int
    slug: str
    name: str
    abbreviation: str = ""


@dataclass(frozen=True)
class RowFact:
    """A responsibility (a row of the matrix)."""

    id: int
    slug: str
    name: str
    area: str
    kind: str = Kind.RESPONSIBILITY
    area_slug: str = ""


@dataclass(frozen=True)
class PartFact:
    role_id: int
    responsibility_id: int
    level: str
    basis: str


@dataclass
class MapFacts:
    slug: str
    name: str
    kind: str  # "reference" or "team"
    roles: list[RoleFact]
    rows: list[RowFact]
    parts: list[PartFact]
    # {role id: (distinct quotes, distinct sources)} behind its parts in this map.
    evidence: dict[int, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Finding:
    kind: str
    severity: str
    rows: tuple[RowFact, ...]
    roles: tuple[RoleFact, ...]
    message: str  # what is wrong, in plain words
    advice: str  # what to do

    @property
    def title(self) -> str:
        return KINDS[self.kind]


@dataclass
class Health:
    map_slug: str
    map_name: str
    map_kind: str
    findings: list[Finding]
    max_a_share: int
    min_quotes: int
    row_count: int
    role_count: int
    part_count: int

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def counts(self) -> dict[str, int]:
        return {severity: self.count(severity) for severity in SEVERITIES}

    @property
    def has_errors(self) -> bool:
        return self.count(ERROR) > 0

    @property
    def groups(self) -> list[tuple[str, str, list[Finding]]]:
        """(kind, title, findings) in the order of KINDS, kinds without findings left out."""
        by_kind: dict[str, list[Finding]] = defaultdict(list)
        for finding in self.findings:
            by_kind[finding.kind].append(finding)
        return [(kind, title, by_kind[kind]) for kind, title in KINDS.items() if by_kind[kind]]


# Findings per page in the API (a generated map has thousands); the page lists 50 per kind.
PAGE_SIZE = 100


@dataclass
class FindingsPage:
    findings: list[Finding]
    count: int
    page: int
    num_pages: int
    page_size: int


def findings_page(health: Health, *, kind: str | None, page: object) -> FindingsPage:
    """One page of the findings, optionally of one kind; InputError for an unknown kind or a
    page that is not a whole number from 1 to the last page."""
    if kind and kind not in KINDS:
        raise InputError(f"Unknown kind “{kind}”; use one of: {', '.join(KINDS)}.", field="kind")
    chosen = [f for f in health.findings if f.kind == kind] if kind else health.findings
    pages = max(1, -(-len(chosen) // PAGE_SIZE))
    number = _whole(page, "page", 1, 1, 10**6)
    if number > pages:
        raise InputError(f"There are {pages} page(s) of findings.", field="page")
    start = (number - 1) * PAGE_SIZE
    return FindingsPage(chosen[start : start + PAGE_SIZE], len(chosen), number, pages, PAGE_SIZE)


def thresholds(max_a_share: object = None, min_quotes: object = None) -> tuple[int, int]:
    """The two thresholds, from a request or an option, else from the settings.

    Raises InputError (field `max_a_share` / `min_quotes`) for what is not a whole number in
    range, so pages and the API answer 400 with the sentence.
    """
    share = _whole(max_a_share, "max_a_share", settings.PMROLES_HEALTH_MAX_A_SHARE, 1, 100)
    quotes = _whole(min_quotes, "min_quotes", settings.PMROLES_HEALTH_MIN_QUOTES, 0, 1000)
    return share, quotes


def _whole(raw: object, name: str, default: int, low: int, high: int) -> int:
    if raw is None or raw == "":
        return default
    text = str(raw).strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 6) or not low <= int(text) <= high:
        raise InputError(f"{name} must be a whole number from {low} to {high}.", field=name)
    return int(text)


# --- Reading a stored map -------------------------------------------------------------------


def map_roles(role_map: RoleMap):
    """The roles a map shows (the team-map model narrows this to the map's own and shared)."""
    return Role.objects.order_by("order", "name")


def map_responsibilities(role_map: RoleMap):
    return Responsibility.objects.order_by("area__order", "area__name", "order", "name")


def load_facts(role_map: RoleMap) -> MapFacts:
    """A stored map's facts in four queries whatever its size: roles, rows, parts, evidence."""
    roles = [
        RoleFact(pk, slug, name, abbr)
        for pk, slug, name, abbr in map_roles(role_map).values_list(
            "pk", "slug", "name", "abbreviation"
        )
    ]
    rows = [
        RowFact(pk, slug, name, area, kind, area_slug)
        for pk, slug, name, area, kind, area_slug in map_responsibilities(role_map).values_list(
            "pk", "slug", "name", "area__name", "kind", "area__slug"
        )
    ]
    parts = [
        PartFact(role_id, resp_id, level, basis)
        for role_id, resp_id, level, basis in Assignment.objects.in_map(role_map)
        .order_by()
        .values_list("role_id", "responsibility_id", "level", "basis")
    ]
    evidence = {
        role_id: (quotes, sources)
        for role_id, quotes, sources in Assignment.objects.in_map(role_map)
        .order_by()
        .values("role_id")
        .annotate(q=Count("quotes", distinct=True), s=Count("quotes__source", distinct=True))
        .values_list("role_id", "q", "s")
    }
    kind = getattr(role_map, "kind", "reference")
    return MapFacts(role_map.slug, role_map.name, kind, roles, rows, parts, evidence)


def map_health(
    role_map: RoleMap, *, max_a_share: int | None = None, min_quotes: int | None = None
) -> Health:
    """The health of a stored map (see the module docstring); a fixed number of queries."""
    share, quotes = thresholds(max_a_share, min_quotes)
    return compute_health(load_facts(role_map), max_a_share=share, min_quotes=quotes)


# --- The checks -----------------------------------------------------------------------------


def compute_health(facts: MapFacts, *, max_a_share: int, min_quotes: int) -> Health:
    """Every finding for the facts, rows in matrix order, roles in column order."""
    team = facts.kind == "team"
    roles = {r.id: r for r in facts.roles}
    by_row: dict[int, list[PartFact]] = defaultdict(list)
    for part in facts.parts:
        if part.role_id in roles:
            by_row[part.responsibility_id].append(part)
    findings: list[Finding] = []
    findings += _row_findings(facts, by_row, roles, team=team)
    findings += _role_findings(facts, roles, max_a_share=max_a_share)
    if not team:
        findings += _reference_findings(facts, roles, min_quotes=min_quotes)
    return Health(
        map_slug=facts.slug,
        map_name=facts.name,
        map_kind=facts.kind,
        findings=findings,
        max_a_share=max_a_share,
        min_quotes=min_quotes,
        row_count=sum(1 for r in facts.rows if r.kind == Kind.RESPONSIBILITY),
        role_count=len(facts.roles),
        part_count=len(facts.parts),
    )


def _ordered(roles: dict[int, RoleFact], ids: Iterable[int]) -> tuple[RoleFact, ...]:
    wanted = set(ids)
    return tuple(r for r in roles.values() if r.id in wanted)


def _names(roles: Iterable[RoleFact]) -> str:
    return ", ".join(r.name for r in roles)


def _row_findings(
    facts: MapFacts,
    by_row: dict[int, list[PartFact]],
    roles: dict[int, RoleFact],
    *,
    team: bool,
) -> list[Finding]:
    found: list[Finding] = []
    for row in facts.rows:
        if row.kind != Kind.RESPONSIBILITY:
            continue
        parts = by_row.get(row.id, [])
        accountable = [p.role_id for p in parts if p.level == Level.ACCOUNTABLE]
        if len(accountable) > 1:
            holders = _ordered(roles, accountable)
            found.append(
                Finding(
                    "several-accountable",
                    ERROR,
                    (row,),
                    holders,
                    f"“{row.name}” has {len(accountable)} Accountable roles: {_names(holders)}.",
                    "Keep one Accountable role and make the others Responsible or Consulted.",
                )
            )
        elif not accountable:
            if team:
                advice = "Decide which one role answers for it and mark it Accountable."
                message = f"Nobody is Accountable for “{row.name}”."
            else:
                advice = (
                    "Nothing to fix in the data: the sources do not say who answers for it. "
                    "A team mapping its own roles should decide."
                )
                message = f"The sources name no Accountable role for “{row.name}”."
            found.append(
                Finding("no-accountable", ERROR if team else NOTE, (row,), (), message, advice)
            )
        if parts and not any(p.level in HOLDING_LEVELS for p in parts):
            touching = _ordered(
                roles, [p.role_id for p in parts if p.level in (Level.CONSULTED, Level.INFORMED)]
            )
            if touching:
                found.append(
                    Finding(
                        "nobody-does-the-work",
                        WARNING,
                        (row,),
                        touching,
                        f"Only Consulted or Informed roles touch “{row.name}” "
                        f"({_names(touching)}): nobody does the work.",
                        "Give one role the work (Responsible), or check whether the "
                        "responsibility belongs in this map.",
                    )
                )
    return found


def _role_findings(
    facts: MapFacts, roles: dict[int, RoleFact], *, max_a_share: int
) -> list[Finding]:
    found: list[Finding] = []
    rows = {r.id for r in facts.rows if r.kind == Kind.RESPONSIBILITY}
    accountable = Counter(
        p.role_id
        for p in facts.parts
        if p.level == Level.ACCOUNTABLE and p.responsibility_id in rows and p.role_id in roles
    )
    holding = {p.role_id for p in facts.parts if p.level in HOLDING_LEVELS}
    total = sum(accountable.values())
    for role in facts.roles:
        held = accountable.get(role.id, 0)
        if total >= MIN_A_FOR_SHARE and held * 100 > max_a_share * total:
            share = round(held * 100 / total)
            found.append(
                Finding(
                    "accountable-share",
                    WARNING,
                    (),
                    (role,),
                    f"{role.name} is Accountable for {held} of {total} responsibilities "
                    f"({share}%, above {max_a_share}%).",
                    "Check whether some of these could be answered for by another role.",
                )
            )
        if role.id not in holding:
            found.append(
                Finding(
                    "holds-nothing",
                    WARNING,
                    (),
                    (role,),
                    f"{role.name} is neither Responsible nor Accountable for anything.",
                    "Give the role its work, or remove it from the map if it has none.",
                )
            )
    return found


def _reference_findings(
    facts: MapFacts, roles: dict[int, RoleFact], *, min_quotes: int
) -> list[Finding]:
    found: list[Finding] = []
    rows = {r.id: r for r in facts.rows}
    inferred: dict[int, list[int]] = defaultdict(list)
    for part in facts.parts:
        if part.basis == Basis.INFERRED and part.role_id in roles:
            inferred[part.responsibility_id].append(part.role_id)
    for row in facts.rows:
        if row.id in inferred:
            readers = _ordered(roles, inferred[row.id])
            found.append(
                Finding(
                    "inferred-basis",
                    NOTE,
                    (rows[row.id],),
                    readers,
                    f"The part of {_names(readers)} in “{row.name}” is read from context, "
                    "not said outright.",
                    "Look for a quote that says it in so many words before relying on it.",
                )
            )
    with_parts = {p.role_id for p in facts.parts}
    for role in facts.roles:
        if role.id not in with_parts:
            continue  # "holds nothing" already says it
        quotes, sources = facts.evidence.get(role.id, (0, 0))
        if quotes < min_quotes or sources <= 1:
            found.append(
                Finding(
                    "thin-evidence",
                    WARNING,
                    (),
                    (role,),
                    f"{role.name}'s parts rest on {quotes} quote{'s' if quotes != 1 else ''} "
                    f"from {sources} source{'s' if sources != 1 else ''} "
                    f"(fewer than {min_quotes} quotes or a single source).",
                    "Add quotes from other sources before drawing conclusions about this role.",
                )
            )
    return found
