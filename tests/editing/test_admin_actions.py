"""Admin actions and pages: duplicate a role, copy a map, export, import, view on site."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from responsibilities.models import Assignment, Level
from roles.models import Role, RoleMap
from roles.services import copy_role_map, duplicate_role
from tests.editing.interchange_helpers import export_text, snapshot
from tests.factories import AssignmentFactory, QuoteFactory, RoleFactory, small_role_map

pytestmark = pytest.mark.django_db


def test_duplicate_role_copies_assignments_and_demotes_accountable(reference_map, staff_editor):
    role = RoleFactory(name="Product Owner")
    AssignmentFactory(role=role, level=Level.ACCOUNTABLE, quotes=[QuoteFactory()])
    AssignmentFactory(role=role, level=Level.INFORMED, note="FYI")
    copy = duplicate_role(role=role, user=staff_editor)
    assert copy.name == "Copy of Product Owner" and copy.slug == "copy-of-product-owner"
    levels = sorted(copy.assignments.values_list("level", flat=True))
    assert levels == ["I", "R"]
    assert copy.history.first().history_user == staff_editor
    assert duplicate_role(role=role).name == "Copy of Product Owner (2)"


def test_duplicate_action_from_the_list(staff_editor_client, reference_map):
    role = RoleFactory()
    AssignmentFactory(role=role, level="R", quotes=[QuoteFactory()])
    response = staff_editor_client.post(
        reverse("admin:roles_role_changelist"),
        {"action": "duplicate_roles", "_selected_action": [role.pk]},
        follow=True,
    )
    assert "Accountable parts were copied as Responsible" in response.content.decode()
    assert Role.objects.count() == 2 and Assignment.objects.count() == 2


def test_copy_role_map_copies_every_assignment(reference_map, staff_editor):
    small_role_map(reference_map)
    team = copy_role_map(source=reference_map, name="Team A", user=staff_editor)
    assert team.based_on == reference_map
    original = json.loads(export_text())
    copied = json.loads(export_text(map_slug=team.slug))
    assert copied["assignments"] == original["assignments"]
    assert team.history.first().history_change_reason == "Copied from Map reference"


def test_export_actions_download_importable_json(staff_editor_client, reference_map):
    small_role_map(reference_map)
    response = staff_editor_client.post(
        reverse("admin:roles_rolemap_changelist"),
        {"action": "export_map", "_selected_action": [reference_map.pk]},
    )
    assert response["Content-Disposition"] == 'attachment; filename="pmroles-reference.json"'
    downloaded, exported = json.loads(response.content), json.loads(export_text())
    # The same document exported a moment apart: only when it was exported may differ (a
    # second can pass between the two on a slow machine).
    assert downloaded.pop("exported_at") <= exported.pop("exported_at")
    assert downloaded == exported
    role = Role.objects.get(slug="product-owner")
    response = staff_editor_client.post(
        reverse("admin:roles_role_changelist"),
        {"action": "export_selected", "_selected_action": [role.pk]},
    )
    document = json.loads(response.content)
    assert [r["slug"] for r in document["roles"]] == ["product-owner"]


def test_import_page_dry_run_then_apply_and_refusal(staff_editor_client, reference_map):
    small_role_map(reference_map)
    document = json.loads(export_text())
    document["roles"][0]["summary"] = "Imported summary."
    url = reverse("admin:roles_rolemap_import")

    def upload(doc, dry_run):
        data = {"file": SimpleUploadedFile("map.json", json.dumps(doc).encode())}
        if dry_run:
            data["dry_run"] = "on"
        return staff_editor_client.post(url, data).content.decode()

    before = snapshot()
    assert "would change roles" in upload(document, dry_run=True)
    assert snapshot() == before
    document["assignments"][0]["level"] = "Q"
    html = upload(document, dry_run=False)
    assert "unknown level" in html and "Nothing was changed" in html
    assert snapshot() == before
    document["assignments"][0]["level"] = "C"
    assert "Imported." in upload(document, dry_run=False)
    assert Role.objects.get(slug="product-manager").summary == "Imported summary."


def test_import_page_needs_edit_rights(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="viewer", is_staff=True))
    assert client.get(reverse("admin:roles_rolemap_import")).status_code == 403


def test_view_on_site_links_to_the_public_role_page(staff_editor_client, reference_map):
    role = RoleFactory(slug="product-owner")
    response = staff_editor_client.get(reverse("admin:roles_role_change", args=[role.pk]))
    assert response.context["absolute_url"] == "/roles/product-owner/"
    assert RoleMap.objects.count() == 1
