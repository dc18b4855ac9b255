"""The comparison CSV read as tuples (roles/csv_rows.py) says what the built comparison's
does, cell for cell, in the same few queries whatever the map's size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roles.comparison import compare_slugs
from roles.csv_rows import comparison_csv_text
from roles.exports import comparison_csv
from roles.models import Role, RoleMap
from tests.world import ROLE_SLUGS
from tests.world_scale import build_dataset

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [2, 3, 4])
def test_the_comparison_csv_is_the_built_comparisons(reference_map, count):
    """GIVEN a map with shared qualities, disputes, quotes from several sources and warnings
    WHEN 2, 3 or 4 roles are compared as CSV
    THEN the text read as tuples is the text of the built comparison."""
    build_dataset(3)
    role_map = RoleMap.objects.resolve()
    slugs = ",".join(ROLE_SLUGS[:count])
    comparison = compare_slugs(slugs, role_map=role_map)
    text = comparison_csv_text(role_map, comparison.roles)
    assert text == comparison_csv(comparison)
    assert text.count("shared quality") and text.count("\n") > 3


def test_the_comparison_csv_costs_the_same_queries_at_five_times_the_data(reference_map):
    """The disputed responsibilities, the parts, their quotes: three queries at any size."""
    build_dataset(2)
    role_map = RoleMap.objects.resolve()
    roles = list(Role.objects.filter(slug__in=ROLE_SLUGS[:4]))

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            comparison_csv_text(role_map, roles)
        return len(ctx.captured_queries)

    small = queries()
    build_dataset(10, prefix="x")
    assert queries() == small == 3
