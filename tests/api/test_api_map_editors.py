"""A team map's editors and status through the API, walked as anonymous, a Reader, another
team's editor, the map's own editor and an Editor."""

import pytest
from django.contrib.auth.models import Group

from roles.models import RoleMap
from tests.factories import RoleMapFactory, UserFactory

pytestmark = pytest.mark.django_db

WHO = ["anonymous", "reader", "other_team_editor", "map_editor", "editor"]
# acme is a published team map here, so everyone may read it; only its editors edit it.
MAY_EDIT = {
    "anonymous": 401,
    "reader": 403,
    "other_team_editor": 403,
    "map_editor": None,
    "editor": None,
}


@pytest.fixture
def world(reference_map):
    acme = RoleMapFactory(slug="acme", name="Acme", kind="team", status="published")
    other = RoleMapFactory(slug="other", name="Other team", kind="team")
    users = {
        "reader": UserFactory(username="reader"),
        "other_team_editor": UserFactory(username="other-editor"),
        "map_editor": UserFactory(username="acme-editor"),
        "editor": UserFactory(username="editor"),
        "newcomer": UserFactory(username="newcomer"),
    }
    users["reader"].groups.add(Group.objects.get(name="Readers"))
    users["editor"].groups.add(Group.objects.get(name="Editors"))
    other.editors.add(users["other_team_editor"])
    acme.editors.add(users["map_editor"])
    return users


def _as(api_client, world, who):
    if who != "anonymous":
        api_client.force_authenticate(world[who])
    return api_client


@pytest.mark.parametrize("who", WHO)
def test_listing_adding_and_removing_editors(api_client, world, who):
    client = _as(api_client, world, who)
    url = "/api/v1/maps/acme/editors/"

    listed = client.get(url)
    added = client.post(url, {"username": "newcomer"}, format="json")
    acme = RoleMap.objects.get(slug="acme")

    refused = MAY_EDIT[who]
    if refused:
        assert (listed.status_code, added.status_code) == (refused, refused)
        assert list(acme.editors.values_list("username", flat=True)) == ["acme-editor"]
        return
    assert listed.json() == {"editors": ["acme-editor"]}
    assert added.status_code == 201
    assert added.json() == {"editors": ["acme-editor", "newcomer"]}
    # Removing an editor changes the map: If-Match carries the map's ETag.
    unconditional = client.delete(f"{url}newcomer/", unconditional=True)
    assert unconditional.status_code == 428
    removed = client.delete(
        f"{url}newcomer/", HTTP_IF_MATCH=client.get("/api/v1/maps/acme/")["ETag"]
    )
    assert removed.status_code == 204
    again = client.delete(f"{url}newcomer/", HTTP_IF_MATCH=client.get("/api/v1/maps/acme/")["ETag"])
    assert again.status_code == 404
    assert list(acme.editors.values_list("username", flat=True)) == ["acme-editor"]


def test_bad_requests_are_sentences_and_change_nothing(api_client, world):
    client = _as(api_client, world, "map_editor")
    url = "/api/v1/maps/acme/editors/"

    unknown_user = client.post(url, {"username": "nobody-here"}, format="json")
    unknown_field = client.post(url, {"username": "newcomer", "admin": True}, format="json")
    reference = _as(api_client, world, "editor").post(
        "/api/v1/maps/reference/editors/", {"username": "newcomer"}, format="json"
    )

    assert unknown_user.status_code == 400
    assert "There is no user “nobody-here”." in str(unknown_user.json())
    assert unknown_field.status_code == 400
    assert "admin" in unknown_field.json()
    assert reference.status_code == 409
    assert "reference map" in reference.json()["detail"]
    assert not RoleMap.objects.filter(editors__username="newcomer").exists()


def test_a_hidden_draft_is_a_404(api_client, world):
    RoleMap.objects.filter(slug="acme").update(status="draft")
    client = _as(api_client, world, "other_team_editor")

    assert client.get("/api/v1/maps/acme/editors/").status_code == 404
    assert (
        client.post(
            "/api/v1/maps/acme/editors/", {"username": "newcomer"}, format="json"
        ).status_code
        == 404
    )


@pytest.mark.parametrize("who", WHO)
def test_patching_the_map(api_client, world, who):
    """Those who may edit the map PATCH it (here its description; `status` once the map
    resource carries it); everyone else is refused and nothing changes."""
    client = _as(api_client, world, who)

    response = client.patch("/api/v1/maps/acme/", {"description": "Ours"}, format="json")
    other = client.patch("/api/v1/maps/other/", {"description": "Theirs"}, format="json")

    refused = MAY_EDIT[who]
    description = RoleMap.objects.get(slug="acme").description
    if refused:
        assert response.status_code == refused
        assert description == ""
    else:
        assert response.status_code == 200
        assert description == "Ours"
    assert other.status_code == (
        200 if who in ("editor", "other_team_editor") else MAY_EDIT[who] or 403
    )


@pytest.mark.parametrize("who", WHO)
def test_publishing_and_reviewing_a_draft_through_the_api(api_client, world, who):
    """PATCH `status` and POST `review/` by those who may edit the map; for everyone else
    the draft answers as a map that does not exist, and a team's editor cannot change what
    kind the map is."""
    RoleMap.objects.filter(slug="acme").update(status="draft")
    client = _as(api_client, world, who)

    published = client.patch("/api/v1/maps/acme/", {"status": "published"}, format="json")
    acme = RoleMap.objects.get(slug="acme")

    if who in ("map_editor", "editor"):
        assert published.status_code == 200
        assert published.json()["status"] == acme.status == "published"
        reviewed = client.post("/api/v1/maps/acme/review/", {}, format="json")
        assert reviewed.status_code == 200
        assert RoleMap.objects.get(slug="acme").last_reviewed is not None
        kind = client.patch("/api/v1/maps/acme/", {"kind": "reference"}, format="json")
        assert kind.status_code == (200 if who == "editor" else 403)
    else:
        # Exactly as for a map that does not exist (401, 403 or 404 by who asks).
        never = client.patch("/api/v1/maps/no-such-map/", {"status": "published"}, format="json")
        assert (published.status_code, published.json()) == (never.status_code, never.json())
        assert acme.status == "draft"
        review = client.post("/api/v1/maps/acme/review/", {}, format="json")
        never = client.post("/api/v1/maps/no-such-map/review/", {}, format="json")
        assert review.status_code == never.status_code
        assert RoleMap.objects.get(slug="acme").last_reviewed is None
