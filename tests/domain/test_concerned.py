"""Which disputes and contrasts a comparison concerns (roles.concerned), from what each role
takes part in, kept per role: the answer the database's counts gave, read once per role
version, and following every write to the disputes and contrasts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from responsibilities import version_writes
from responsibilities.models import Dispute
from roles.concerned import concerned
from roles.holder_masks import contrasts
from roles.models import ContrastKind
from roles.pieces import tokens_for
from tests.factories import ContrastFactory, DisputeFactory, RoleFactory, RoleMapFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Roles a, b, c, d; disputes: ab (a, b), abc (a, b, c), ad (a, d), c_alone (c, d)."""
    role_map = RoleMapFactory(slug="m")
    a, b, c, d = (RoleFactory(slug=slug) for slug in "abcd")
    disputes = {
        "abc": DisputeFactory(slug="abc", order=2, roles=[a, b, c]),
        "ab": DisputeFactory(slug="ab", order=1, roles=[a, b]),
        "ad": DisputeFactory(slug="ad", order=3, roles=[a, d]),
        "c_alone": DisputeFactory(slug="c-alone", order=4, roles=[c, d]),
    }
    version_writes.ensure_rows()
    return role_map, (a, b, c, d), disputes


def test_two_or_more_chosen_roles_concern_the_comparison(world):
    role_map, (a, b, c, _), disputes = world
    found = concerned("disputes", role_map, [a, b, c], limit=20)
    assert found.first == [disputes["ab"].pk, disputes["abc"].pk]  # by order, then slug
    assert found.total == 2
    assert found.elsewhere == [(a, 1), (c, 1)]  # ad for a, c-alone for c; b has none
    assert concerned("disputes", role_map, [a, b, c], limit=1).first == [disputes["ab"].pk]
    assert concerned("disputes", role_map, [a, b, c], limit=1).total == 2


def test_roles_sharing_no_dispute_read_nothing_more_the_second_time(world):
    """GIVEN a comparison of c with d built once
    WHEN another comparison shows c (and a role of no dispute)
    THEN c's disputes are not read again: only the role never shown is."""
    role_map, (a, b, c, d), disputes = world
    lone = RoleFactory(slug="lone")
    version_writes.ensure_rows()
    assert concerned("disputes", role_map, [c, d], limit=20).first == [disputes["c_alone"].pk]
    tokens = tokens_for(role_map, [c.pk, lone.pk])
    with CaptureQueriesContext(connection) as queries:
        found = concerned("disputes", role_map, [c, lone], limit=20, tokens=tokens)
    # the disputes of `lone` only (c's are kept)
    assert len(queries.captured_queries) == 1, queries.captured_queries
    assert found.first == [] and found.total == 0
    assert found.elsewhere == [(c, 2)]


def test_a_write_to_a_dispute_is_seen_at_once(world):
    role_map, (a, b, c, d), disputes = world
    assert concerned("disputes", role_map, [c, d], limit=20).total == 1
    Dispute.objects.get(slug="ad").roles.add(c)
    found = concerned("disputes", role_map, [c, d], limit=20)
    assert found.first == [disputes["ad"].pk, disputes["c_alone"].pk]
    disputes["c_alone"].delete()
    assert concerned("disputes", role_map, [c, d], limit=20).first == [disputes["ad"].pk]


def test_contrasts_two_chosen_roles_state(world):
    """Contrasts are counted the same way and ordered by kind, order and slug."""
    role_map, (a, b, c, _), _ = world
    late = ContrastFactory(slug="late", kind=ContrastKind.DIFFERENCE, order=5, roles=[a, b])
    early = ContrastFactory(slug="early", kind=ContrastKind.SIMILARITY, order=1, roles=[a, c])
    ContrastFactory(slug="one", order=0, roles=[a])
    assert contrasts(role_map, [a, b, c]) == ([late, early], 2)  # "difference" first
    assert contrasts(role_map, [b, c]) == ([], 0)
    late.roles.add(c)
    assert contrasts(role_map, [b, c]) == ([late], 1)
