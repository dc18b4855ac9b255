"""Who sees a draft map: every page walked as anonymous, a Reader, another team's editor,
the map's own editor and an Editor.

A draft (RoleMap.status) is visible only to those who may edit it (roles/access.py): the
Editors group and the team map's own editors. For everyone else it does not exist: the
answer is exactly that of a map that never existed (an unknown `?map=`), and no page,
switcher or list names it.
"""

import pytest

from roles.models import RoleMap

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/matrix/",
    "/matrix/?format=csv",
    "/matrix/?format=csv&cells=letters",
    "/matrix/?format=xlsx&cells=letters",
    "/finder/",
    "/search/?q=backlog",
    "/sources/",
    "/disputes/",
    "/method/",
    "/roles/product-owner/",
    "/responsibilities/product-backlog/",
    "/compare/?roles=product-manager,product-owner",
    "/compare/?roles=product-manager,product-owner&format=csv",
    "/compare/?roles=product-manager,product-owner&format=md",
]
WHO = ["anonymous", "reader", "other_team_editor", "map_editor", "editor"]
SEES_DRAFT = {
    "anonymous": False,
    "reader": False,
    "other_team_editor": False,
    "map_editor": True,
    "editor": True,
}
DRAFT_NAME = "Acme draft map"


@pytest.fixture
def world(draft_readers):
    """A draft team map `acme` with its editor, and a published team map `other` with its."""
    return draft_readers(draft_name=DRAFT_NAME, staff=True)


def _as(client, world, who):
    if who != "anonymous":
        client.force_login(world[who])
    return client


def _with_map(url, slug):
    return f"{url}{'&' if '?' in url else '?'}map={slug}"


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("url", PAGES)
def test_a_draft_map_is_shown_only_to_those_who_may_edit_it(client, world, who, url):
    client = _as(client, world, who)

    draft = client.get(_with_map(url, "acme"))
    never = client.get(_with_map(url, "no-such-map"))

    if SEES_DRAFT[who]:
        assert draft.status_code == 200, url
        if "format=" not in url:
            assert DRAFT_NAME in draft.content.decode()
    else:
        # Exactly the answer for a map that does not exist (a 400 saying the map is unknown;
        # the disputes pages read `?map=` too; the method page ignores it either way).
        assert draft.status_code == never.status_code, url
        body = draft.content.decode()
        assert body.replace("acme", "X") == never.content.decode().replace("no-such-map", "X")
        assert DRAFT_NAME not in body


@pytest.mark.parametrize("who", WHO)
def test_the_header_switcher_lists_a_draft_only_for_its_editors(client, world, who):
    html = _as(client, world, who).get("/matrix/").content.decode()

    assert ('<option value="acme"' in html) is SEES_DRAFT[who]
    assert DRAFT_NAME in html if SEES_DRAFT[who] else DRAFT_NAME not in html
    assert '<option value="other"' in html  # a published team map is public


@pytest.mark.parametrize("who", WHO)
def test_map_compare_page_with_a_draft(client, world, who):
    client = _as(client, world, who)

    response = client.get("/maps/compare/?a=reference&b=acme")

    assert response.status_code == (200 if SEES_DRAFT[who] else 400)
    assert (DRAFT_NAME in response.content.decode()) is SEES_DRAFT[who]


def test_publishing_the_map_shows_it_to_everyone(client, world):
    assert client.get("/matrix/?map=acme").status_code == 400
    RoleMap.objects.filter(slug="acme").update(status="published")
    RoleMap.objects.get(slug="acme").save()  # advances the data version

    response = client.get("/matrix/?map=acme")

    assert response.status_code == 200
    assert DRAFT_NAME in response.content.decode()


@pytest.mark.parametrize("who", WHO)
def test_a_maps_health_page_follows_its_visibility(client, world, who):
    client = _as(client, world, who)

    draft = client.get("/maps/acme/health/")
    never = client.get("/maps/no-such-map/health/")

    if SEES_DRAFT[who]:
        assert draft.status_code == 200
        assert DRAFT_NAME in draft.content.decode()
    else:
        assert draft.status_code == never.status_code == 404
        assert DRAFT_NAME not in draft.content.decode()


def test_a_stored_page_is_never_shown_to_a_reader_who_sees_other_maps(client, world):
    """GIVEN the draft's editor has read the matrix (stored, with the draft in its switcher)
    WHEN a Reader and then an anonymous visitor read the same address at the same version
    THEN neither gets the editor's stored page: no draft in it."""
    editor_page = _as(client, world, "map_editor").get("/matrix/").content.decode()
    client.logout()
    reader_page = _as(client, world, "reader").get("/matrix/").content.decode()
    client.logout()
    anonymous_page = client.get("/matrix/").content.decode()

    assert DRAFT_NAME in editor_page
    assert DRAFT_NAME not in reader_page and DRAFT_NAME not in anonymous_page
    assert reader_page == anonymous_page  # the same maps: the same page
