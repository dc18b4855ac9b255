"""A hand-built map whose health findings are known row by row (tests of roles/health.py and
its four faces: page, API, check_map, the XLSX Health sheet).

Roles, in column order: Lead, Builder, Advisor, Idle. Rows (area "Work", then a shared
quality), with the findings each must produce in a reference map:

| row | Lead | Builder | Advisor | findings |
| set-direction | A (2 quotes, source 1) | R | | none |
| build-it | | R | | no Accountable (note) |
| review-it | | I | C | no Accountable (note); nobody does the work (Builder, Advisor) |
| plan-it, report-it, budget-it | A (1 quote, source 2) | | | none |
| hire | | A (1 quote, source 1) | | none |
| check-quality | | R inferred | | no Accountable (note); inferred (Builder) |
| team-spirit (shared quality) | | | | none: qualities have no owner |

Roles: Lead holds 4 of 5 Accountable parts (80% > 40%); Advisor (only C) and Idle (nothing)
hold nothing; Builder's parts rest on 1 quote from 1 source, Advisor's on none: thin evidence.
Idle has no part, so only "holds nothing" names it.
"""

from dataclasses import dataclass

from responsibilities.levels import Basis, Level
from responsibilities.models import Kind
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    QuoteFactory,
    ResponsibilityFactory,
    RoleFactory,
    RoleMapFactory,
    SourceFactory,
)

HEALTH_MAP = "health-check"

# (kind, severity, row slugs, role slugs), in the order the computation lists them.
EXPECTED_REFERENCE = [
    ("no-accountable", "note", ["build-it"], []),
    ("no-accountable", "note", ["review-it"], []),
    ("nobody-does-the-work", "warning", ["review-it"], ["builder", "advisor"]),
    ("no-accountable", "note", ["check-quality"], []),
    ("accountable-share", "warning", [], ["lead"]),
    ("holds-nothing", "warning", [], ["advisor"]),
    ("holds-nothing", "warning", [], ["idle"]),
    ("inferred-basis", "note", ["check-quality"], ["builder"]),
    ("thin-evidence", "warning", [], ["builder"]),
    ("thin-evidence", "warning", [], ["advisor"]),
]


@dataclass
class HealthWorld:
    role_map: object
    roles: dict
    rows: dict


def build_health_map() -> HealthWorld:
    role_map = RoleMapFactory(slug=HEALTH_MAP, name="Health check map")
    roles = {
        slug: RoleFactory(slug=slug, name=slug.title(), abbreviation=slug[:2].upper(), order=i)
        for i, slug in enumerate(["lead", "builder", "advisor", "idle"], start=1)
    }
    area = AreaFactory(name="Work", slug="work", order=1)
    rows = {}
    for i, slug in enumerate(
        [
            "set-direction",
            "build-it",
            "review-it",
            "plan-it",
            "report-it",
            "budget-it",
            "hire",
            "check-quality",
        ]
    ):
        rows[slug] = ResponsibilityFactory(
            slug=slug, name=slug.replace("-", " ").capitalize(), area=area, order=i
        )
    rows["team-spirit"] = ResponsibilityFactory(
        slug="team-spirit", name="Team spirit", area=area, order=20, kind=Kind.SHARED_QUALITY
    )
    one, two = SourceFactory(slug="source-one"), SourceFactory(slug="source-two")
    lead_quotes = [QuoteFactory(source=one), QuoteFactory(source=one)]
    lead_more = QuoteFactory(source=two)
    builder_quote = QuoteFactory(source=one)

    def part(role, row, level, basis=Basis.DESCRIBED, quotes=()):
        AssignmentFactory(
            role_map=role_map,
            role=roles[role],
            responsibility=rows[row],
            level=level,
            basis=basis,
            quotes=list(quotes),
        )

    part("lead", "set-direction", Level.ACCOUNTABLE, Basis.STATED, lead_quotes)
    part("builder", "set-direction", Level.RESPONSIBLE, quotes=[builder_quote])
    part("builder", "build-it", Level.RESPONSIBLE, quotes=[builder_quote])
    part("builder", "review-it", Level.INFORMED)
    part("advisor", "review-it", Level.CONSULTED)
    for row in ("plan-it", "report-it", "budget-it"):
        part("lead", row, Level.ACCOUNTABLE, quotes=[lead_more])
    part("builder", "hire", Level.ACCOUNTABLE, quotes=[builder_quote])
    part("builder", "check-quality", Level.RESPONSIBLE, Basis.INFERRED, [builder_quote])
    return HealthWorld(role_map, roles, rows)


