"""Team maps in the model: kinds, own roles and responsibilities, slugs unique among what a
map sees (without regard to case), the team's own decisions (basis agreed), review dates."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from responsibilities import rules
from responsibilities.models import Assignment, Basis, Level, MapKind, Responsibility
from roles.models import Role, RoleMap
from tests.factories import (
    AgreedAssignmentFactory,
    AssignmentFactory,
    ResponsibilityFactory,
    RoleFactory,
    RoleMapFactory,
    TeamMapFactory,
)

pytestmark = pytest.mark.django_db


def test_maps_are_reference_and_published_unless_told(sample):
    role_map = RoleMap.objects.get()
    assert (role_map.kind, role_map.status) == ("reference", "published")
    assert not role_map.is_team


def test_a_map_sees_the_shared_catalogue_and_its_own_entries_only(team_maps):
    """GIVEN two team maps, each with an own role and responsibility
    WHEN each map asks what it can see
    THEN it sees the four shared roles and its own, never the other map's
    """
    reference = RoleMap.objects.get(slug="reference")
    shared = {"product-manager", "product-owner", "project-manager", "product-marketing-manager"}
    assert set(Role.objects.visible_in(reference).values_list("slug", flat=True)) == shared
    assert set(Role.objects.visible_in(team_maps.acme).values_list("slug", flat=True)) == (
        shared | {"scrum-master"}
    )
    globex_works = set(
        Responsibility.objects.visible_in(team_maps.globex).values_list("slug", flat=True)
    )
    assert "grow-engineers" in globex_works and "run-ceremonies" not in globex_works


@pytest.mark.parametrize("model", ["role", "responsibility"])
def test_shared_slugs_are_unique_without_regard_to_case_in_the_database(sample, model):
    make = RoleFactory if model == "role" else ResponsibilityFactory
    with transaction.atomic(), pytest.raises(IntegrityError):
        make(slug="Product-Manager" if model == "role" else "Product-Vision")


def test_map_slugs_are_unique_without_regard_to_case(sample):
    with transaction.atomic(), pytest.raises(IntegrityError):
        RoleMap.objects.create(name="Another", slug="Reference")


def test_two_maps_may_each_have_an_own_role_with_one_slug_but_not_one_map_twice(team_maps):
    RoleFactory(map=team_maps.globex, slug="scrum-master", name="Scrum Master")
    with transaction.atomic(), pytest.raises(IntegrityError):
        RoleFactory(map=team_maps.acme, slug="SCRUM-master", name="Another scrum master")


def test_an_own_slug_may_not_repeat_a_shared_one_and_says_so(team_maps):
    role = Role(
        map=team_maps.acme, slug="Product-Manager", name="Our PM", abbreviation="PM", summary="s"
    )
    with pytest.raises(ValidationError) as refused:
        role.full_clean()
    assert "already used by the role “Product Manager” in the shared catalogue" in str(
        refused.value.message_dict["slug"]
    )


def test_a_shared_slug_may_not_repeat_a_maps_own_one(team_maps):
    work = Responsibility(slug="run-ceremonies", name="Ceremonies", area=team_maps.acme_work.area)
    with pytest.raises(ValidationError) as refused:
        work.full_clean()
    assert "in this map" in str(refused.value.message_dict["slug"])


def test_own_entries_are_found_by_their_natural_key_with_the_map(team_maps):
    assert team_maps.acme_role.natural_key() == ("scrum-master", "acme")
    assert Role.objects.get_by_natural_key("scrum-master", "acme") == team_maps.acme_role
    assert Role.objects.get_by_natural_key("product-manager").map is None
    part = Assignment.objects.get(role=team_maps.acme_role)
    assert Assignment.objects.get_by_natural_key(*part.natural_key()) == part


def test_agreed_is_refused_in_a_reference_map_with_the_reason(sample):
    part = Assignment.objects.filter(role_map__slug="reference").first()
    part.basis, part.rationale = Basis.AGREED, "We decided."
    with pytest.raises(ValidationError) as refused:
        part.full_clean()
    assert refused.value.message_dict["basis"] == [rules.AGREED_IN_REFERENCE_MESSAGE]


def test_agreed_needs_a_rationale_in_the_rule_book_and_the_database(team_maps):
    part = Assignment.objects.get(role=team_maps.acme_role)
    part.rationale = ""
    with pytest.raises(ValidationError) as refused:
        part.full_clean()
    assert refused.value.message_dict["rationale"] == [rules.AGREED_NEEDS_RATIONALE_MESSAGE]
    with transaction.atomic(), pytest.raises(IntegrityError):
        part.save()


def test_agreed_needs_no_quote_even_at_accountable_and_is_decided_today_by_default(team_maps):
    part = AgreedAssignmentFactory(
        role_map=team_maps.acme,
        role=team_maps.acme_role,
        responsibility=ResponsibilityFactory(),
        level=Level.ACCOUNTABLE,
    )
    assert part.decided_on == datetime.date.today()
    assert part.quotes.count() == 0
    assert (
        rules.assignment_evidence_problems(
            level=Level.ACCOUNTABLE, basis=Basis.AGREED, quote_count=0, quote_texts=[]
        )
        == []
    )
    # The same part read as a source's words still needs its quote.
    assert rules.assignment_evidence_problems(
        level=Level.ACCOUNTABLE, basis=Basis.STATED, quote_count=0
    )
    part.full_clean()


def test_one_accountable_holds_in_a_team_map(team_maps, sample):
    work = team_maps.acme_work
    AgreedAssignmentFactory(
        role_map=team_maps.acme,
        role=team_maps.acme_role,
        responsibility=ResponsibilityFactory(),
    )
    Assignment.objects.filter(role=team_maps.acme_role, responsibility=work).update(level="A")
    second = Assignment(
        role_map=team_maps.acme,
        role=sample.roles["po"],
        responsibility=work,
        level=Level.ACCOUNTABLE,
        basis=Basis.AGREED,
        rationale="We decided.",
    )
    with pytest.raises(ValidationError) as refused:
        second.full_clean()
    assert "already Accountable" in str(refused.value.message_dict["level"])


def test_a_part_may_not_use_another_maps_own_role(team_maps):
    part = Assignment(
        role_map=team_maps.acme,
        role=team_maps.globex_role,
        responsibility=team_maps.acme_work,
        level=Level.CONSULTED,
        basis=Basis.AGREED,
        rationale="r",
    )
    with pytest.raises(ValidationError) as refused:
        part.full_clean()
    assert "belongs to another map" in str(refused.value.message_dict["role"])


def test_deleting_a_map_deletes_its_own_entries_and_leaves_the_shared_ones(team_maps):
    team_maps.acme.delete()
    assert not Role.objects.filter(slug="scrum-master").exists()
    assert not Responsibility.objects.filter(slug="run-ceremonies").exists()
    assert Role.objects.filter(slug="eng-manager").exists()
    assert Role.objects.filter(map__isnull=True).count() == 4


def test_review_is_due_after_the_schedule_and_not_before():
    role_map = TeamMapFactory(last_reviewed=datetime.date(2026, 1, 1), review_every_days=90)
    assert role_map.review_due_on == datetime.date(2026, 4, 1)
    assert not role_map.review_due(today=datetime.date(2026, 3, 31))
    assert role_map.review_due(today=datetime.date(2026, 4, 1))
    assert not RoleMapFactory(slug="unscheduled").review_due()
    with transaction.atomic(), pytest.raises(IntegrityError):
        TeamMapFactory(review_every_days=0)


def test_a_reference_map_part_keeps_needing_its_quote(sample):
    part = AssignmentFactory(role_map=RoleMap.objects.get(slug="reference"))
    assert part.role_map.kind == MapKind.REFERENCE
    assert rules.evidence_problem(level=part.level, quote_count=0, basis=part.basis)
