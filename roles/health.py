"""Map health: the checks RACI practitioners run on a responsibility map, computed once.

Four faces read it (the page `/maps/<slug>/health/`, the API, the XLSX Health sheet and
`manage.py check_map`), so a finding reads the same everywhere. The computation works on
plain facts (`MapFacts`: roles, responsibilities, parts) so that it can check data that is not
in the database yet (an imported sheet), where a second Accountable part can exist; the
database forbids one. `load_facts` reads a stored map in a fixed number of queries whatever
its size (roles, responsibilities, the parts a finding can name, a tally of the parts per
role and, for a reference map, whether each role's evidence is thin: roles.thinness, kept per
role), so a 100,000-part map is not read into Python part by part.

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
- team maps (roles/team_health.py): parts that depart from the sources (*note*), sides taken
  in disputes (*note*), agreed parts past the map's review date (*warning*).
Shared qualities (Kind.SHARED_QUALITY) are traits, not work: no owner is expected, so the
RACI checks skip them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from responsibilities.levels import HOLDING_LEVELS, Basis, Level
from responsibilities.models import Assignment, Kind, Responsibility

from .health_facts import (
    ERROR,
    FINDING_KINDS,
    KINDS,
    MIN_A_FOR_SHARE,
    NOTE,
    SEVERITIES,
    WARNING,
    Finding,
    Health,
    MapFacts,
    PartFact,
    PartTally,
    RoleFact,
    RowFact,
)
from .inputs import InputError
from .models import Role, RoleMap
from .team_health import load_team_facts, team_findings
from .thinness import evidence_below

__all__ = [
    "ERROR",
    "FINDING_KINDS",
    "KINDS",
    "NOTE",
    "SEVERITIES",
    "WARNING",
    "Finding",
    "Health",
    "MapFacts",
    "PartFact",
    "RoleFact",
    "RowFact",
    "compute_health",
    "findings_page",
    "load_facts",
    "map_health",
    "thresholds",
]

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
    """The roles a map shows: the shared catalogue's and its own."""
    return Role.objects.visible_in(role_map).order_by("order", "name")


def map_responsibilities(role_map: RoleMap):
    return Responsibility.objects.visible_in(role_map).order_by(
        "area__order", "area__name", "order", "name"
    )


def load_facts(role_map: RoleMap, *, min_quotes: int | None = None) -> MapFacts:
    """A stored map's facts: four queries (roles, rows, parts, tally per role) whatever its
    size; for a reference map the evidence of its roles with parts, read for the `min_quotes`
    threshold (default: the setting) through roles.thinness (at most three more: versions,
    a sample, exact counts), and for a team map up to four more (team_health.load_team_facts).

    A reference map's parts are only those a finding can name (AssignmentQuerySet.health_parts;
    a fifth of a generated map's); the database counts the rest per role. A team map's are all:
    each can depart from the sources."""
    roles = [
        RoleFact(pk, slug, name, abbr, map_id is not None)
        for pk, slug, name, abbr, map_id in map_roles(role_map).values_list(
            "pk", "slug", "name", "abbreviation", "map_id"
        )
    ]
    rows = [
        RowFact(pk, slug, name, area, kind, area_slug, map_id is not None)
        for pk, slug, name, area, kind, area_slug, map_id in map_responsibilities(
            role_map
        ).values_list("pk", "slug", "name", "area__name", "kind", "area__slug", "map_id")
    ]
    if role_map.is_team:
        stored = Assignment.objects.in_map(role_map)
    else:
        stored = Assignment.objects.health_parts(role_map)
    parts = [
        PartFact(role_id, resp_id, level, basis, decided_on, pk)
        for pk, role_id, resp_id, level, basis, decided_on in stored.order_by().values_list(
            "pk", "role_id", "responsibility_id", "level", "basis", "decided_on"
        )
    ]
    count, with_parts, holding = 0, set(), set()
    for role_id, n, held in Assignment.objects.in_map(role_map).tally_by_role():
        count += n
        with_parts.add(role_id)
        if held:
            holding.add(role_id)
    tally = PartTally(count, frozenset(with_parts), frozenset(holding))
    facts = MapFacts(role_map.slug, role_map.name, role_map.kind, roles, rows, parts, tally=tally)
    if role_map.is_team:  # the evidence checks are a reference map's
        load_team_facts(role_map, facts)
    else:
        _, quotes = thresholds(min_quotes=min_quotes)
        shown = [r.id for r in roles if r.id in with_parts]
        facts.evidence, facts.ample = evidence_below(role_map, shown, quotes)
    return facts


