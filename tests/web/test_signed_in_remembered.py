"""A browser's signed-in reader is remembered between GETs (pmroles.conditional.signed_in):
no query for the session, the user or their maps while nothing about who sees what changed.

Every change that could alter what they see is seen on their next request: becoming or
ceasing to be a draft's editor, joining the Editors group, being deactivated, a changed
password, signing out, the session expiring. The API's session readers take the same path.
"""

import time
from unittest import mock

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pmroles.conditional import signed_in
from responsibilities import version_writes, versioning
from roles.models import MAP_CURATOR_PERMISSIONS, RoleMap
from tests.factories import UserFactory
from tests.world import add_informed_map

pytestmark = pytest.mark.django_db

DRAFT_PAGE = "/matrix/?map=acme"
PUBLIC_PAGE = "/matrix/"


@pytest.fixture
def acme(sample):
    return add_informed_map(sample, slug="acme", name="Acme draft map", kind="team", status="draft")


@pytest.fixture
def reader(sample):
    reader = UserFactory(username="reader")
    reader.groups.add(Group.objects.get(name="Readers"))
    return reader


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sees_draft(client) -> bool:
    status = client.get(DRAFT_PAGE).status_code
    assert status in (200, 400), status
    return status == 200


def test_a_remembered_reader_costs_only_the_version_query(acme, reader, django_assert_num_queries):
    """GIVEN a signed-in reader who has read one page, and someone new who signed up and
    signed in since WHEN the reader reads another stored page THEN only the version rows are
    read (with the `readers` row): no session, user, permissions or maps."""
    client = _signed_in(reader)
    client.get(PUBLIC_PAGE)
    _signed_in(UserFactory(username="another")).get("/sources/")  # stored by someone else
    with django_assert_num_queries(1):
        assert client.get("/sources/").status_code == 200


def _reader_reads(client, path) -> int:
    """How many times the request asked the shared cache for a remembered reader."""
    with mock.patch.object(cache, "get", wraps=cache.get) as get:
        assert client.get(path).status_code == 200
    return sum(str(call.args[0]).startswith("pmroles:reader:") for call in get.call_args_list)


def test_a_worker_keeps_its_remembered_readers_in_its_own_memory(
    acme, reader, django_assert_num_queries
):
    """GIVEN a signed-in reader this worker remembered WHEN they read again THEN the shared
    cache is not asked for them; a worker without its own copy (another worker) takes the
    shared one, still with no query for the session or the user, and keeps it."""
    client = _signed_in(reader)
    client.get(PUBLIC_PAGE)
    assert _reader_reads(client, "/sources/") == 0
    signed_in.forget_local()  # as on another worker
    with django_assert_num_queries(1):  # the version rows, with `readers`
        assert _reader_reads(client, PUBLIC_PAGE) == 1
    assert _reader_reads(client, PUBLIC_PAGE) == 0


def test_a_page_built_for_a_remembered_reader_reads_no_permission(acme, reader):
    """GIVEN a remembered reader whose last page asked for their permissions (the maps they
    may see) WHEN a write makes their next page a new build THEN it asks again without
    reading them."""
    client = _signed_in(reader)
    client.get(PUBLIC_PAGE)
    shown = RoleMap.objects.resolve()  # the map the matrix shows, written to
    version_writes.advance(versioning.ANY_MAP, versioning.map_scope(shown.pk))
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/matrix/").status_code == 200
    assert queries, "the page was built"
    assert not [q["sql"] for q in queries if "auth_permission" in q["sql"]]


def test_a_permission_granted_is_seen_on_the_next_request(acme, reader):
    """The remembered permissions follow a grant: the user's own permission, not a group."""
    client = _signed_in(reader)
    assert not _sees_draft(client)
    curator = {name.split(".")[1] for name in MAP_CURATOR_PERMISSIONS}
    reader.user_permissions.set(Permission.objects.filter(codename__in=curator))
    assert _sees_draft(client)


