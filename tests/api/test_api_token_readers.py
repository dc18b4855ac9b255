"""A program's signed-in reader (an API token) is remembered between GETs as a browser's is
(pmroles.conditional.signed_in.token_reader): their permissions and the maps they may see,
kept while nothing about who sees what has changed.

The token and its user are still read on every request, so revoking a token or
deactivating its user is refused at once; a change to what they may see is seen on their
next request.
"""

import pytest
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from api.tokens import issue
from pmroles.conditional import signed_in
from roles.models import RoleMap
from tests.api.test_api_map_visibility import world  # noqa: F401  (the fixture)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STORED = "/api/v1/roles/product-owner/"
DRAFT = "/api/v1/matrix/?map=acme"


def _token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue(user)}")
    return client


@pytest.fixture
def reader(sample):
    reader = UserFactory(username="program")
    reader.groups.add(Group.objects.get(name="Readers"))
    return reader


def test_a_token_readers_stored_answer_costs_the_version_and_token_queries(
    world,  # noqa: F811
    reader,
    django_assert_num_queries,
):
    """GIVEN a Reader with a token who has read an answer WHEN they read it again THEN two
    queries: the version rows with the `readers` row, and the token with its user. No
    permission or map is read (before: three queries more)."""
    client = _token_client(reader)
    first = client.get(STORED)
    assert first.status_code == 200, first.content[:300]
    with django_assert_num_queries(2):
        again = client.get(STORED)
    assert again.status_code == 200 and again.content == first.content


def test_another_worker_takes_the_shared_entry(world, reader, django_assert_num_queries):  # noqa: F811
    """A worker without its own copy (signed_in.forget_local) reads the shared cache's, still
    with no permission or map query."""
    client = _token_client(reader)
    client.get(STORED)
    signed_in.forget_local()
    with django_assert_num_queries(2):
        assert client.get(STORED).status_code == 200


def test_a_revoked_token_is_refused_at_once(world, reader):  # noqa: F811
    client = _token_client(reader)
    assert client.get(STORED).status_code == 200
    Token.objects.filter(user=reader).delete()
    refused = client.get(STORED)
    assert refused.status_code == 401, refused.content[:300]


def test_a_deactivated_user_is_refused_at_once(world, reader):  # noqa: F811
    client = _token_client(reader)
    assert client.get(STORED).status_code == 200
    reader.is_active = False
    reader.save()
    assert client.get(STORED).status_code == 401


def test_becoming_and_ceasing_to_be_a_drafts_editor_is_seen_at_once(world, reader):  # noqa: F811
    """GIVEN a remembered token reader who cannot see the draft WHEN they are made its
    editor THEN their next read shows it; WHEN they are taken off THEN it is hidden again."""
    client = _token_client(reader)
    hidden = client.get(DRAFT)
    assert hidden.status_code != 200
    RoleMap.objects.get(slug="acme").editors.add(reader)
    assert client.get(DRAFT).status_code == 200
    RoleMap.objects.get(slug="acme").editors.remove(reader)
    assert client.get(DRAFT).status_code == hidden.status_code


def test_joining_the_editors_group_is_seen_at_once(world, reader):  # noqa: F811
    client = _token_client(reader)
    assert client.get(DRAFT).status_code != 200
    reader.groups.add(Group.objects.get(name="Editors"))
    assert client.get(DRAFT).status_code == 200
