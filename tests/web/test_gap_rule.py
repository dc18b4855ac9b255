"""The matrix's "gap" rule is written twice: in Python over a row's cells (roles.matrix,
MatrixRow.warnings: the whole matrix and the API's matrix) and in SQL (web.matrix_page: the
bounded page's EXISTS annotations, the GAP filter behind "only gaps" and the gap count).
This test holds the twins equal on a world with every kind of gap, on whichever database
the suite runs (SQLite by default, PostgreSQL with DATABASE_URL)."""

import pytest

from responsibilities.models import Kind, Level, Responsibility
from roles.matrix import build_matrix
from roles.models import RoleMap
from tests.factories import RoleMapFactory
from tests.world_scale import build_dataset
from web.matrix_page import MatrixFilter, build_page

pytestmark = pytest.mark.django_db


def _sql_pages(role_map, *, gaps: bool = False):
    """Every page of the bounded matrix (every role, on the first column page)."""
    first = build_page(role_map, MatrixFilter(roles=(), gaps=gaps))
    rest = [
        build_page(role_map, MatrixFilter(roles=(), gaps=gaps, page=n))
        for n in range(2, first.pages + 1)
    ]
    return [first, *rest]


@pytest.mark.parametrize("which", ["reference", "empty"])
def test_python_and_sql_find_the_same_gaps_with_the_same_words(which):
    """GIVEN 120 responsibilities: A/R/C rows, R/C/I rows (Responsible without
    Accountable), C-only rows (no Accountable) and shared qualities (never a gap), some
    qualities without an Accountable too; and a second map with no assignments at all
    WHEN the Python rule and the SQL rule read the same map
    THEN every row gets the same warning, and the SQL gap filter and gap count pick exactly
    the rows the Python rule warns about."""
    build_dataset(scale=20)
    if which == "empty":
        RoleMapFactory(slug="empty", name="Empty")
    role_map = RoleMap.objects.get(slug="empty") if which == "empty" else RoleMap.objects.resolve()

    matrix = build_matrix(role_map=role_map)
    python = {row.responsibility.slug: ", ".join(row.warnings) for row in matrix.rows}
    assert len(python) == Responsibility.objects.count() == 120

    pages = _sql_pages(role_map)
    sql = {row.responsibility.slug: row.warning for page in pages for row in page.rows}
    assert sql == python

    gaps = {slug for slug, warning in python.items() if warning}
    gap_pages = _sql_pages(role_map, gaps=True)
    assert {row.responsibility.slug for page in gap_pages for row in page.rows} == gaps
    assert pages[0].gap_total == len(gaps) == matrix.warning_count

    # The world holds each case, so the equalities above say something.
    kinds = dict(Responsibility.objects.values_list("slug", "kind"))
    duties = {slug for slug, kind in kinds.items() if kind == Kind.RESPONSIBILITY}
    if which == "empty":
        assert gaps == duties
        assert set(python.values()) == {"", "No Accountable role"}
    else:
        assert set(python.values()) == {
            "",
            "No Accountable role",
            "Responsible without Accountable",
        }
        with_a = set(
            Responsibility.objects.filter(
                assignments__role_map=role_map, assignments__level=Level.ACCOUNTABLE
            ).values_list("slug", flat=True)
        )
        qualities_without_a = set(kinds) - duties - with_a
        assert qualities_without_a and not qualities_without_a & gaps
        assert gaps == duties - with_a
