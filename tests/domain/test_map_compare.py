"""Comparing two role maps: what a variant adds, removes and changes, silence kept apart."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from responsibilities.models import Basis, Level
from roles.inputs import InputError, parse_page
from roles.map_compare import (
    ADDED,
    BASIS_CHANGED,
    LEVEL_CHANGED,
    REMOVED,
    compare_maps,
    resolve_maps,
    resolve_role,
)
from roles.models import RoleMap
from tests.factories import (
    AssignmentFactory,
    QuoteFactory,
    ResponsibilityFactory,
    RoleFactory,
    RoleMapFactory,
)
from tests.snapshot import load_reference

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_maps():
    base = RoleMapFactory()
    variant = RoleMapFactory(slug="variant", name="Variant", based_on=base)
    pm, po = RoleFactory(name="Product manager"), RoleFactory(name="Product owner")
    same, gained, lost, leveled, based, silent_n = ResponsibilityFactory.create_batch(6)
    q = QuoteFactory()
    for m in (base, variant):
        AssignmentFactory(role_map=m, role=pm, responsibility=same, level=Level.RESPONSIBLE)
    AssignmentFactory(role_map=variant, role=po, responsibility=gained, quotes=[q, QuoteFactory()])
    AssignmentFactory(role_map=base, role=pm, responsibility=lost, quotes=[q])
    AssignmentFactory(role_map=base, role=po, responsibility=leveled, level=Level.CONSULTED)
    AssignmentFactory(role_map=variant, role=po, responsibility=leveled, level=Level.RESPONSIBLE)
    AssignmentFactory(role_map=base, role=po, responsibility=based, basis=Basis.STATED)
    AssignmentFactory(role_map=variant, role=po, responsibility=based, basis=Basis.INFERRED)
    # A stated "no part" in the variant where the base is silent: added, not "no part".
    AssignmentFactory(role_map=variant, role=pm, responsibility=silent_n, level=Level.NO_PART)
    return base, variant, pm, po, locals()


def test_each_kind_of_change_is_found_and_identical_parts_are_left_out(two_maps):
    base, variant, pm, po, r = two_maps
    result = compare_maps(base, variant)
    kinds = {(c.role.pk, c.responsibility.pk): c.kind for c in result.rows}
    assert kinds == {
        (po.pk, r["gained"].pk): ADDED,
        (pm.pk, r["lost"].pk): REMOVED,
        (po.pk, r["leveled"].pk): LEVEL_CHANGED,
        (po.pk, r["based"].pk): BASIS_CHANGED,
        (pm.pk, r["silent_n"].pk): ADDED,
    }
    assert result.counts == {ADDED: 2, REMOVED: 1, LEVEL_CHANGED: 1, BASIS_CHANGED: 1}
    by_role = {x.slug: x.counts for x in result.by_role}
    assert by_role[po.slug] == {ADDED: 1, REMOVED: 0, LEVEL_CHANGED: 1, BASIS_CHANGED: 1}
    assert by_role[pm.slug] == {ADDED: 1, REMOVED: 1, LEVEL_CHANGED: 0, BASIS_CHANGED: 0}


def test_silence_against_a_stated_no_part_keeps_the_silent_side_empty(two_maps):
    base, variant, pm, _po, r = two_maps
    row = next(c for c in compare_maps(base, variant).rows if c.responsibility == r["silent_n"])
    assert row.a is None and row.b.level == Level.NO_PART
    # Read the other way round, the same pair is removed, and the base side is the N.
    back = next(c for c in compare_maps(variant, base).rows if c.responsibility == r["silent_n"])
    assert back.kind == REMOVED and back.a.level == Level.NO_PART and back.b is None


def test_rows_carry_both_sides_with_their_quote_counts(two_maps):
    base, variant, _pm, _po, r = two_maps
    rows = {c.responsibility.pk: c for c in compare_maps(base, variant).rows}
    assert rows[r["gained"].pk].b.quote_count == 2 and rows[r["gained"].pk].a is None
    assert rows[r["lost"].pk].a.quote_count == 1 and rows[r["lost"].pk].b is None
    leveled = rows[r["leveled"].pk]
    assert (leveled.a.level, leveled.b.level) == (Level.CONSULTED, Level.RESPONSIBLE)


def test_one_role_only(two_maps):
    base, variant, pm, _po, _r = two_maps
    result = compare_maps(base, variant, role=pm)
    assert {c.role.pk for c in result.rows} == {pm.pk}
    assert result.counts == {ADDED: 1, REMOVED: 1, LEVEL_CHANGED: 0, BASIS_CHANGED: 0}


def test_pages_are_bounded_and_counts_cover_every_page(two_maps):
    base, variant, *_ = two_maps
    first = compare_maps(base, variant, page_size=2)
    last = compare_maps(base, variant, page=3, page_size=2)
    assert (len(first.rows), len(last.rows), first.num_pages) == (2, 1, 3)
    assert first.total == last.total == 5
    seen = [
        c.responsibility.pk
        for p in (1, 2, 3)
        for c in compare_maps(base, variant, page=p, page_size=2).rows
    ]
    assert len(set(seen)) == 5
    with pytest.raises(InputError) as exc:
        compare_maps(base, variant, page=4, page_size=2)
    assert exc.value.field == "page"


def test_query_count_does_not_grow_with_the_data(two_maps):
    base, variant, *_ = two_maps

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            compare_maps(base, variant)
        return len(ctx.captured_queries)

    before = queries()
    for _ in range(5):
        AssignmentFactory(role_map=variant, role=RoleFactory(), quotes=[QuoteFactory()])
    # counts of b's changes, counts of a's removals, the page's keys, the page's rows.
    assert before == queries() == 4


def test_identical_maps_say_so_in_words_and_need_no_row_query():
    base = RoleMapFactory()
    other = RoleMapFactory(slug="other", name="Other", based_on=base)
    result = compare_maps(base, other)
    assert result.rows == [] and result.total == 0
    assert "assign the same parts" in result.in_words[0]


def test_inputs_are_checked_with_a_sentence(two_maps):
    base, variant, *_ = two_maps
    maps = list(RoleMap.objects.all())
    assert resolve_maps(None, "variant", maps) == (base, variant)  # its based_on
    for a, b, fld in [
        ("nope", "variant", "a"),
        (None, "nope", "b"),
        (None, None, "b"),
        ("variant", "variant", "b"),
    ]:
        with pytest.raises(InputError) as exc:
            resolve_maps(a, b, maps)
        assert exc.value.field == fld and exc.value.message
    with pytest.raises(InputError):
        resolve_role("nobody")
    for raw in ("0", "x", "-1", "²", "9" * 5000):
        with pytest.raises(InputError):
            parse_page(raw)
    assert parse_page(None) == 1


def test_reference_data_no_product_manager_map_shows_the_product_owner_gaining_parts():
    load_reference()
    a, b = resolve_maps(None, "no-product-manager", list(RoleMap.objects.all()))
    assert a.slug == "reference"
    result = compare_maps(a, b)
    po = next(r for r in result.by_role if r.slug == "product-owner")
    assert po.counts[ADDED] > 0
    assert any("the product owner gains" in s for s in result.in_words)
    # The product manager's parts are all gone in a map without one.
    pm = next(r for r in result.by_role if r.slug == "product-manager")
    assert pm.counts[REMOVED] > 0 and pm.counts[ADDED] == 0
    only_po = compare_maps(a, b, role=po_role())
    assert {c.role.slug for c in only_po.rows} == {"product-owner"}


def po_role():
    return resolve_role("product-owner")
