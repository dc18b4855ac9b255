"""The finder computation: scores, reasons, bounded "also holds", fixed queries."""

import pytest

from responsibilities.models import Level
from roles.finder import (
    ALSO_HOLDS_SHOWN,
    MAX_TICKED,
    compare_candidates,
    find_roles,
    finder_choices,
)
from roles.inputs import InputError
from roles.models import RoleMap
from tests.factories import AssignmentFactory, QuoteFactory, ResponsibilityFactory
from tests.world_scale import grow

pytestmark = pytest.mark.django_db


def test_scores_and_reasons(sample):
    results = find_roles(["product-backlog", "customer-research"])
    by_slug = {r.role.slug: r for r in results}
    assert [r.role.slug for r in results][:2] == ["product-owner", "product-manager"]
    assert by_slug["product-owner"].score == 1.0
    assert by_slug["product-manager"].score == 0.75
    # The match a reader sees: the share of the ticked work with a part, C included.
    assert (by_slug["product-owner"].percent, by_slug["product-manager"].percent) == (100, 100)
    assert (by_slug["product-manager"].part_count, by_slug["product-manager"].ticked_count) == (
        2,
        2,
    )
    assert by_slug["project-manager"].percent == 0
    assert [a.level for a in by_slug["product-owner"].matched] == [Level.ACCOUNTABLE, "R"]
    # by name: "Order the product backlog", "Understand customer needs"
    assert [r.slug for r in by_slug["project-manager"].not_done] == [
        "product-backlog",
        "customer-research",
    ]
    assert [r.slug for r in by_slug["product-manager"].also_holds] == ["product-vision"]
    assert by_slug["product-manager"].also_holds_count == 1
    assert compare_candidates(results) == ["product-owner", "product-manager"]


def test_a_stated_no_part_weighs_nothing_and_is_not_silence(sample):
    AssignmentFactory(
        role=sample.roles["prj"],
        responsibility=sample.responsibilities["product-backlog"],
        level=Level.NO_PART,
        quotes=[QuoteFactory()],
    )
    prj = next(r for r in find_roles(["product-backlog"]) if r.role.slug == "project-manager")
    assert prj.score == 0 and prj.share == 0 and prj.part_count == 0
    assert [(a.responsibility.slug, a.level) for a in prj.matched] == [("product-backlog", "N")]
    # "Not done" lists only what the sources say nothing about.
    assert prj.not_done == []


def test_also_holds_is_bounded_with_a_count(sample):
    pm = sample.roles["pm"]
    for i in range(ALSO_HOLDS_SHOWN + 5):
        duty = ResponsibilityFactory(slug=f"extra-{i:02d}", name=f"Extra work {i:02d}")
        AssignmentFactory(role=pm, responsibility=duty, level=Level.RESPONSIBLE)
    result = next(r for r in find_roles(["product-backlog"]) if r.role.slug == "product-manager")
    assert len(result.also_holds) == ALSO_HOLDS_SHOWN
    assert result.also_holds_count == ALSO_HOLDS_SHOWN + 5 + 2  # + vision (A), research (R)
    names = [r.name for r in result.also_holds]
    assert names == sorted(names)


def test_too_many_ticks_are_refused(sample):
    with pytest.raises(InputError, match=f"at most {MAX_TICKED}"):
        find_roles([f"r{i}" for i in range(MAX_TICKED + 1)])


def test_costs_four_queries_whatever_the_size(sample, django_assert_num_queries):
    role_map = RoleMap.objects.resolve()
    ticked = ["product-vision", "product-backlog"]
    # ticked responsibilities (+area); parts in them; also-holding (window); roles
    with django_assert_num_queries(4):
        small = find_roles(ticked, role_map=role_map)
    grow(sample, factor=5)
    with django_assert_num_queries(4):
        large = find_roles(ticked, role_map=role_map)
    assert [r.role.slug for r in small] == [r.role.slug for r in large]


def test_choices_cost_two_queries(sample, django_assert_num_queries):
    # areas; the area's responsibilities (+area)
    with django_assert_num_queries(2):
        choices = finder_choices(area_slug="delivery", search_words=None, ticked=[])
    assert [r.slug for r in choices.offered] == [
        "product-backlog",
        "project-schedule",
        "status-reports",
    ]
    # areas; the matching responsibilities (+area)
    with django_assert_num_queries(2):
        choices = finder_choices(area_slug=None, search_words="customer", ticked=[])
    assert [r.slug for r in choices.offered] == ["customer-research"]


def test_equal_shares_rank_by_the_strength_of_the_parts(sample):
    """The vision: PM A, PO C. Both have a part (100%); the PM's is stronger, so it leads.
    A larger share always leads a smaller one, whatever the levels."""
    vision_only = find_roles(["product-vision"])
    assert [(r.role.slug, r.percent, r.score) for r in vision_only][:2] == [
        ("product-manager", 100, 1.0),
        ("product-owner", 100, 0.5),
    ]
    # The vision and the project schedule (PrM A): the PM and the PrM are each Accountable
    # for one, the PO consulted on one; all read 50%, the consulted PO comes last.
    mixed = find_roles(["product-vision", "project-schedule"])
    assert [(r.role.slug, r.percent) for r in mixed][:3] == [
        ("product-manager", 50),
        ("project-manager", 50),
        ("product-owner", 50),
    ]
    shares = [r.share for r in mixed]
    assert shares == sorted(shares, reverse=True)
