"""The matrix page's whole-map downloads (streamed: never held to be hashed) carry a weak
ETag from the data version and the address: a reload that sends it back is a 304 costing
the version read, not the whole file again, and a write to the map gives a new tag."""

import pytest

from responsibilities.models import Assignment, Level

pytestmark = pytest.mark.django_db

DOWNLOADS = [
    "/matrix/?format=csv",
    "/matrix/?format=csv&cells=letters",
    "/matrix/?format=xlsx",
    "/matrix/?format=xlsx&cells=letters",
]


@pytest.mark.parametrize("url", DOWNLOADS)
def test_a_reload_with_the_tag_is_a_304_with_one_query(
    client, sample, url, django_assert_num_queries
):
    first = client.get(url)
    assert first.status_code == 200 and first.streaming
    b"".join(first.streaming_content)
    etag = first["ETag"]
    assert etag.startswith('W/"') and first.has_header("Last-Modified")
    with django_assert_num_queries(1):  # the version rows
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_each_download_has_its_own_tag(client, sample):
    tags = set()
    for url in DOWNLOADS:
        response = client.get(url)
        b"".join(response.streaming_content)
        tags.add(response["ETag"])
    assert len(tags) == len(DOWNLOADS)


def test_a_level_changed_gives_the_download_a_new_tag_and_body(client, sample):
    """GIVEN a reader holding the CSV's tag WHEN an editor changes a part's level
    THEN the reload is a 200 with the new content and another tag."""
    url = "/matrix/?format=csv&cells=letters"
    first = client.get(url)
    before = b"".join(first.streaming_content)
    part = Assignment.objects.filter(role_map__slug="reference").first()
    part.level = Level.INFORMED if part.level != Level.INFORMED else Level.CONSULTED
    part.save()
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert b"".join(again.streaming_content) != before
