"""ETags on every read; If-None-Match gives 304; a stale If-Match refuses the write (412)."""

import pytest
from django.conf import settings
from django.test import override_settings

from responsibilities import version_writes
from responsibilities.models import Area

pytestmark = pytest.mark.django_db

READS = [
    "/api/v1/roles/",
    "/api/v1/roles/product-owner/",
    "/api/v1/responsibilities/d-resp-0/",
    "/api/v1/areas/",
    "/api/v1/quotes/",
    "/api/v1/compare/?roles=product-manager,product-owner",
    "/api/v1/compare/?roles=product-manager,product-owner&format=csv",
    "/api/v1/compare/?roles=product-manager,product-owner&format=md",
    "/api/v1/matrix/",
    "/api/v1/finder/?responsibilities=d-resp-0",
]


@pytest.fixture
def data(dataset):
    return dataset


@pytest.mark.parametrize("url", READS)
def test_etag_and_304(api_client, data, url):
    first = api_client.get(url)
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('"')
    again = api_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    other = api_client.get(url, HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200


def test_the_streamed_matrix_csv_is_tagged_by_the_versions_it_reads(
    api_client, editor_client, data, django_assert_max_num_queries
):
    """The whole-map CSV streams (never built whole, never stored); its ETag names what it
    is a function of (map and versions), so a reload is a 304 without a build until a write."""
    url = "/api/v1/matrix/?format=csv"
    first = api_client.get(url)
    assert first.streaming and first["ETag"].startswith('"')
    # The client carries the editor's token (api_client is editor_client's): the token, the
    # reader's permissions (2) and the maps they see (the stored answers' key), the
    # versions (key), the map, the versions (its ETag).
    with django_assert_max_num_queries(7):
        again = api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    editor_client.patch("/api/v1/areas/d-area-0/", {"name": "Renamed"}, format="json")
    changed = api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and "Renamed" in b"".join(changed.streaming_content).decode()


def test_formats_have_different_etags_and_vary_on_accept(api_client, data):
    url = "/api/v1/matrix/"
    as_json, as_csv = api_client.get(url), api_client.get(url, HTTP_ACCEPT="text/csv")
    assert as_json["ETag"] != as_csv["ETag"]
    assert "Accept" in as_json["Vary"]


def test_etag_changes_when_the_data_changes(api_client, editor_client, data):
    url = "/api/v1/areas/d-area-0/"
    before = api_client.get(url)["ETag"]
    editor_client.patch(url, {"description": "Changed."}, format="json")
    assert api_client.get(url, HTTP_IF_NONE_MATCH=before).status_code == 200


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_stale_if_match_is_a_412_and_changes_nothing(editor_client, data, method):
    url = "/api/v1/areas/d-area-0/"
    stale = editor_client.get(url)["ETag"]
    Area.objects.filter(slug="d-area-0").update(description="Someone else was here.")
    body = {"slug": "d-area-0", "name": "Renamed", "order": 0}
    response = getattr(editor_client, method)(url, body, format="json", HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    assert "If-Match" in response.json()["detail"]
    area = Area.objects.get(slug="d-area-0")
    assert (area.name, area.description) == ("d area 0", "Someone else was here.")


@pytest.mark.parametrize("method", ["put", "patch"])
def test_current_if_match_lets_the_write_through(editor_client, data, method):
    url = "/api/v1/roles/product-owner/"
    current = editor_client.get(url)["ETag"]
    body = {**editor_client.get(url).json(), "summary": "Maximises value."}
    response = getattr(editor_client, method)(url, body, format="json", HTTP_IF_MATCH=current)
    assert response.status_code == 200, response.content
    assert response.json()["summary"] == "Maximises value."
    assert response.json()["assignments"], "the response shows the refetched assignments"


def test_current_if_match_lets_delete_through(editor_client, data):
    url = "/api/v1/areas/d-area-0/"
    Area.objects.create(slug="spare", name="Spare")
    spare = "/api/v1/areas/spare/"
    current = editor_client.get(spare)["ETag"]
    assert editor_client.delete(spare, HTTP_IF_MATCH=current).status_code == 204
    assert editor_client.get(url).status_code == 200


def test_head_has_the_etag_and_honours_if_none_match(api_client, data):
    etag = api_client.get("/api/v1/roles/")["ETag"]
    head = api_client.head("/api/v1/roles/")
    assert head.status_code == 200 and head["ETag"] == etag and head.content == b""
    assert api_client.head("/api/v1/roles/", HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize("url", READS)
def test_anonymous_reload_is_304_with_at_most_one_query(
    api_client, data, url, django_assert_max_num_queries
):
    etag = api_client.get(url)["ETag"]
    with django_assert_max_num_queries(1):  # the version rows the answer reads, nothing else
        again = api_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    assert "Accept" in again["Vary"]


@pytest.mark.parametrize("url", READS)
def test_anonymous_reload_gets_the_stored_answer(api_client, data, url, django_assert_num_queries):
    first = api_client.get(url)
    with django_assert_num_queries(1):  # the version rows; the answer comes from the cache
        again = api_client.get(url)
    assert again.status_code == 200 and again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == first["Content-Type"]


def test_stored_answers_differ_by_accept_header(api_client, data):
    url = "/api/v1/compare/?roles=product-manager,product-owner"
    as_json = api_client.get(url)
    as_csv = api_client.get(url, HTTP_ACCEPT="text/csv")
    assert as_csv["Content-Type"].startswith("text/csv")
    assert api_client.get(url, HTTP_ACCEPT="text/csv").content == as_csv.content
    assert api_client.get(url).content == as_json.content != as_csv.content


def test_signed_in_reads_are_computed_each_time(editor_client, data, django_assert_num_queries):
    url = "/api/v1/areas/d-area-0/"
    editor_client.get(url)
    # token (+user), the area: the answer is built again
    with django_assert_num_queries(2):
        assert editor_client.get(url).status_code == 200


def test_answers_from_the_data_version_still_count_against_throttles(api_client, data):
    # An anonymous 304 (or stored answer) is cheap but is still a request: the limit holds.
    rates = {"anon": "3/minute", "user": "5/minute"}
    with override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    ):
        etag = api_client.get("/api/v1/areas/")["ETag"]
        codes = [
            api_client.get("/api/v1/areas/", HTTP_IF_NONE_MATCH=etag).status_code,
            api_client.get("/api/v1/areas/").status_code,
            api_client.get("/api/v1/areas/", HTTP_IF_NONE_MATCH=etag).status_code,
        ]
    assert codes == [304, 200, 429]


@pytest.mark.parametrize("url", ["/api/v1/roles/product-owner/", "/api/v1/matrix/"])
def test_a_rebuild_answered_304_still_keeps_the_body(
    api_client, data, url, django_assert_num_queries
):
    """GIVEN a client holding the tag, and a new data version that leaves this answer as it
    was WHEN that client's If-None-Match request rebuilds the answer (a 304 to it) THEN the
    next reader without a tag is served the stored body, not a second build."""
    first = api_client.get(url)
    version_writes.bump()

    rebuilt = api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    with django_assert_num_queries(1):  # the version rows; the body comes from the cache
        again = api_client.get(url)

    assert rebuilt.status_code == 304
    assert again.status_code == 200 and again.content == first.content
    assert again["ETag"] == first["ETag"]
