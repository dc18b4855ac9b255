"""The map's one-button actions in the admin: start a team map from it, publish it."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from responsibilities.models import Assignment
from roles.access import EDIT_MAP
from roles.models import RoleMap
from tests.factories import RoleMapFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_editor(sample):
    """An editor of a published team map `other` (and of nothing else)."""
    other = RoleMapFactory(slug="other", name="Other team", kind="team", status="published")
    user = UserFactory(username="team-editor", is_staff=True)
    other.editors.add(user)
    return user


def test_a_team_editor_starts_a_draft_team_map_from_the_reference(client, sample, team_editor):
    """GIVEN a team map's editor on the reference map's admin page
    WHEN they press "Start a team map from this one"
    THEN a draft team map with every part of the reference exists, they are its editor, and
    they land on its grid; the reference map is unchanged."""
    reference = RoleMap.objects.get(slug="reference")
    client.force_login(team_editor)
    page = client.get(reverse("admin:roles_rolemap_change", args=[reference.pk]))
    assert "Start a team map from this one" in page.content.decode()
    parts = sorted(
        Assignment.objects.filter(role_map=reference).values_list(
            "role_id", "responsibility_id", "level", "basis", "rationale"
        )
    )

    response = client.post(
        reverse("admin:roles_rolemap_start_team_map", args=[reference.pk]),
        {"name": "Acme product org"},
    )

    new_map = RoleMap.objects.get(name="Acme product org")
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("admin:roles_rolemap_grid", args=[new_map.pk]) + "?area=all"
    )
    assert (new_map.kind, new_map.status, new_map.based_on) == ("team", "draft", reference)
    assert list(new_map.editors.all()) == [team_editor]
    team_editor = type(team_editor).objects.get(pk=team_editor.pk)
    assert team_editor.has_perm(EDIT_MAP, new_map)
    assert (
        sorted(
            Assignment.objects.filter(role_map=new_map).values_list(
                "role_id", "responsibility_id", "level", "basis", "rationale"
            )
        )
        == parts
    )
    assert (
        sorted(
            Assignment.objects.filter(role_map=reference).values_list(
                "role_id", "responsibility_id", "level", "basis", "rationale"
            )
        )
        == parts
    )


def test_starting_a_team_map_needs_to_be_an_editor_and_a_post(client, sample):
    reference = RoleMap.objects.get(slug="reference")
    reader = UserFactory(username="reader", is_staff=True)
    reader.groups.add(Group.objects.get(name="Readers"))
    url = reverse("admin:roles_rolemap_start_team_map", args=[reference.pk])
    client.force_login(reader)

    assert client.post(url, {"name": "Sneaky"}).status_code == 403
    assert client.get(url).status_code == 405
    assert not RoleMap.objects.filter(name="Sneaky").exists()


def test_the_map_editor_publishes_from_the_grid(client, sample, team_editor):
    acme = RoleMapFactory(
        slug="acme",
        name="Acme",
        kind="team",
        status="draft",
        based_on=RoleMap.objects.get(slug="reference"),
    )
    acme.editors.add(team_editor)
    client.force_login(team_editor)
    grid = reverse("admin:roles_rolemap_grid", args=[acme.pk]) + "?area=all"
    html = client.get(grid).content.decode()
    assert 'id="publish-map"' in html
    assert 'href="/maps/compare/?b=acme" id="compare-map"' in html

    response = client.post(
        reverse("admin:roles_rolemap_status", args=[acme.pk]),
        {"status": "published", "next": grid},
    )

    assert response.status_code == 302 and response["Location"] == grid
    acme.refresh_from_db()
    assert acme.status == "published"
    assert acme.history.first().history_change_reason == "Published"
    assert client.get("/matrix/?map=acme").status_code == 200


def test_publishing_someone_elses_map_is_refused(client, sample, team_editor):
    acme = RoleMapFactory(slug="acme", name="Acme", kind="team", status="draft")
    client.force_login(team_editor)
    url = reverse("admin:roles_rolemap_status", args=[acme.pk])

    assert client.post(url, {"status": "published"}).status_code == 404  # a hidden draft
    reference = RoleMap.objects.get(slug="reference")
    url = reverse("admin:roles_rolemap_status", args=[reference.pk])
    assert client.post(url, {"status": "draft"}).status_code == 403
    assert RoleMap.objects.get(slug="reference").status == "published"
    assert RoleMap.objects.get(slug="acme").status == "draft"


def test_mark_reviewed_is_one_button_recorded_in_history(client, sample, team_editor):
    import datetime

    from django.utils import timezone

    acme = RoleMapFactory(
        slug="acme",
        name="Acme",
        kind="team",
        status="draft",
        last_reviewed=datetime.date(2025, 1, 1),
        review_every_days=90,
    )
    acme.editors.add(team_editor)
    client.force_login(team_editor)
    page = client.get(reverse("admin:roles_rolemap_change", args=[acme.pk]))
    assert 'id="mark-reviewed"' in page.content.decode()

    response = client.post(reverse("admin:roles_rolemap_reviewed", args=[acme.pk]))

    assert response.status_code == 302
    acme.refresh_from_db()
    assert acme.last_reviewed == timezone.localdate()
    latest = acme.history.first()
    assert latest.history_user == team_editor
    assert latest.last_reviewed == timezone.localdate()
    assert latest.history_change_reason == f"Reviewed on {timezone.localdate()}"


def test_mark_reviewed_needs_edit_rights_on_that_map(client, sample, team_editor):
    reference = RoleMap.objects.get(slug="reference")
    client.force_login(team_editor)

    response = client.post(reverse("admin:roles_rolemap_reviewed", args=[reference.pk]))

    assert response.status_code == 403
    assert RoleMap.objects.get(slug="reference").last_reviewed is None


def test_the_admin_action_marks_the_selected_maps(client, sample, staff_editor):
    from django.utils import timezone

    other = RoleMapFactory(slug="other", name="Other", kind="team")
    client.force_login(staff_editor)

    response = client.post(
        reverse("admin:roles_rolemap_changelist"),
        {"action": "mark_maps_reviewed", "_selected_action": [other.pk]},
    )

    assert response.status_code == 302
    other.refresh_from_db()
    assert other.last_reviewed == timezone.localdate()
    assert RoleMap.objects.get(slug="reference").last_reviewed is None
