"""Deleting role maps in the admin: the default map is refused, others are confirmed first."""

import pytest
from django.urls import reverse

from responsibilities.models import Assignment, Level
from roles.models import RoleMap
from tests.factories import AssignmentFactory, RoleMapFactory

pytestmark = pytest.mark.django_db


def test_the_default_maps_delete_page_refuses(staff_editor_client, reference_map):
    AssignmentFactory(role_map=reference_map, level=Level.INFORMED)
    url = reverse("admin:roles_rolemap_delete", args=[reference_map.pk])
    for response in (
        staff_editor_client.get(url, follow=True),
        staff_editor_client.post(url, {"post": "yes"}, follow=True),
    ):
        assert "is the default map" in response.content.decode()
    assert RoleMap.objects.filter(pk=reference_map.pk).exists()
    assert Assignment.objects.count() == 1


def test_the_delete_action_refuses_a_selection_with_the_default_map(
    staff_editor_client, reference_map
):
    other = RoleMapFactory(slug="company")
    changelist = reverse("admin:roles_rolemap_changelist")
    data = {
        "action": "delete_selected",
        "_selected_action": [reference_map.pk, other.pk],
        "post": "yes",
    }
    response = staff_editor_client.post(changelist, data, follow=True)
    assert "is the default map" in response.content.decode()
    assert RoleMap.objects.count() == 2


def test_another_map_lists_its_assignments_then_goes_into_history(
    staff_editor_client, staff_editor, reference_map
):
    other = RoleMapFactory(slug="company", name="Company map")
    assignment = AssignmentFactory(role_map=other, level=Level.INFORMED)
    url = reverse("admin:roles_rolemap_delete", args=[other.pk])
    confirmation = staff_editor_client.get(url)
    assert confirmation.status_code == 200
    html = confirmation.content.decode()
    assert "Are you sure" in html and "Assignment" in html and str(assignment) in html
    staff_editor_client.post(url, {"post": "yes"})
    assert not RoleMap.objects.filter(pk=other.pk).exists()
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    record = Assignment.history.filter(id=assignment.pk, history_type="-").get()
    assert record.history_user == staff_editor
    assert record.history_change_reason == "Deleted Company map in the admin"


def test_the_delete_action_deletes_other_maps_after_confirmation(
    staff_editor_client, reference_map
):
    other = RoleMapFactory(slug="company")
    AssignmentFactory(role_map=other, level=Level.INFORMED)
    changelist = reverse("admin:roles_rolemap_changelist")
    data = {"action": "delete_selected", "_selected_action": [other.pk]}
    confirmation = staff_editor_client.post(changelist, data)
    assert "Are you sure" in confirmation.content.decode()
    staff_editor_client.post(changelist, {**data, "post": "yes"})
    assert not RoleMap.objects.filter(slug="company").exists()
    assert RoleMap.history.filter(slug="company", history_type="-").exists()
