"""Map health (roles/health.py): a hand-built map's findings row by row, the thresholds, the
team-map severities, and a fixed number of queries whatever the map's size."""

import pytest

from roles.health import (
    MapFacts,
    PartFact,
    RoleFact,
    RowFact,
    compute_health,
    load_facts,
    map_health,
    thresholds,
)
from roles.inputs import InputError
from tests.factories import AssignmentFactory, ResponsibilityFactory, RoleFactory
from tests.health_world import EXPECTED_REFERENCE, build_health_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.PMROLES_HEALTH_MAX_A_SHARE = 40
    settings.PMROLES_HEALTH_MIN_QUOTES = 3
    return build_health_map()


def _summary(health):
    return [
        (f.kind, f.severity, [r.slug for r in f.rows], [r.slug for r in f.roles])
        for f in health.findings
    ]


def test_hand_built_map_gives_the_known_findings_row_by_row(world):
    health = map_health(world.role_map)
    assert _summary(health) == EXPECTED_REFERENCE
    assert health.counts == {"error": 0, "warning": 6, "note": 4}
    assert not health.has_errors
    assert (health.row_count, health.role_count, health.part_count) == (8, 4, 10)


def test_each_finding_says_what_is_wrong_and_what_to_do(world):
    health = map_health(world.role_map)
    by_kind = {f.kind: f for f in reversed(health.findings)}  # the first of each kind
    assert by_kind["accountable-share"].message == (
        "Lead is Accountable for 4 of 5 responsibilities (80%, above 40%)."
    )
    assert by_kind["nobody-does-the-work"].message == (
        "Only Consulted or Informed roles touch “Review it” (Builder, Advisor): "
        "nobody does the work."
    )
    assert by_kind["thin-evidence"].message == (
        "Builder's parts rest on 1 quote from 1 source (fewer than 3 quotes or a single source)."
    )
    assert all(f.advice.endswith(".") and len(f.advice) > 20 for f in health.findings)


def test_grouped_by_kind_in_a_fixed_order(world):
    groups = map_health(world.role_map).groups
    assert [(kind, len(findings)) for kind, _title, findings in groups] == [
        ("no-accountable", 3),
        ("nobody-does-the-work", 1),
        ("accountable-share", 1),
        ("holds-nothing", 2),
        ("inferred-basis", 1),
        ("thin-evidence", 2),
    ]


def test_thresholds_are_settable(world, settings):
    """GIVEN the hand-built map WHEN the share is raised to 80% and the quotes lowered to 1
    THEN Lead (exactly 80%) is no longer reported and Builder is thin only for its single
    source; a setting changes the default the same way."""
    health = map_health(world.role_map, max_a_share=80, min_quotes=1)
    kinds = _summary(health)
    assert ("accountable-share", "warning", [], ["lead"]) not in kinds
    assert ("thin-evidence", "warning", [], ["builder"]) in kinds  # one source
    settings.PMROLES_HEALTH_MAX_A_SHARE = 79
    assert ("accountable-share", "warning", [], ["lead"]) in _summary(map_health(world.role_map))


@pytest.mark.parametrize("raw", ["abc", "0", "101", "-5", "4.5", "²"])
def test_a_bad_threshold_is_refused_with_a_sentence(raw):
    with pytest.raises(InputError) as caught:
        thresholds(max_a_share=raw)
    assert caught.value.field == "max_a_share"
    assert caught.value.message == "max_a_share must be a whole number from 1 to 100."


def test_a_team_map_has_errors_where_a_reference_map_has_notes(world):
    """The same facts read as a team map: no Accountable role is an error there (the team has
    not decided), and the evidence checks (inferred, thin) do not apply."""
    facts = load_facts(world.role_map)
    facts.kind = "team"
    health = compute_health(facts, max_a_share=40, min_quotes=3)
    assert [(f.kind, f.severity) for f in health.findings] == [
        ("no-accountable", "error"),
        ("no-accountable", "error"),
        ("nobody-does-the-work", "warning"),
        ("no-accountable", "error"),
        ("accountable-share", "warning"),
        ("holds-nothing", "warning"),
        ("holds-nothing", "warning"),
    ]
    assert health.has_errors


def test_a_second_accountable_in_imported_facts_is_an_error():
    """The database refuses a second A, so this is checked on facts (an imported sheet)."""
    roles = [RoleFact(1, "a", "Alpha"), RoleFact(2, "b", "Beta")]
    rows = [RowFact(10, "ship", "Ship it", "Work")]
    parts = [PartFact(1, 10, "A", "stated"), PartFact(2, 10, "A", "stated")]
    facts = MapFacts("x", "X", "reference", roles, rows, parts, {1: (3, 2), 2: (3, 2)})
    health = compute_health(facts, max_a_share=100, min_quotes=3)
    assert _summary(health) == [("several-accountable", "error", ["ship"], ["a", "b"])]
    assert health.findings[0].message == "“Ship it” has 2 Accountable roles: Alpha, Beta."


