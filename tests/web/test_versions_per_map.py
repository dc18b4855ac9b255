"""Stored answers are keyed by what they read: a write to one map keeps another map's
stored pages and API answers, and pages that read no map keep theirs through map writes.

Each stored read costs one query (the version rows) and no build; a rebuilt one costs the
page's own queries. Every write still reaches the answers that read it
(tests/web/test_cached_answers_follow_writes.py, tests/domain/test_data_version.py).
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from responsibilities.models import Assignment, Level
from roles.models import Role
from tests.factories import AreaFactory, AssignmentFactory, RoleMapFactory

pytestmark = pytest.mark.django_db

TEAM_PAGES = [
    "/matrix/?map=team",
    "/roles/product-owner/?map=team",
    "/compare/?roles=product-manager,product-owner&map=team",
    "/responsibilities/product-vision/?map=team",
]
TEAM_API = [
    "/api/v1/roles/product-owner/?map=team",
    "/api/v1/compare/?roles=product-manager,product-owner&map=team",
    "/api/v1/matrix/?map=team",
]


@pytest.fixture
def two_maps(sample):
    """The sample world in the default map, and a team map with one assignment of its own."""
    team = RoleMapFactory(slug="team", name="Team")
    reference_part = Assignment.objects.exclude(role_map=team).first()
    AssignmentFactory(
        role_map=team,
        role=Role.objects.get(slug="product-owner"),
        responsibility=reference_part.responsibility,
        level=Level.CONSULTED,
    )
    return reference_part


@pytest.mark.parametrize("url", TEAM_PAGES + TEAM_API)
def test_a_write_to_another_map_keeps_the_stored_answer(two_maps, url, django_assert_num_queries):
    """GIVEN an anonymous answer for the team map, stored
    WHEN an assignment of the default map changes
    THEN the team map's answer is still the stored one (one query: the version rows)
    and the default map's answer is built again."""
    client = APIClient() if url.startswith("/api/") else Client()
    first = client.get(url)
    assert first.status_code == 200, (url, first.content[:300])
    reference_url = url.replace("map=team", "map=reference")
    client.get(reference_url)
    two_maps.level = Level.INFORMED if two_maps.level != Level.INFORMED else Level.CONSULTED
    two_maps.save()
    with django_assert_num_queries(1):  # the version rows; the answer is the stored one
        again = client.get(url)
    assert again.content == first.content and again["ETag"] == first["ETag"]
    rebuilt = client.get(reference_url)
    assert rebuilt.status_code == 200
    with django_assert_num_queries(1):  # stored again at the new version
        client.get(reference_url)


def test_a_write_to_the_team_map_reaches_its_answers(two_maps):
    client = Client()
    url = "/roles/product-owner/?map=team"
    first = client.get(url)
    part = Assignment.objects.get(role_map__slug="team")
    part.level = Level.RESPONSIBLE
    part.note = "Now does it."
    part.save()
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again["ETag"] != first["ETag"]


@pytest.mark.parametrize("url", ["/method/", "/disputes/"])
def test_pages_that_read_no_map_keep_their_answer_through_map_writes(
    two_maps, url, django_assert_num_queries
):
    client = Client()
    first = client.get(url)
    two_maps.note = "Changed."
    two_maps.save()
    Assignment.objects.get(role_map__slug="team").delete()
    with django_assert_num_queries(1):  # the version rows; the page is the stored one
        again = client.get(url)
    assert again.content == first.content


def test_the_method_page_keeps_its_answer_through_evidence_writes(
    two_maps, django_assert_num_queries
):
    client = Client()
    first = client.get("/method/")
    AreaFactory()
    with django_assert_num_queries(1):  # the version rows; the page is the stored one
        assert client.get("/method/").content == first.content
    RoleMapFactory(slug="another", name="Another Team")  # the switcher lists the maps
    again = client.get("/method/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and "Another Team" in again.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/compare/?roles=product-manager,product-owner",
        "/roles/product-owner/",
        "/api/v1/compare/?roles=product-manager,product-owner",
        "/api/v1/roles/product-owner/",
    ],
)
def test_a_write_to_another_roles_part_keeps_the_stored_comparison(
    two_maps, url, django_assert_num_queries
):
    """GIVEN a stored comparison of the PM and the PO (and the PO's page)
    WHEN a part of another role in the same map changes
    THEN the stored answer stays (one query); a write to the PO's part rebuilds it."""
    client = APIClient() if url.startswith("/api/") else Client()
    first = client.get(url)
    assert first.status_code == 200
    elsewhere = Assignment.objects.filter(role_map__slug="reference").exclude(
        role__slug__in=["product-manager", "product-owner"]
    )
    assert elsewhere.exists()
    elsewhere.first().save()
    with django_assert_num_queries(1):  # the version rows; the answer is the stored one
        assert client.get(url).content == first.content
    Assignment.objects.filter(role_map__slug="reference", role__slug="product-owner").first().save()
    with CaptureQueriesContext(connection) as rebuilt:
        again = client.get(url)
    assert len(rebuilt.captured_queries) > 1  # the PO's part moved its key: built again
    assert again.content == first.content  # (the save changed nothing)
    with django_assert_num_queries(1):
        client.get(url)
