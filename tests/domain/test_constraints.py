"""The model invariants: held by the database and explained by clean()."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from responsibilities.models import Assignment, Level, Quote
from tests.factories import (
    AssignmentFactory,
    ResponsibilityFactory,
    RoleFactory,
    RoleMapFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def test_second_accountable_is_refused_by_the_database(reference_map):
    responsibility = ResponsibilityFactory()
    AssignmentFactory(responsibility=responsibility, level=Level.ACCOUNTABLE)
    with pytest.raises(IntegrityError), transaction.atomic():
        AssignmentFactory(responsibility=responsibility, level=Level.ACCOUNTABLE)
    assert Assignment.objects.filter(level=Level.ACCOUNTABLE).count() == 1


def test_second_accountable_gets_a_readable_message_from_clean(reference_map):
    responsibility = ResponsibilityFactory(name="Manage the backlog")
    owner = RoleFactory(name="Product Owner")
    AssignmentFactory(responsibility=responsibility, role=owner, level=Level.ACCOUNTABLE)
    second = Assignment(
        role_map=reference_map, role=RoleFactory(), responsibility=responsibility, level="A"
    )
    with pytest.raises(ValidationError) as excinfo:
        second.full_clean()
    message = " ".join(excinfo.value.message_dict["level"])
    assert "Product Owner is already Accountable" in message
    assert "Manage the backlog" in message


def test_accountable_may_repeat_across_maps():
    responsibility = ResponsibilityFactory()
    AssignmentFactory(responsibility=responsibility, level="A")
    team_map = RoleMapFactory(slug="team-map")
    AssignmentFactory(responsibility=responsibility, level="A", role_map=team_map)
    assert Assignment.objects.filter(level="A").count() == 2


def test_several_responsible_roles_are_allowed(reference_map):
    responsibility = ResponsibilityFactory()
    AssignmentFactory(responsibility=responsibility, level="A")
    AssignmentFactory(responsibility=responsibility, level="R")
    AssignmentFactory(responsibility=responsibility, level="R")
    assert responsibility.assignments.count() == 3


def test_duplicate_assignment_is_refused(reference_map):
    existing = AssignmentFactory(level="R")
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            role_map=existing.role_map,
            role=existing.role,
            responsibility=existing.responsibility,
            level="C",
        )
    duplicate = Assignment(
        role_map=existing.role_map,
        role=existing.role,
        responsibility=existing.responsibility,
        level="C",
    )
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "already has a part" in str(excinfo.value)


def test_level_outside_raci_is_refused(reference_map):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            role_map=reference_map,
            role=RoleFactory(),
            responsibility=ResponsibilityFactory(),
            level="X",
        )


def test_empty_quote_is_refused():
    source = SourceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.create(key="empty", source=source, text="")
    with pytest.raises(ValidationError) as excinfo:
        Quote(key="blank", source=source, text="   ").full_clean()
    assert "verbatim text" in str(excinfo.value)
