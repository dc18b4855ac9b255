"""Anonymous page reloads are answered from the data version: 304 or the stored page."""

import pytest
from django.contrib.auth.models import Group

from roles.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/roles/product-manager/",
    "/compare/?roles=product-manager,product-owner",
    "/compare/?roles=product-manager,product-owner&format=csv",
    "/matrix/",
    "/finder/?find=1&responsibilities=product-vision",
    "/responsibilities/product-vision/",
    "/sources/",
    "/search/?q=product",
]


@pytest.mark.parametrize("url", PAGES)
def test_reload_is_304_with_at_most_one_query(client, sample, url, django_assert_max_num_queries):
    first = client.get(url)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    with django_assert_max_num_queries(1):  # the version rows the page reads, one query
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag and again["Last-Modified"] == modified
    with django_assert_max_num_queries(1):  # the version rows, read from the database again
        since = client.get(url, HTTP_IF_MODIFIED_SINCE=modified)
    assert since.status_code == 304


@pytest.mark.parametrize("url", PAGES)
def test_reload_without_a_tag_gets_the_stored_page_with_one_query(
    client, sample, url, django_assert_num_queries
):
    first = client.get(url)
    with django_assert_num_queries(1):  # the version rows; the page comes from the cache
        again = client.get(url)
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["ETag"] == first["ETag"]
    assert again.get("Content-Disposition") == first.get("Content-Disposition")


def test_a_write_changes_the_tag_and_the_page(client, sample):
    url = "/roles/product-manager/"
    first = client.get(url)
    Role.objects.filter(slug="product-manager").first().save()  # same content, new version
    unchanged = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    # Recomputed (the version moved) but the same body: still 304, with a newer date.
    assert unchanged.status_code == 304
    role = Role.objects.get(slug="product-manager")
    role.summary = "Now with a new summary."
    role.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert "Now with a new summary." in changed.content.decode()
    older = client.get(url, HTTP_IF_MODIFIED_SINCE="Sat, 01 Jan 2000 00:00:00 GMT")
    assert older.status_code == 200


def test_if_modified_since_never_hides_a_missing_page(client, sample):
    response = client.get("/roles/nobody/", HTTP_IF_MODIFIED_SINCE="Fri, 01 Jan 2100 00:00:00 GMT")
    assert response.status_code == 404


def test_errors_are_not_stored(client, sample):
    bad = client.get("/compare/?roles=product-manager")
    assert bad.status_code == 400 and not bad.has_header("ETag")
    assert client.get("/compare/?roles=product-manager").status_code == 400


@pytest.mark.parametrize("url", PAGES)
def test_a_signed_in_readers_reload_gets_the_stored_page(
    client, sample, url, django_assert_num_queries
):
    """GIVEN a signed-in reader who has read a page WHEN they read it again THEN it comes
    from the stored answers, the same bytes and tag, and a 304 to its tag."""
    reader = UserFactory(username="reader", is_staff=True)
    reader.groups.add(Group.objects.get(name="Readers"))
    client.force_login(reader)
    first = client.get(url)
    # The version rows with the `readers` row: the user and the maps they see are
    # remembered (pmroles.conditional.signed_in), nothing of the page is built.
    with django_assert_num_queries(1):
        again = client.get(url)
    assert again.status_code == 200 and again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_turned_off_by_the_setting(client, sample, settings):
    settings.PMROLES_READ_CACHE = False
    client.get("/")
    response = client.get("/")
    assert not response.has_header("ETag")


def test_a_token_without_a_session_reads_the_anonymous_page(
    client, sample, django_assert_num_queries
):
    """Pages sign in by session only: an Authorization header leaves the reader anonymous,
    so the page is the anonymous one, stored under the same key (one query: the versions)."""
    url = "/compare/?roles=product-manager,product-owner"
    first = client.get(url)
    with django_assert_num_queries(1):
        again = client.get(url, HTTP_AUTHORIZATION="Token not-a-session")
    assert again.content == first.content
