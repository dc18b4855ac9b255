"""The rule for deleting a role map: never the default map; its assignments only on purpose."""

import pytest

from responsibilities.models import Assignment, Level
from roles.models import RoleMap
from roles.services import MapDeletionRefused, delete_role_map, map_deletion_problem
from tests.factories import AssignmentFactory, RoleMapFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_default_map_is_never_deleted(reference_map):
    AssignmentFactory(role_map=reference_map, level=Level.INFORMED)
    for confirmed in (False, True):
        with pytest.raises(MapDeletionRefused, match="default map") as refused:
            delete_role_map(role_map=reference_map, confirmed=confirmed)
        assert not refused.value.needs_confirmation
    assert RoleMap.objects.filter(pk=reference_map.pk).exists()
    assert Assignment.objects.count() == 1


def test_an_empty_map_goes_without_confirmation(reference_map):
    other = RoleMapFactory(slug="empty")
    assert map_deletion_problem(role_map=other, confirmed=False) is None
    assert delete_role_map(role_map=other) == 0
    assert not RoleMap.objects.filter(slug="empty").exists()


def test_a_map_with_assignments_needs_confirmation(reference_map):
    other = RoleMapFactory(slug="company")
    AssignmentFactory(role_map=other, level=Level.INFORMED)
    AssignmentFactory(role_map=other, level=Level.CONSULTED)
    with pytest.raises(MapDeletionRefused, match="2 assignments") as refused:
        delete_role_map(role_map=other)
    assert refused.value.needs_confirmation
    assert Assignment.objects.filter(role_map=other).count() == 2


def test_a_confirmed_deletion_is_recorded_with_author_and_reason(reference_map):
    editor = UserFactory(username="ana")
    other = RoleMapFactory(slug="company")
    assignment = AssignmentFactory(role_map=other, level=Level.INFORMED)
    assert delete_role_map(role_map=other, confirmed=True, user=editor, reason="Merged") == 1
    gone_map = RoleMap.history.filter(slug="company", history_type="-").get()
    gone_assignment = Assignment.history.filter(id=assignment.pk, history_type="-").get()
    for record in (gone_map, gone_assignment):
        assert (record.history_user, record.history_change_reason) == (editor, "Merged")


def test_a_deletion_without_reason_says_what_went(reference_map):
    other = RoleMapFactory(slug="company")
    AssignmentFactory(role_map=other, level=Level.INFORMED)
    delete_role_map(role_map=other, confirmed=True)
    record = RoleMap.history.filter(slug="company", history_type="-").get()
    assert record.history_change_reason == "Deleted map company with 1 assignments"
