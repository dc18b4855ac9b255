"""Pages that show no note keep their stored answers when an editor edits a note alone.

The crowd's usual write is an annotation: the matrix, the search, the finder, the home
page and the API matrix read the whole map but show no note, so they are keyed without the
map's notes row (responsibilities.versioning); the pages that show the note follow it.
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from responsibilities.models import Assignment, Level

pytestmark = pytest.mark.django_db

WITHOUT_NOTES = ["/", "/matrix/", "/search/?q=product", "/finder/", "/api/v1/matrix/"]


@pytest.fixture
def part(sample):
    return Assignment.objects.filter(role__slug="product-owner").select_related("role").first()


def _get(url: str):
    client = APIClient() if url.startswith("/api/") else Client()
    return client.get(url)


@pytest.mark.parametrize("url", WITHOUT_NOTES)
def test_a_note_edited_through_the_api_keeps_pages_without_notes(
    part, url, editor_client, django_assert_num_queries
):
    """GIVEN a stored page that shows no note
    WHEN an editor PATCHes one assignment's note through the API
    THEN the page is still the stored one (one query: the version rows);
    and a change of the same assignment's level builds it again."""
    first = _get(url)
    assert first.status_code == 200, first.content[:300]
    edited = editor_client.patch(
        f"/api/v1/assignments/{part.pk}/", {"note": "An editor's note."}, format="json"
    )
    assert edited.status_code == 200, edited.content
    with django_assert_num_queries(1):  # the version rows; the answer is the stored one
        again = _get(url)
    assert again.content == first.content
    new_level = Level.INFORMED if part.level != Level.INFORMED else Level.CONSULTED
    changed = editor_client.patch(
        f"/api/v1/assignments/{part.pk}/", {"level": new_level}, format="json"
    )
    assert changed.status_code == 200, changed.content
    rebuilt = _get(url)
    assert rebuilt.status_code == 200
    with django_assert_num_queries(1):  # stored again, at the new version
        _get(url)


@pytest.mark.parametrize(
    "url",
    [
        "/compare/?roles=product-manager,product-owner",
        "/responsibilities/{slug}/",
    ],
)
def test_pages_that_show_notes_follow_a_note_edited_alone(part, url, editor_client):
    url = url.format(slug=part.responsibility.slug)
    first = Client().get(url)
    assert first.status_code == 200
    assert "An editor&#x27;s note, shown." not in first.content.decode()
    edited = editor_client.patch(
        f"/api/v1/assignments/{part.pk}/", {"note": "An editor's note, shown."}, format="json"
    )
    assert edited.status_code == 200, edited.content
    again = Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "An editor&#x27;s note, shown." in again.content.decode()
