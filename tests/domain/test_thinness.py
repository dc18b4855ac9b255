"""Whether a role's evidence is thin, from a bounded sample (roles.thinness), says what the
exact counts (roles.coverage) say, for small roles, large ones and roles without parts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roles.coverage import coverage_by_role
from roles.models import RoleMap
from roles.thinness import SAMPLE, Thinness, thinness
from tests.factories import (
    AssignmentFactory,
    QuoteFactory,
    RoleFactory,
    RoleMapFactory,
    SourceFactory,
)
from tests.world_scale import grow

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_reads")]


def _agrees(role_map, role_ids) -> None:
    exact = coverage_by_role(role_map, role_ids)
    assert thinness(role_map, role_ids) == {pk: Thinness.of(c) for pk, c in exact.items()}


def test_the_sample_agrees_with_the_exact_counts_small_and_grown(evidence):
    role_map = RoleMap.objects.resolve()
    ids = [role.pk for role in evidence.roles.values()] + [RoleFactory().pk]
    _agrees(role_map, ids)
    grow(evidence, factor=10)  # every role past SAMPLE rows, from many sources
    _agrees(role_map, ids)
    assert not any(t.is_thin for t in thinness(role_map, ids).values())


def _many_parts(role_map, role, sources):
    """SAMPLE + 10 parts of `role`, each with its own quote, from `sources` in turn."""
    for i in range(SAMPLE + 10):
        AssignmentFactory(
            role_map=role_map, role=role, quotes=[QuoteFactory(source=sources[i % len(sources)])]
        )


def test_a_large_role_from_one_source_is_counted_exactly():
    """Past the sample, one source: thin, with every quote counted (a second query)."""
    role_map, role = RoleMapFactory(slug="m"), RoleFactory()
    _many_parts(role_map, role, [SourceFactory()])
    with CaptureQueriesContext(connection) as queries:
        found = thinness(role_map, [role.pk])[role.pk]
    assert found == Thinness(True, SAMPLE + 10, 1)
    assert len(queries.captured_queries) == 2  # the sample, then the exact counts
    _agrees(role_map, [role.pk])


def test_a_large_role_from_many_sources_is_settled_by_the_sample():
    role_map, role = RoleMapFactory(slug="m"), RoleFactory()
    _many_parts(role_map, role, [SourceFactory(), SourceFactory()])
    with CaptureQueriesContext(connection) as queries:
        assert thinness(role_map, [role.pk])[role.pk] == Thinness(False)
    assert len(queries.captured_queries) == 1


def test_parts_without_quotes_and_roles_without_parts():
    role_map = RoleMapFactory(slug="m")
    unquoted, silent = RoleFactory(), RoleFactory()
    AssignmentFactory(role_map=role_map, role=unquoted)
    found = thinness(role_map, [unquoted.pk, silent.pk])
    assert found == {unquoted.pk: Thinness(True, 0, 0), silent.pk: Thinness(False)}
    _agrees(role_map, [unquoted.pk, silent.pk])
    assert found[unquoted.pk].based_on == "based on 0 quotes from 0 sources"


def test_one_query_for_many_roles(sample, django_assert_num_queries):
    role_map = RoleMap.objects.resolve()
    ids = [role.pk for role in sample.roles.values()] + [RoleFactory().pk for _ in range(30)]
    with django_assert_num_queries(1):
        thinness(role_map, ids)