TEAM_MAP = "health-team"


def build_team_map(world: HealthWorld):
    """A team map based on the hand-built map, whose findings are known part by part.

    - Lead A in set-direction and Builder R in set-direction, copied: no departure.
    - Builder A (agreed, decided 2026-01-10) in build-it, where the sources say R: departs.
    - Coach (the team's own role) R (agreed) in review-it: its own role, so it cannot depart;
      review-it then has no Accountable role: an error in a team map.
    - A dispute about “Hire” involving Builder; the team copied Builder A there: a side taken.
    - Reviewed on 2026-01-01, every 30 days: due 2026-01-31, long past; the agreed parts
      decided before then (Builder in build-it, 2026-01-10) are past the review date; the
      Coach's part decided today is not.
    Plan-it, report-it, budget-it, check-quality, hire: left out or copied as the fixture says.
    """
    import datetime

    from responsibilities.levels import MapKind
    from tests.factories import AgreedAssignmentFactory, DisputeFactory, TeamMapFactory

    team = TeamMapFactory(
        slug=TEAM_MAP,
        name="Health team map",
        kind=MapKind.TEAM,
        based_on=world.role_map,
        last_reviewed=datetime.date(2026, 1, 1),
        review_every_days=30,
    )
    coach = RoleFactory(slug="coach", name="Coach", abbreviation="CO", order=9, map=team)
    roles, rows = world.roles, world.rows
    AssignmentFactory(
        role_map=team,
        role=roles["lead"],
        responsibility=rows["set-direction"],
        level=Level.ACCOUNTABLE,
        basis=Basis.STATED,
        quotes=list(
            world.role_map.assignments.get(
                role=roles["lead"], responsibility=rows["set-direction"]
            ).quotes.all()
        ),
    )
    AssignmentFactory(
        role_map=team,
        role=roles["builder"],
        responsibility=rows["set-direction"],
        level=Level.RESPONSIBLE,
        quotes=list(
            world.role_map.assignments.get(
                role=roles["builder"], responsibility=rows["set-direction"]
            ).quotes.all()
        ),
    )
    AgreedAssignmentFactory(
        role_map=team,
        role=roles["builder"],
        responsibility=rows["build-it"],
        level=Level.ACCOUNTABLE,
        decided_on=datetime.date(2026, 1, 10),
    )
    AgreedAssignmentFactory(
        role_map=team, role=coach, responsibility=rows["review-it"], level=Level.RESPONSIBLE
    )
    AssignmentFactory(
        role_map=team,
        role=roles["builder"],
        responsibility=rows["hire"],
        level=Level.ACCOUNTABLE,
        quotes=[QuoteFactory()],
    )
    DisputeFactory(topic="Who hires?", roles=[roles["builder"]], responsibilities=[rows["hire"]])
    return team, coach


# (kind, severity, rows, roles) for the team map, in the computation's order.
EXPECTED_TEAM = [
    ("no-accountable", "error", ["review-it"], []),
    ("no-accountable", "error", ["plan-it"], []),
    ("no-accountable", "error", ["report-it"], []),
    ("no-accountable", "error", ["budget-it"], []),
    ("no-accountable", "error", ["check-quality"], []),
    ("holds-nothing", "warning", [], ["advisor"]),
    ("holds-nothing", "warning", [], ["idle"]),
    ("departs-from-sources", "note", ["build-it"], ["builder"]),
    ("dispute-side-taken", "note", ["hire"], ["builder"]),
    ("review-overdue", "warning", ["build-it"], ["builder"]),
]
