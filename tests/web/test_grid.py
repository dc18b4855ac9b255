"""The bounded comparison (web.grid): holder masks, filters, and a summary that agrees
with the full comparison the API and the downloads use."""

import pytest

from roles.comparison import compare_slugs
from roles.models import Role, RoleMap
from tests.world import ROLE_SLUGS
from tests.world_scale import grow
from web.grid import GridFilter, grid_page, holders_label
from web.grid_summary import summarise

pytestmark = pytest.mark.django_db


def test_masks_for_each_filter():
    # Two roles: bit 0 the first, bit 1 the second; 0 none holds, 3 both.
    assert GridFilter().masks(2) is None
    assert GridFilter(show="shared").masks(2) == [3]
    assert GridFilter(show="one").masks(2) == [1, 2]
    assert GridFilter(held_by=0, not_by=1).masks(2) == [1]
    assert GridFilter(held_by=1).masks(2) == [2, 3]
    assert GridFilter(show="shared", held_by=2, not_by=0).masks(3) == [6]


def test_holders_label_names_the_roles():
    roles = [Role(abbreviation=a) for a in ("PM", "PO", "PrM")]
    assert holders_label(0b101, roles) == "Held by the PM and the PrM"
    assert holders_label(0b111, roles) == "Held by all of them"
    assert holders_label(0b010, roles) == "Held by the PO only"
    assert holders_label(0b011, roles[:2]) == "Held by both"


@pytest.mark.parametrize("count", [2, 3, 4])
def test_the_sql_summary_agrees_with_the_full_comparison(sample, count):
    grow(sample, factor=3)
    slugs = ROLE_SLUGS[:count]
    role_map = RoleMap.objects.resolve()
    full = compare_slugs(slugs, role_map=role_map)
    summary = summarise(role_map, full.roles)
    assert summary.held == [s.held for s in full.summaries]
    assert summary.only == [s.unique for s in full.summaries]
    assert summary.shared_by_all == full.shared_count
    assert summary.union == full.union_count
    assert [(p.first, p.second, p.overlap) for p in summary.pairs] == [
        (a, b, pytest.approx(score)) for a, b, score in full.pairwise
    ]
    page = grid_page(role_map, full.roles, GridFilter())
    assert page.total == summary.rows == len(full.rows)
    shared = grid_page(role_map, full.roles, GridFilter(show="shared"))
    assert shared.total == sum(1 for row in full.rows if row.shared)
