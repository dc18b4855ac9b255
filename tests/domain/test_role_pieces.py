"""Per-role pieces (roles.pieces) follow every write that changes them, and only those.

A piece is kept under (kind, map, role, version); these tests pin that a write to role A's
parts gives A's pieces a new key and leaves B's where they were, that evidence, map and
bulk writes reach every role, and that the coverage read through the pieces is the one
computed from the database after each write.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from responsibilities import version_writes
from responsibilities.models import Assignment, Level
from roles.coverage import Coverage, coverage_by_role, stored_coverage
from roles.models import RoleMap
from roles.pieces import role_tokens
from roles.thinness import Thinness, thinness
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    QuoteFactory,
    RoleFactory,
    RoleMapFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_roles():
    """Roles a and b with a quoted part each in map m, every (map, role) row made."""
    role_map = RoleMapFactory(slug="m")
    part_a = AssignmentFactory(role_map=role_map, level=Level.RESPONSIBLE, quotes=[QuoteFactory()])
    part_b = AssignmentFactory(role_map=role_map, level=Level.RESPONSIBLE, quotes=[QuoteFactory()])
    version_writes.ensure_rows()
    return role_map, part_a, part_b


def _tokens(role_map, *parts):
    return role_tokens(RoleMap.objects.get(pk=role_map.pk), [p.role_id for p in parts])


def test_a_write_to_one_roles_part_moves_its_token_only(two_roles):
    role_map, part_a, part_b = two_roles
    before = _tokens(role_map, part_a, part_b)
    Assignment.objects.get(pk=part_a.pk).save()
    after = _tokens(role_map, part_a, part_b)
    assert after[part_a.role_id] != before[part_a.role_id]
    assert after[part_b.role_id] == before[part_b.role_id]


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda: AreaFactory(), id="evidence"),
        pytest.param(lambda: RoleMapFactory(slug="another"), id="a map"),
        pytest.param(version_writes.bump, id="bulk write"),
    ],
)
def test_evidence_map_and_bulk_writes_move_every_roles_token(two_roles, write):
    role_map, part_a, part_b = two_roles
    before = _tokens(role_map, part_a, part_b)
    write()
    after = _tokens(role_map, part_a, part_b)
    assert after[part_a.role_id] != before[part_a.role_id]
    assert after[part_b.role_id] != before[part_b.role_id]


def test_a_write_to_another_map_moves_no_token(two_roles):
    role_map, part_a, part_b = two_roles
    elsewhere = AssignmentFactory(role_map=RoleMapFactory(slug="other"), role=part_a.role)
    before = _tokens(role_map, part_a, part_b)
    Assignment.objects.get(pk=elsewhere.pk).save()
    assert _tokens(role_map, part_a, part_b) == before


def test_a_quote_moved_to_another_source_reaches_the_roles_thinness(two_roles):
    """A quote's source is evidence (no map's row moves): the pieces are keyed by it too."""
    role_map, part_a, part_b = two_roles
    a = part_a.role_id
    Assignment.objects.get(pk=part_a.pk).quotes.add(QuoteFactory())
    assert thinness(role_map, [a])[a] == Thinness(True, 2, 2)
    quote = part_a.quotes.last()
    quote.source = part_a.quotes.first().source
    quote.save()
    assert thinness(role_map, [a])[a] == Thinness(True, 2, 1)


def test_a_role_without_its_own_row_is_keyed_by_the_map(two_roles):
    role_map, part_a, _ = two_roles
    silent = RoleFactory()
    before = role_tokens(role_map, [silent.pk])
    part = Assignment.objects.get(pk=part_a.pk)
    part.note = "Only a note: no piece shows it."
    part.save()
    assert role_tokens(role_map, [silent.pk]) == before
    part.level = Level.ACCOUNTABLE
    part.save()
    assert role_tokens(role_map, [silent.pk]) != before


def test_a_map_based_on_another_is_keyed_by_every_map(two_roles):
    role_map, part_a, _ = two_roles
    team = RoleMapFactory(slug="team", based_on=role_map)
    before = role_tokens(team, [part_a.role_id])
    Assignment.objects.get(pk=part_a.pk).save()  # a part of its base
    assert role_tokens(team, [part_a.role_id]) != before


def test_pieces_follow_a_write_to_their_role_and_keep_the_others(two_roles):
    """GIVEN both roles' thinness kept
    WHEN a quote is added to a's part
    THEN a's is built again (one query for a alone) and shows it; b's is kept."""
    role_map, part_a, part_b = two_roles
    a, b = part_a.role_id, part_b.role_id
    another = QuoteFactory()  # made before: a new quote is an evidence write (every role)
    first = thinness(role_map, [a, b])
    assert first[a] == Thinness(True, 1, 1)
    with CaptureQueriesContext(connection) as kept:
        assert thinness(role_map, [a, b]) == first
    assert len(kept.captured_queries) == 1  # the version rows only
    Assignment.objects.get(pk=part_a.pk).quotes.add(another)
    with CaptureQueriesContext(connection) as rebuilt:
        again = thinness(role_map, [a, b])
    assert len(rebuilt.captured_queries) == 2  # the version rows, then a's sample
    sample = rebuilt.captured_queries[1]["sql"]
    assert "UNION ALL" not in sample  # one role's sample (SQLite: one subquery per role)
    assert connection.vendor != "postgresql" or f"ARRAY[{a}]" in sample
    assert again[a] == Thinness(True, 2, 2) and again[b] == first[b]


def test_stored_coverage_is_what_the_database_says_after_each_write(two_roles):
    role_map, part_a, part_b = two_roles
    ids = [part_a.role_id, part_b.role_id]
    assert stored_coverage(role_map, ids) == coverage_by_role(role_map, ids)
    AssignmentFactory(role_map=role_map, role=part_a.role, level=Level.CONSULTED)
    Assignment.objects.filter(pk=part_b.pk).delete()
    kept = stored_coverage(role_map, ids)
    assert kept == coverage_by_role(role_map, ids)
    assert kept[part_a.role_id].assignment_count == 2 and kept[part_b.role_id] == Coverage()


def test_a_kept_coverage_serves_the_thinness(two_roles, django_assert_num_queries):
    role_map, part_a, _ = two_roles
    full = stored_coverage(role_map, [part_a.role_id])[part_a.role_id]
    with django_assert_num_queries(1):  # the version rows: the coverage serves
        thin = thinness(role_map, [part_a.role_id])[part_a.role_id]
    assert thin == Thinness(True, full.quote_count, full.source_count)


def test_without_stored_answers_every_piece_is_built(two_roles, settings):
    role_map, part_a, _ = two_roles
    settings.PMROLES_READ_CACHE = False
    thinness(role_map, [part_a.role_id])
    with CaptureQueriesContext(connection) as built:
        thinness(role_map, [part_a.role_id])
    assert len(built.captured_queries) == 1  # the sample; no version read
