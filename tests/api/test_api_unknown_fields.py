"""Unknown fields in a request body are a 400 naming them (issue 17, finding 7).

DRF ignores names a serializer does not have: `{"role_map": "my-team"}` (the field is
`map`) was a 201 that wrote into the reference map, `{"is_admin": true}` a 201 too.
"""

import pytest

from responsibilities.models import Area, Assignment
from tests.factories import AreaFactory, ResponsibilityFactory, RoleFactory, RoleMapFactory

pytestmark = pytest.mark.django_db

RESOURCES = ["maps", "roles", "areas", "responsibilities", "assignments", "sources", "quotes"]
RESOURCES += ["disputes"]


@pytest.fixture
def pair(reference_map):
    RoleMapFactory(slug="my-team", name="My team")
    return RoleFactory(slug="po"), ResponsibilityFactory(slug="vision")


@pytest.mark.parametrize("extra", [{"role_map": "my-team"}, {"is_admin": True}])
def test_an_assignment_with_an_unknown_field_is_refused(editor_client, pair, extra):
    body = {"role": "po", "responsibility": "vision", "level": "C", **extra}
    response = editor_client.post("/api/v1/assignments/", body, format="json")
    assert response.status_code == 400
    (name,) = extra
    assert list(response.json()) == [name]
    assert response.json()[name] == [
        "Unknown field. The fields you can send are: basis, decided_by, decided_on, level, map, "
        "note, quotes, "
        "rationale, responsibility, role."
    ]
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_resource_names_unknown_fields_on_create(editor_client, reference_map, resource):
    response = editor_client.post(f"/api/v1/{resource}/", {"bogus": 1}, format="json")
    assert response.status_code == 400
    assert response.json()["bogus"][0].startswith("Unknown field.")


def test_an_update_with_an_unknown_field_changes_nothing(editor_client, reference_map):
    AreaFactory(slug="strategy", name="Strategy")
    url = "/api/v1/areas/strategy/"
    etag = editor_client.get(url)["ETag"]
    response = editor_client.patch(
        url, {"name": "Renamed", "nmae": "typo"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 400
    assert list(response.json()) == ["nmae"]
    assert Area.objects.get(slug="strategy").name == "Strategy"


def test_read_only_fields_sent_back_are_not_unknown(editor_client, reference_map):
    """A client may PUT back what it read: `id`, counts and the like are ignored as before."""
    AreaFactory(slug="strategy", name="Strategy")
    url = "/api/v1/areas/strategy/"
    read = editor_client.get(url)
    body = {**read.json(), "name": "Strategy and vision"}
    response = editor_client.put(url, body, format="json", HTTP_IF_MATCH=read["ETag"])
    assert response.status_code == 200, response.content
    assert Area.objects.get(slug="strategy").name == "Strategy and vision"
