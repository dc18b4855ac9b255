"""/api/v1/<resource>/<slug or id>/history/: an object's versions, read-only, fixed queries."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from rest_framework.test import APIClient

from api.tokens import issue
from responsibilities.history import recording
from tests.factories import AssignmentFactory, QuoteFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader_api(db):
    reader = UserFactory(username="reader")
    reader.groups.add(Group.objects.get(name="Readers"))
    api = APIClient()
    api.force_authenticate(reader)
    return api


def test_role_history_lists_versions_with_author_and_reason(reader_api):
    staff_editor = UserFactory(username="staff_editor")
    role = RoleFactory(slug="product-owner", summary="Old.")
    with recording(user=staff_editor, reason="Clearer summary"):
        role.summary = "New."
        role.save()
    response = reader_api.get("/api/v1/roles/product-owner/history/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    newest, oldest = body["results"]
    assert (newest["record"]["summary"], oldest["record"]["summary"]) == ("New.", "Old.")
    assert newest["history_user"] == "staff_editor"
    assert newest["history_change_reason"] == "Clearer summary"
    assert newest["history_type"] == "~" and oldest["history_type"] == "+"
    assert list(newest) == [
        "history_id",
        "history_date",
        "history_type",
        "history_user",
        "history_change_reason",
        "record",
    ]
    assert {"slug", "name", "summary"} <= set(newest["record"])


def test_assignment_history_includes_quotes_and_survives_deletion(reader_api, reference_map):
    quote = QuoteFactory()
    assignment = AssignmentFactory(quotes=[quote], level="R")
    pk = assignment.pk
    assignment.delete()
    body = reader_api.get(f"/api/v1/assignments/{pk}/history/").json()
    assert body["results"][0]["history_type"] == "-"
    # newest first: the deletion, the quotes being set, the creation
    assert [r["history_type"] for r in body["results"]] == ["-", "~", "+"]
    assert body["results"][1]["record"]["quotes"] == [quote.pk]


def test_history_is_paginated_like_the_lists(reader_api):
    role = RoleFactory(slug="pm")
    for n in range(5):
        role.summary = f"Version {n}"
        role.save()
    url = "/api/v1/roles/pm/history/"
    body = reader_api.get(url, {"page": 2, "page_size": 2}).json()
    assert body["count"] == 6
    assert [r["record"]["summary"] for r in body["results"]] == ["Version 2", "Version 1"]
    assert "page=3" in body["next"] and "page_size=2" in body["next"]
    assert "page_size=2" in body["previous"]
    assert len(reader_api.get(url).json()["results"]) == 6  # default page size: 20
    for bad in ("x", "0", "101"):
        response = reader_api.get(url, {"page_size": bad})
        assert response.status_code == 400 and "page_size" in response.json()
    assert reader_api.get(url, {"page": 5}).status_code == 400
    assert "page" in reader_api.get(url, {"page": "x"}).json()


def test_history_answers_304_to_its_etag(reader_api):
    role = RoleFactory(slug="pm")
    url = "/api/v1/roles/pm/history/"
    first = reader_api.get(url)
    etag = first["ETag"]
    assert first.status_code == 200 and etag
    again = reader_api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    role.summary = "Changed."
    role.save()
    changed = reader_api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_unknown_objects_and_writes_are_refused(reader_api):
    assert reader_api.get("/api/v1/roles/nobody/history/").status_code == 404
    assert reader_api.get("/api/v1/quotes/abc/history/").status_code == 404
    RoleFactory(slug="pm")
    assert reader_api.post("/api/v1/roles/pm/history/", {}).status_code == 405
    assert reader_api.delete("/api/v1/roles/pm/history/").status_code == 405


def test_anonymous_history_is_a_401_asking_for_a_token(db):
    RoleFactory(slug="pm")
    response = APIClient().get("/api/v1/roles/pm/history/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "detail" in response.json()


def test_history_needs_the_view_permission_even_for_staff(db):
    RoleFactory(slug="pm")
    api = APIClient()
    api.force_authenticate(UserFactory(username="staff_no_perm", is_staff=True))
    response = api.get("/api/v1/roles/pm/history/")
    assert response.status_code == 403 and "detail" in response.json()


def test_a_token_is_enough_with_the_view_permission(db):
    RoleFactory(slug="pm")
    reader = UserFactory(username="token_reader", is_staff=True)
    reader.groups.add(Group.objects.get(name="Readers"))
    key = issue(reader)
    response = APIClient().get("/api/v1/roles/pm/history/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200 and response.json()["count"] == 1


def test_every_resource_is_routed():
    for resource in ("roles", "responsibilities", "areas", "assignments", "sources", "quotes"):
        assert reverse(f"api:{resource}-history", args=["1"]).startswith("/api/v1/")


def test_query_count_is_fixed(reference_map, django_assert_num_queries):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    api = APIClient()
    api.force_authenticate(admin)
    assignment = AssignmentFactory(quotes=[QuoteFactory()], level="R")
    url = f"/api/v1/assignments/{assignment.pk}/history/"
    # count, one page of versions with their authors, the quotes of those versions
    with django_assert_num_queries(3):
        assert api.get(url).status_code == 200
    for n in range(30):
        assignment.note = f"note {n}"
        assignment.save()
        assignment.quotes.add(QuoteFactory())
    with django_assert_num_queries(3):
        assert len(api.get(url, {"page_size": 50}).json()["results"]) == 50
    role = RoleFactory(slug="pm")
    # id from history, count, page, the quotes of those versions
    with django_assert_num_queries(4):
        api.get(f"/api/v1/roles/{role.slug}/history/")