def test_becoming_and_ceasing_to_be_a_drafts_editor_is_seen_at_once(acme, reader):
    """GIVEN a remembered reader who cannot see the draft WHEN they are made its editor
    THEN their next request shows it; WHEN they are taken off THEN it is gone again."""
    client = _signed_in(reader)
    assert not _sees_draft(client)
    acme.editors.add(reader)
    assert _sees_draft(client)
    acme.editors.remove(reader)
    assert not _sees_draft(client)


def test_joining_the_editors_group_shows_every_draft(acme, reader):
    client = _signed_in(reader)
    assert not _sees_draft(client)
    reader.groups.add(Group.objects.get(name="Editors"))
    assert _sees_draft(client)


def test_a_deactivated_editor_sees_what_anonymous_readers_see(acme, reader):
    acme.editors.add(reader)
    client = _signed_in(reader)
    assert _sees_draft(client)
    reader.is_active = False
    reader.save()
    assert not _sees_draft(client)


def test_a_changed_password_ends_the_other_sessions(acme, reader):
    """Django ends a user's other sessions when their password changes (the session's hash
    no longer matches): a remembered reader is no exception."""
    acme.editors.add(reader)
    client = _signed_in(reader)
    assert _sees_draft(client)
    reader.set_password("a new secret phrase")
    reader.save()
    assert not _sees_draft(client)


def test_a_signed_out_sessions_cookie_is_anonymous(acme, reader):
    """GIVEN an editor's remembered session WHEN they sign out THEN a request that still
    carries the old cookie (a copy of it) reads as anonymous."""
    acme.editors.add(reader)
    client = _signed_in(reader)
    assert _sees_draft(client)
    copy = Client()
    copy.cookies = client.cookies.__class__(client.cookies)
    client.logout()
    assert not Session.objects.exists()
    assert not _sees_draft(copy)


def test_a_session_deleted_by_hand_is_anonymous(acme, reader):
    acme.editors.add(reader)
    client = _signed_in(reader)
    assert _sees_draft(client)
    Session.objects.all().delete()
    assert not _sees_draft(client)


def test_an_expired_session_is_anonymous(acme, reader):
    """GIVEN an editor remembered with a session that expires in a second WHEN it has
    expired THEN they read as anonymous, though nothing else changed."""
    acme.editors.add(reader)
    client = _signed_in(reader)
    session = client.session
    session.set_expiry(1)
    session.save()
    assert _sees_draft(client)
    time.sleep(1.1)
    assert not _sees_draft(client)


def test_a_write_that_sends_no_signal_is_seen_once_it_advances_readers(acme, reader):
    """Bulk writes to users send no signal; they advance `readers` themselves
    (roles.reader_writes), and from then the reader is worked out again."""
    client = _signed_in(reader)
    assert not _sees_draft(client)
    type(reader).objects.filter(pk=reader.pk).update(is_superuser=True)
    assert not _sees_draft(client)  # still remembered: nothing said who-sees-what moved
    version_writes.advance(versioning.READERS)
    assert _sees_draft(client)


def test_the_api_by_session_takes_the_same_path(acme, reader, django_assert_num_queries):
    """GIVEN a remembered reader WHEN they read a stored API answer with their session
    THEN the user is not read: one query, the version rows with the `readers` row (the API
    reads them before it asks who is reading)."""
    client = _signed_in(reader)
    url = "/api/v1/roles/product-owner/"
    assert client.get(url).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200
    acme.editors.add(reader)
    assert client.get("/api/v1/matrix/?map=acme").status_code == 200


def test_writes_read_the_user_from_the_database(reader, django_assert_num_queries):
    """A POST never uses a remembered user: its permission checks see the row as it is."""
    client = _signed_in(reader)
    client.get(PUBLIC_PAGE)
    type(reader).objects.filter(pk=reader.pk).update(is_active=False)  # no signal
    response = client.post("/api/v1/roles/", {"name": "X"}, content_type="application/json")
    assert response.status_code in (401, 403)
