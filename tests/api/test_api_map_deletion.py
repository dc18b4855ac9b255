"""DELETE /api/v1/maps/<slug>/: the default map is a 409; assignments go only when confirmed."""

import pytest

from responsibilities.models import Assignment, Level
from roles.models import RoleMap
from tests.factories import AssignmentFactory, RoleMapFactory

pytestmark = pytest.mark.django_db


def test_deleting_the_default_map_is_a_409_and_keeps_everything(editor_client, reference_map):
    AssignmentFactory(role_map=reference_map, level=Level.INFORMED)
    for url in ("/api/v1/maps/reference/", "/api/v1/maps/reference/?confirm=delete-assignments"):
        response = editor_client.delete(url)
        assert response.status_code == 409
        assert "default map" in response.json()["detail"]
    assert RoleMap.objects.filter(slug="reference").exists()
    assert Assignment.objects.count() == 1


def test_a_map_with_assignments_needs_the_confirm_parameter(editor_client, reference_map):
    other = RoleMapFactory(slug="company")
    AssignmentFactory(role_map=other, level=Level.INFORMED)
    response = editor_client.delete("/api/v1/maps/company/?confirm=yes")
    assert response.status_code == 409
    assert "?confirm=delete-assignments" in response.json()["detail"]
    assert Assignment.objects.filter(role_map=other).count() == 1


def test_confirmed_deletion_goes_into_history_with_user_and_reason(
    editor_client, editor, reference_map
):
    other = RoleMapFactory(slug="company")
    assignment = AssignmentFactory(role_map=other, level=Level.INFORMED)
    response = editor_client.delete(
        "/api/v1/maps/company/?confirm=delete-assignments", HTTP_X_CHANGE_REASON="Merged"
    )
    assert response.status_code == 204
    assert not RoleMap.objects.filter(slug="company").exists()
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    for history in (
        RoleMap.history.filter(slug="company", history_type="-"),
        Assignment.history.filter(id=assignment.pk, history_type="-"),
    ):
        record = history.get()
        assert (record.history_user, record.history_change_reason) == (editor, "Merged")


def test_an_empty_map_is_deleted_without_confirmation(editor_client, reference_map):
    RoleMapFactory(slug="empty")
    assert editor_client.delete("/api/v1/maps/empty/").status_code == 204
    assert not RoleMap.objects.filter(slug="empty").exists()
