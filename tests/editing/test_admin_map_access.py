"""Who reaches which map in the admin, walked as anonymous, a Reader, another team's editor,
the map's own editor and an Editor (roles/access.py).

A team map's editors hold no model permission: they change their own maps (the change page,
the grid) and nothing else, and view the published ones; a draft is, for everyone who may
not edit it, an id that does not exist (the admin's own "doesn't exist" redirect).
"""

import pytest
from django.urls import reverse

from roles.models import RoleMap
from tests.editing.admin_helpers import form_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WHO = ["anonymous", "reader", "other_team_editor", "map_editor", "editor"]


@pytest.fixture
def world(draft_readers):
    users = draft_readers(draft_name="Acme draft map", staff=True, informed=False)
    maps = RoleMap.objects.in_bulk(["acme", "other", "reference"], field_name="slug")
    return {"users": users, **maps}


def _answer(response) -> object:
    """200, 403, 404, "login", or "missing" (the admin's redirect for an unknown id)."""
    if response.status_code == 302:
        if "/login/" in response["Location"]:
            return "login"
        if response["Location"] == reverse("admin:index"):
            return "missing"
    return response.status_code


def _get(client, world, who, url):
    if who != "anonymous":
        client.force_login(world["users"][who])
    return _answer(client.get(url))


# (page, map) -> expected answer per person
EXPECTED = {
    ("change", "acme"): {
        "anonymous": "login",
        "reader": "missing",
        "other_team_editor": "missing",
        "map_editor": 200,
        "editor": 200,
    },
    # read-only for a team's editors: they start their team map from it
    ("change", "reference"): {
        "anonymous": "login",
        "reader": 200,
        "other_team_editor": 200,
        "map_editor": 200,
        "editor": 200,
    },
    ("grid", "acme"): {
        "anonymous": "login",
        "reader": 404,
        "other_team_editor": 404,
        "map_editor": 200,
        "editor": 200,
    },
    ("grid", "other"): {
        "anonymous": "login",
        "reader": 403,
        "other_team_editor": 200,
        "map_editor": 403,
        "editor": 200,
    },
    ("grid", "reference"): {
        "anonymous": "login",
        "reader": 403,
        "other_team_editor": 403,
        "map_editor": 403,
        "editor": 200,
    },
    # simple-history answers 404 for an id it does not know; a hidden draft too.
    ("history", "acme"): {
        "anonymous": "login",
        "reader": 404,
        "other_team_editor": 404,
        "map_editor": 200,
        "editor": 200,
    },
}


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("page, slug", list(EXPECTED))
def test_map_pages(client, world, who, page, slug):
    role_map = world[slug]
    name = {
        "change": "roles_rolemap_change",
        "grid": "roles_rolemap_grid",
        "history": "roles_rolemap_history",
    }[page]
    url = reverse(f"admin:{name}", args=[role_map.pk])

    assert _get(client, world, who, url) == EXPECTED[(page, slug)][who]


@pytest.mark.parametrize("who", WHO)
def test_the_map_list_shows_what_each_may_see(client, world, who):
    if who != "anonymous":
        client.force_login(world["users"][who])
    response = client.get(reverse("admin:roles_rolemap_changelist"))

    if who == "anonymous":
        assert _answer(response) == "login"
        return
    shown = {m.slug for m in response.context["cl"].result_list}
    assert (
        shown
        == {
            "reader": {"reference", "other"},
            "other_team_editor": {"reference", "other"},
            "map_editor": {"reference", "other", "acme"},
            "editor": {"reference", "other", "acme"},
        }[who]
    )


@pytest.mark.parametrize("who", ["other_team_editor", "map_editor"])
def test_a_team_editor_reaches_nothing_else_in_the_admin(client, world, who):
    client.force_login(world["users"][who])
    for name in (
        "roles_role_changelist",
        "responsibilities_assignment_changelist",
        "responsibilities_quote_add",
        "roles_rolemap_add",
    ):
        assert client.get(reverse(f"admin:{name}")).status_code == 403, name


def test_the_map_editor_publishes_their_map_in_the_admin_but_cannot_change_its_kind(client, world):
    from tests.editing.admin_helpers import form_data

    client.force_login(world["users"]["map_editor"])
    url = reverse("admin:roles_rolemap_change", args=[world["acme"].pk])
    page = client.get(url)
    assert "Edit as a grid" in page.content.decode()
    data = form_data(page)
    assert "kind" not in data  # read-only for them
    data.update(status="published", change_reason="Ready for the team")

    response = client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    acme = RoleMap.objects.get(slug="acme")
    assert (acme.status, acme.kind) == ("published", "team")
    assert acme.history.first().history_change_reason == "Ready for the team"


def test_a_team_editor_views_the_reference_map_read_only(client, world):
    client.force_login(world["users"]["map_editor"])
    url = reverse("admin:roles_rolemap_change", args=[world["reference"].pk])

    page = client.get(url)

    assert not page.context["has_change_permission"]
    assert "Edit as a grid" not in page.content.decode()
    assert "Start a team map from this one" in page.content.decode()
    assert client.post(url, {"name": "Renamed"}).status_code == 403
    assert RoleMap.objects.get(slug="reference").name != "Renamed"


@pytest.mark.parametrize("who", ["reader", "other_team_editor", "editor"])
def test_the_assignment_list_and_role_page_switchers_name_a_draft_only_for_its_editors(
    client, world, sample, who
):
    from responsibilities.models import Assignment

    acme_part = Assignment.objects.create(
        role_map=world["acme"],
        role=sample.roles["prj"],
        responsibility=sample.responsibilities["product-backlog"],
        level="I",
    )
    client.force_login(world["users"][who])
    listing = client.get(reverse("admin:responsibilities_assignment_changelist"))
    role_page = client.get(reverse("admin:roles_role_change", args=[sample.roles["pm"].pk]))

    sees = who == "editor"
    if listing.status_code == 200:
        assert ("Acme draft map" in listing.content.decode()) is sees
        assert (acme_part in listing.context["cl"].result_list) is sees
    if role_page.status_code == 200:
        assert ('<option value="acme"' in role_page.content.decode()) is sees
    assert (listing.status_code == 200) is (who != "other_team_editor")


def test_an_editor_added_in_the_admin_form_may_sign_in(client, world):
    """GIVEN a user without staff status
    WHEN an Editor adds them to the team map's editors on its change page
    THEN they become staff, as `map_editors --add` and the API make them, so they can reach
    the grid; nothing else about them changes."""
    newcomer = UserFactory(username="newcomer", is_staff=False)
    acme = world["acme"]
    client.force_login(world["users"]["editor"])
    url = reverse("admin:roles_rolemap_change", args=[acme.pk])
    data = form_data(client.get(url))
    data["editors"] = [*data.get("editors", []), str(newcomer.pk)]

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    newcomer.refresh_from_db()
    assert newcomer.is_staff and not newcomer.is_superuser
    assert set(acme.editors.all()) == {world["users"]["map_editor"], newcomer}
