"""Small additions to roles.comparison used by the pages: who_does and AreaGroup.all_same."""

import pytest

from responsibilities.models import Level, Responsibility
from roles.comparison import compare_slugs
from roles.matrix import who_does
from tests.factories import AreaFactory, AssignmentFactory, ResponsibilityFactory

pytestmark = pytest.mark.django_db


def test_who_does_lists_every_role_strongest_part_first(sample):
    responsibility, cells = who_does("status-reports")
    assert responsibility.name == "Read the status reports"
    assert [(c.role.slug, c.level) for c in cells] == [
        ("project-manager", "R"),
        ("product-manager", "I"),
        ("product-owner", "I"),
        ("product-marketing-manager", None),
    ]


def test_who_does_raises_for_an_unknown_slug(reference_map):
    with pytest.raises(Responsibility.DoesNotExist):
        who_does("nothing")


def test_area_group_all_same_only_when_every_row_is_the_same(sample):
    groups = {g.area.slug: g for g in compare_slugs("product-manager,product-owner").groups}
    assert not groups["strategy"].all_same
    groups = {g.area.slug: g for g in compare_slugs("project-manager,product-owner").groups}
    # Delivery: backlog (PO A, PrM none), schedule (PrM A), reports (R vs I): all differ.
    assert not groups["delivery"].all_same
    groups = {g.area.slug: g for g in compare_slugs("product-manager,product-owner").groups}
    assert [row.same for row in groups["delivery"].rows] == [False, True]


def test_area_group_all_same_when_every_role_has_the_same_part(sample):
    area = AreaFactory(slug="meetings", order=9)
    for name in ("Attend the review", "Attend the planning"):
        duty = ResponsibilityFactory(name=name, area=area)
        for key in ("pm", "po"):
            AssignmentFactory(role=sample.roles[key], responsibility=duty, level=Level.INFORMED)
    groups = {g.area.slug: g for g in compare_slugs("product-manager,product-owner").groups}
    assert groups["meetings"].all_same
    html_groups = compare_slugs("product-manager,product-owner").groups
    assert [g.area.slug for g in html_groups][-1] == "meetings"