def map_health(
    role_map: RoleMap, *, max_a_share: int | None = None, min_quotes: int | None = None
) -> Health:
    """The health of a stored map (see the module docstring); a fixed number of queries."""
    share, quotes = thresholds(max_a_share, min_quotes)
    facts = load_facts(role_map, min_quotes=quotes)
    return compute_health(facts, max_a_share=share, min_quotes=quotes)


# --- The checks -----------------------------------------------------------------------------


def compute_health(facts: MapFacts, *, max_a_share: int, min_quotes: int) -> Health:
    """Every finding for the facts, rows in matrix order, roles in column order."""
    team = facts.kind == "team"
    roles = {r.id: r for r in facts.roles}
    tally = facts.tally or PartTally.of(facts.parts)
    shown = [p for p in facts.parts if p.role_id in roles]
    # A row with exactly one Accountable part gives no row finding (that part holds it), so
    # only the other rows' parts are grouped: a generated map's 27,000 lists were most of
    # what the garbage collector had to walk again and again while they lived.
    accountable = Counter(p.responsibility_id for p in shown if p.level == Level.ACCOUNTABLE)
    by_row: dict[int, list[PartFact]] = defaultdict(list)
    for part in shown:
        if accountable.get(part.responsibility_id) != 1:
            by_row[part.responsibility_id].append(part)
    findings: list[Finding] = []
    findings += _row_findings(facts, by_row, accountable, roles, team=team)
    findings += _role_findings(facts, roles, tally, max_a_share=max_a_share)
    if team:
        findings += team_findings(facts, roles)
    else:
        findings += _reference_findings(facts, roles, tally, min_quotes=min_quotes)
    return Health(
        map_slug=facts.slug,
        map_name=facts.name,
        map_kind=facts.kind,
        findings=findings,
        max_a_share=max_a_share,
        min_quotes=min_quotes,
        row_count=sum(1 for r in facts.rows if r.kind == Kind.RESPONSIBILITY),
        role_count=len(facts.roles),
        part_count=tally.count,
    )


def _ordered(roles: dict[int, RoleFact], ids: Iterable[int]) -> tuple[RoleFact, ...]:
    wanted = set(ids)
    return tuple(r for r in roles.values() if r.id in wanted)


def _names(roles: Iterable[RoleFact]) -> str:
    return ", ".join(r.name for r in roles)


def _row_findings(
    facts: MapFacts,
    by_row: dict[int, list[PartFact]],
    accountable_parts: Counter[int],
    roles: dict[int, RoleFact],
    *,
    team: bool,
) -> list[Finding]:
    """`by_row`: the parts of every row but those with exactly one Accountable part, which
    give no finding here (`accountable_parts`: their number per row)."""
    found: list[Finding] = []
    for row in facts.rows:
        if row.kind != Kind.RESPONSIBILITY or accountable_parts.get(row.id) == 1:
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
    facts: MapFacts, roles: dict[int, RoleFact], tally: PartTally, *, max_a_share: int
) -> list[Finding]:
    found: list[Finding] = []
    rows = {r.id for r in facts.rows if r.kind == Kind.RESPONSIBILITY}
    accountable = Counter(
        p.role_id
        for p in facts.parts
        if p.level == Level.ACCOUNTABLE and p.responsibility_id in rows and p.role_id in roles
    )
    holding = tally.holding_roles
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
    facts: MapFacts, roles: dict[int, RoleFact], tally: PartTally, *, min_quotes: int
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
    with_parts = tally.roles_with_parts
    for role in facts.roles:
        if role.id not in with_parts or role.id in facts.ample:
            continue  # "holds nothing" already says it; or evidence enough
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