def test_reading_only_the_parts_a_finding_can_name_changes_no_finding(world):
    """GIVEN the hand-built map plus a row where a described R sits beside an inferred C and
    an Informed part (only the inferred C is read from the database, the others counted)
    WHEN the stored map's health is computed (AssignmentQuerySet.health_parts and the
    database's tally) and the same facts with every part read
    THEN the findings, their words and the counts are the same: the row has no Accountable
    role, its inferred part is a note, and the R means somebody does the work."""
    from responsibilities.models import Assignment

    ship = ResponsibilityFactory(
        slug="ship-it", name="Ship it", area=world.rows["hire"].area, order=30
    )
    for slug, level, basis in (
        ("builder", "R", "described"),
        ("advisor", "C", "inferred"),
        ("lead", "I", "described"),
    ):
        AssignmentFactory(
            role_map=world.role_map,
            role=world.roles[slug],
            responsibility=ship,
            level=level,
            basis=basis,
        )
    stored = load_facts(world.role_map)
    assert len(stored.parts) < Assignment.objects.in_map(world.role_map).count()
    every = load_facts(world.role_map)
    every.tally = None
    every.parts = [
        PartFact(a.role_id, a.responsibility_id, a.level, a.basis, a.decided_on, a.pk)
        for a in Assignment.objects.in_map(world.role_map)
    ]
    partial, whole = (compute_health(f, max_a_share=40, min_quotes=3) for f in (stored, every))
    assert [(f.kind, f.message, f.rows, f.roles) for f in partial.findings] == [
        (f.kind, f.message, f.rows, f.roles) for f in whole.findings
    ]
    assert (
        (partial.part_count, partial.counts)
        == (whole.part_count, whole.counts)
        == (
            13,
            {"error": 0, "warning": 6, "note": 6},
        )
    )
    assert ("inferred-basis", "note", ["ship-it"], ["advisor"]) in _summary(partial)
    assert ("nobody-does-the-work", "warning", ["ship-it"], ["advisor", "lead"]) not in (
        _summary(partial)
    )


@pytest.mark.usefixtures("uncached_reads")
def test_health_costs_the_same_queries_small_and_large(world, django_assert_num_queries):
    """Five queries (roles, rows, parts, the tally per role, a sample of each role's evidence:
    roles.thinness; was four with one join counting parts and evidence together) whether
    the map has 10 parts or ten times as many rows and roles."""
    with django_assert_num_queries(5):
        small = map_health(world.role_map)
    for i in range(40):
        row = ResponsibilityFactory(area=world.rows["hire"].area, order=100 + i)
        role = RoleFactory()
        AssignmentFactory(role_map=world.role_map, role=role, responsibility=row, level="A")
    with django_assert_num_queries(5):
        large = map_health(world.role_map)
    assert large.row_count == small.row_count + 40


def test_team_map_findings_part_by_part(world, django_assert_num_queries):
    """GIVEN the team map of tests/health_world.build_team_map WHEN its health is computed
    THEN missing Accountable roles are errors, the departure, the side taken and the decision
    past the review date are each reported once, and the own role departs from nothing.
    Queries: the four of every map, then the map it is based on, the departures
    (roles/departs.py), the disputes on the map's responsibilities with their roles and their
    positions with their roles (roles/dispute_sides.py; the levels are the facts')."""
    from roles.models import RoleMap
    from tests.health_world import EXPECTED_TEAM, build_team_map

    team, _coach = build_team_map(world)
    team = RoleMap.objects.get(pk=team.pk)
    with django_assert_num_queries(8):
        health = map_health(team)
    assert _summary(health) == EXPECTED_TEAM
    assert health.has_errors
    by_kind = {f.kind: f for f in health.findings}
    assert by_kind["departs-from-sources"].message == (
        "Builder is A for “Build it”; the sources say R."
    )
    assert by_kind["dispute-side-taken"].message == (
        "The sources disagree (Who hires?); the team made Builder A for “Hire”."
    )
    assert by_kind["review-overdue"].message == (
        "The team's decision that Builder is A for “Build it” (decided on 2026-01-10) is past "
        "the map's review date (2026-01-31)."
    )
    assert health.role_count == 5  # the four shared roles and the team's Coach


def test_a_reviewed_team_map_has_nothing_past_its_review_date(world):
    from django.utils import timezone

    from roles.models import RoleMap
    from tests.health_world import build_team_map

    team, _ = build_team_map(world)
    RoleMap.objects.filter(pk=team.pk).update(last_reviewed=timezone.localdate())
    kinds = {f.kind for f in map_health(RoleMap.objects.get(pk=team.pk)).findings}
    assert "review-overdue" not in kinds and "departs-from-sources" in kinds


def test_own_roles_of_another_map_are_not_checked(world):
    """The team's Coach holds nothing in the reference map, yet is no finding there: a map
    sees the shared catalogue and its own roles only."""
    from tests.health_world import build_team_map

    build_team_map(world)
    assert "coach" not in {r.slug for f in map_health(world.role_map).findings for r in f.roles}
