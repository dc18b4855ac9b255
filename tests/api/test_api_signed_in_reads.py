"""Signed-in readers' API reads are stored where the answer depends on its reader only
through the maps they may see (`readers_share_answers`: roles, responsibilities, the
comparison, the matrix), keyed by that set of maps, as the pages are.

Their permission checks still run on every request, and two readers who see different
maps never share an answer: a draft's editor's answer is never served to a Reader.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.api.test_api_map_visibility import world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

# url -> the queries of a stored reload: the reader's own and their groups' permissions and
# the maps they see (the key), the version rows. Nothing of the answer, no permission check
# (every safe method is granted to everyone on these views).
SHARED = {
    "/api/v1/roles/product-owner/": 4,
    "/api/v1/roles/": 4,
    "/api/v1/responsibilities/product-backlog/": 4,
    "/api/v1/compare/?roles=product-manager,product-owner": 4,
    "/api/v1/matrix/": 4,
}


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("url", SHARED)
def test_a_signed_in_readers_reload_is_the_stored_answer(
    world,  # noqa: F811
    url,
    django_assert_num_queries,
):
    """GIVEN a Reader who has read an answer WHEN another Reader who sees the same maps
    reads it THEN it is the stored one: the same bytes, and none of the answer is built."""
    reader = world["reader"]
    first = _client(reader).get(url)
    assert first.status_code == 200, first.content[:300]
    other = type(reader).objects.create(username="reader-2")
    other.groups.set(reader.groups.all())
    with django_assert_num_queries(SHARED[url]):
        again = _client(other).get(url)
    assert again.status_code == 200 and again.content == first.content


@pytest.mark.parametrize("url", SHARED)
def test_a_drafts_editor_and_a_reader_never_share_an_answer(world, url):  # noqa: F811
    """GIVEN the draft map's editor's answer about the draft, stored
    WHEN a Reader asks the same address THEN they get what a map that never existed gets."""
    draft = f"{url}{'&' if '?' in url else '?'}map=acme"
    assert _client(world["map_editor"]).get(draft).status_code == 200
    hidden = _client(world["reader"]).get(draft)
    never = _client(world["reader"]).get(draft.replace("map=acme", "map=no-such-map"))
    assert hidden.status_code == never.status_code != 200


def test_views_that_do_not_say_so_are_built_for_each_signed_in_reader(world):  # noqa: F811
    client = _client(world["reader"])
    url = "/api/v1/areas/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert any("responsibilities_area" in q["sql"] for q in queries.captured_queries)


def test_views_that_store_signed_in_answers_grant_every_safe_method_to_everyone():
    """A stored answer skips the permission check (pmroles.conditional.api.granted_before):
    only permission classes that grant GET and HEAD to anyone may sit on such a view."""
    from rest_framework.permissions import (
        DjangoModelPermissionsOrAnonReadOnly,
        IsAuthenticatedOrReadOnly,
    )

    import api.urls  # noqa: F401  (every view imported)
    from api.base import ApiViewMixin

    def every(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from every(sub)

    sharing = {view for view in every(ApiViewMixin) if view.__dict__.get("readers_share_answers")}
    assert {view.__name__ for view in sharing} >= {"RoleViewSet", "CompareView", "MatrixView"}
    granting = {DjangoModelPermissionsOrAnonReadOnly, IsAuthenticatedOrReadOnly}
    for view in sharing:
        assert {type(p) for p in view().get_permissions()} <= granting, view
