"""A program's signed-in reader (an API token) is remembered between GETs as a browser's is
(pmroles.conditional.signed_in): the token's user, their permissions and the maps they may
see, kept while nothing about who sees what has changed.

Revoking a token or deactivating its user advances `readers`, so either is refused at once;
a token that expires is read again and refused; a change to what they may see is seen on
their next request.
"""

import datetime as dt
import time

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from api.tokens import issue, lifetime
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


def test_a_token_readers_stored_answer_costs_the_version_query_alone(
    world,  # noqa: F811
    reader,
    django_assert_num_queries,
):
    """GIVEN a Reader with a token who has read an answer WHEN they read it again THEN one
    query, as for an anonymous reader: the version rows with the `readers` row. Neither
    the token, its user, a permission nor a map is read (before: the token with its user,
    and before that three queries more)."""
    client = _token_client(reader)
    first = client.get(STORED)
    assert first.status_code == 200, first.content[:300]
    with django_assert_num_queries(1):
        again = client.get(STORED)
    assert again.status_code == 200 and again.content == first.content


def test_another_worker_takes_the_shared_entry(world, reader, django_assert_num_queries):  # noqa: F811
    """A worker without its own copy (signed_in.forget_local) reads the shared cache's, still
    with no permission or map query."""
    client = _token_client(reader)
    client.get(STORED)
    signed_in.forget_local()
    with django_assert_num_queries(1):
        assert client.get(STORED).status_code == 200


def test_a_revoked_token_is_refused_at_once(world, reader):  # noqa: F811
    client = _token_client(reader)
    assert client.get(STORED).status_code == 200
    Token.objects.filter(user=reader).delete()
    refused = client.get(STORED)
    assert refused.status_code == 401, refused.content[:300]


def test_a_rotated_token_is_refused_and_the_new_one_taken(world, reader):  # noqa: F811
    old = _token_client(reader)
    assert old.get(STORED).status_code == 200
    new = _token_client(reader)  # issue() replaces the user's token
    assert old.get(STORED).status_code == 401
    assert new.get(STORED).status_code == 200


def test_a_token_is_remembered_no_longer_than_it_lives(world, reader, settings):  # noqa: F811
    """GIVEN a token one second from its expiry, read and remembered WHEN the second has
    passed THEN the next read refuses it as expired (the entry lapsed with the token)."""
    client = _token_client(reader)
    Token.objects.filter(user=reader).update(
        created=timezone.now() - lifetime() + dt.timedelta(seconds=1)
    )
    assert client.get(STORED).status_code == 200
    time.sleep(1.2)
    refused = client.get(STORED)
    assert refused.status_code == 401
    assert "expired" in refused.json()["detail"]


def test_a_bad_token_is_refused_on_a_shared_read(world):  # noqa: F811
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    refused = client.get(STORED)
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Token"


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


def test_a_session_readers_stored_api_answer_costs_the_version_query_alone(
    world,  # noqa: F811
    reader,
    client,
    django_assert_num_queries,
):
    """A browser's reader (a session) reading the API: the versions are read before who is
    asking, so the remembered reader is checked against the stamp read with them (before:
    one query more for the stamp alone)."""
    client.force_login(reader)
    first = client.get(STORED)
    assert first.status_code == 200, first.content[:300]
    client.get(STORED)  # the reader is remembered after a first stored read
    with django_assert_num_queries(1):
        again = client.get(STORED)
    assert again.status_code == 200 and again.content == first.content
