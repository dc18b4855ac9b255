"""The comparison, matrix and finder computations shared by pages and API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from responsibilities.models import Kind
from roles.comparison import compare_slugs
from roles.exports import comparison_csv, comparison_markdown, matrix_csv
from roles.finder import find_roles
from roles.inputs import InputError
from roles.matrix import build_matrix
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    QuoteFactory,
    ResponsibilityFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_roles(reference_map):
    pm = RoleFactory(slug="pm", name="Product Manager", abbreviation="PM", order=1)
    po = RoleFactory(
        slug="po", name="Product Owner", abbreviation="PO", order=2, horizon="short-to-mid-term"
    )
    strategy = AreaFactory(name="Strategy", order=1)
    delivery = AreaFactory(name="Delivery", order=2)
    vision = ResponsibilityFactory(slug="vision", name="Vision", area=strategy)
    backlog = ResponsibilityFactory(slug="backlog", name="Backlog", area=delivery)
    research = ResponsibilityFactory(slug="research", name="Research", area=strategy)
    AssignmentFactory(role=pm, responsibility=vision, level="A", quotes=[QuoteFactory()])
    AssignmentFactory(role=po, responsibility=vision, level="C")
    AssignmentFactory(role=po, responsibility=backlog, level="A", quotes=[QuoteFactory()])
    AssignmentFactory(role=pm, responsibility=research, level="A", quotes=[QuoteFactory()])
    AssignmentFactory(role=po, responsibility=research, level="R", quotes=[QuoteFactory()])
    focus = ResponsibilityFactory(slug="customer-focus", kind=Kind.SHARED_QUALITY)
    AssignmentFactory(role=pm, responsibility=focus, level="R", quotes=[QuoteFactory()])
    AssignmentFactory(role=po, responsibility=focus, level="R", quotes=[QuoteFactory()])
    return pm, po


def test_columns_follow_url_order_and_rows_group_by_area(two_roles):
    comparison = compare_slugs("po,pm")
    assert [r.slug for r in comparison.roles] == ["po", "pm"]
    assert [g.area.name for g in comparison.groups] == ["Strategy", "Delivery"]
    assert [row.responsibility.slug for row in comparison.rows] == ["research", "vision", "backlog"]
    assert [row.responsibility.slug for row in comparison.qualities] == ["customer-focus"]


def test_shared_unique_and_overlap(two_roles):
    comparison = compare_slugs("pm,po")
    status = {row.responsibility.slug: row.status for row in comparison.rows}
    assert status == {"research": "shared", "vision": "unique", "backlog": "unique"}
    assert comparison.shared_count == 1
    assert comparison.union_count == 3
    assert comparison.overlap == pytest.approx(1 / 3)
    assert [(s.held, s.unique) for s in comparison.summaries] == [(2, 1), (2, 1)]
    assert (
        "PM:" in comparison.differences_in_words and "strategy" in comparison.differences_in_words
    )
    assert "PO: short- to mid-term" in comparison.differences_in_words
    horizon = next(a for a in comparison.attributes if a.name == "horizon")
    assert horizon.differs


def test_only_differences_flag(two_roles):
    comparison = compare_slugs("pm,po")
    assert [row.same for row in comparison.rows] == [False, False, False]
    assert comparison.qualities[0].same


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("pm", "at least 2"),
        ("", "at least 2"),
        ("a,b,c,d,e", "at most 4"),
        ("pm,pm", "repeated: pm"),
        ("pm,nobody", "Unknown role: nobody"),
    ],
)
def test_bad_role_lists_say_what_to_fix(two_roles, raw, message):
    with pytest.raises(InputError, match=message):
        compare_slugs(raw)


def test_comparison_query_count_is_fixed(two_roles):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            compare_slugs("pm,po")
        return len(ctx.captured_queries)

    small = count()
    pm, po = two_roles
    for _ in range(20):
        AssignmentFactory(role=pm, level="R", quotes=[QuoteFactory()])
        AssignmentFactory(role=po, level="R", quotes=[QuoteFactory()])
    assert count() == small


def test_matrix_warns_about_missing_accountable(two_roles, django_assert_num_queries):
    pm, _ = two_roles
    orphan = ResponsibilityFactory(name="Orphan")
    AssignmentFactory(role=pm, responsibility=orphan, level="R", quotes=[QuoteFactory()])
    ResponsibilityFactory(name="Nobody")
    # the default map (resolved: no map given); roles; responsibilities with area; their map
    # assignments with role; assignment quotes with source; responsibility quotes with source
    with django_assert_num_queries(6):
        matrix = build_matrix()
        warnings = {row.responsibility.name: row.warnings for row in matrix.rows}
    assert warnings["Orphan"] == ["Responsible without Accountable"]
    assert warnings["Nobody"] == ["No Accountable role"]
    assert warnings["Vision"] == []
    assert [
        c.level for c in next(r for r in matrix.rows if r.responsibility.name == "Vision").cells
    ] == ["A", "C"]


def test_finder_ranks_roles_with_reasons(two_roles):
    results = find_roles(["backlog", "research"])
    assert [r.role.slug for r in results] == ["po", "pm"]
    po, pm = results
    assert po.percent == 100
    assert pm.percent == 50
    assert [r.slug for r in pm.not_done] == ["backlog"]
    assert [r.slug for r in pm.also_holds] == ["vision"]


def test_finder_refuses_unknown_or_empty(two_roles):
    with pytest.raises(InputError, match="Unknown responsibility: nope"):
        find_roles("backlog,nope")
    with pytest.raises(InputError, match="Tick at least one"):
        find_roles("")


def test_exports(two_roles):
    comparison = compare_slugs("pm,po")
    csv_text = comparison_csv(comparison)
    assert csv_text.splitlines()[0].startswith(
        "area,responsibility,kind,Product Manager,Product Owner,status,disputed"
    )
    assert "Delivery,Backlog,responsibility,,A,one role holds it,no" in csv_text
    markdown = comparison_markdown(comparison)
    assert markdown.startswith("# Product Manager vs Product Owner")
    assert "| Backlog | not stated | Accountable · described |" in markdown
    assert "Responsible without Accountable" not in matrix_csv(build_matrix())
