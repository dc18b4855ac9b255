"""Coverage: how much evidence stands behind each role, in two queries whatever the size."""

import pytest

from responsibilities.models import Assignment
from roles.coverage import Coverage, coverage_by_role
from roles.models import RoleMap
from tests.factories import AssignmentFactory, QuoteFactory, RoleFactory, RoleMapFactory
from tests.world_scale import grow

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("second_source")]


@pytest.fixture
def second_source(evidence):
    """The evidence sample with a quote from a second source on the PM's customer research."""
    sample = evidence
    research = Assignment.objects.get(
        role=sample.roles["pm"], responsibility=sample.responsibilities["customer-research"]
    )
    research.quotes.add(QuoteFactory(key="other-source-quote"))  # a second source
    return sample


def test_counts_quotes_sources_bases_and_levels_per_role(sample):
    pm, prj = sample.roles["pm"], sample.roles["prj"]
    coverage = coverage_by_role(RoleMap.objects.resolve())
    assert coverage[pm.pk] == Coverage(
        quote_count=4,
        source_count=2,
        assignment_count=6,
        unquoted_count=3,
        by_basis={"stated": 1, "described": 5, "inferred": 0, "agreed": 0},
        by_level={"R": 2, "A": 1, "C": 2, "I": 1, "N": 0},
    )
    assert coverage[pm.pk].in_words == "6 assignments rest on 4 quotes from 2 sources"
    project = coverage[prj.pk]
    assert (project.quote_count, project.source_count, project.unquoted_count) == (2, 1, 2)
    assert project.by_level["N"] == 1 and project.by_basis["stated"] == 1


def test_roles_asked_for_without_assignments_get_an_empty_coverage(sample):
    lonely = RoleFactory(slug="lonely")
    other_map = RoleMapFactory(slug="other")
    AssignmentFactory(role_map=other_map, role=lonely)
    coverage = coverage_by_role(RoleMap.objects.resolve(), [lonely.pk, sample.roles["pm"].pk])
    assert set(coverage) == {lonely.pk, sample.roles["pm"].pk}
    assert coverage[lonely.pk] == Coverage()
    assert coverage[lonely.pk].in_words == "no assignment in this map yet"
    assert coverage_by_role(other_map)[lonely.pk].assignment_count == 1


def test_one_assignment_one_quote_reads_in_the_singular():
    one = AssignmentFactory(quotes=[QuoteFactory()])
    words = coverage_by_role(one.role_map, [one.role_id])[one.role_id].in_words
    assert words == "1 assignment rests on 1 quote from 1 source"


def test_two_queries_whatever_the_size(sample, django_assert_num_queries):
    role_map = RoleMap.objects.resolve()
    with django_assert_num_queries(2):
        small = coverage_by_role(role_map)
    grow(sample, factor=10)
    with django_assert_num_queries(2):
        large = coverage_by_role(role_map)
    pm = sample.roles["pm"].pk
    assert large[pm].assignment_count > small[pm].assignment_count


@pytest.mark.parametrize(
    ("quotes", "sources", "assignments", "thin"),
    [
        (0, 0, 0, False),  # no picture at all is not a thin one
        (3, 1, 8, True),  # few quotes, one source
        (9, 2, 8, True),  # below THIN_QUOTES
        (10, 2, 8, False),
        (51, 1, 44, True),  # many quotes, but all from one source
        (51, 5, 44, False),
    ],
)
def test_thin_evidence_is_few_quotes_or_a_single_source(quotes, sources, assignments, thin):
    coverage = Coverage(quote_count=quotes, source_count=sources, assignment_count=assignments)
    assert coverage.is_thin is thin


def test_based_on_in_words():
    assert Coverage(quote_count=3, source_count=1).based_on == "based on 3 quotes from 1 source"
    assert Coverage(quote_count=1, source_count=2).based_on == "based on 1 quote from 2 sources"
