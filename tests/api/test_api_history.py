"""/api/v1/<resource>/<lookup>/history/: an object's versions, read-only, fixed queries."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from rest_framework.test import APIClient

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
    assert (newest["summary"], oldest["summary"]) == ("New.", "Old.")
    assert newest["history_user"] == "staff_editor"
    assert newest["history_change_reason"] == "Clearer summary"
    assert newest["history_type"] == "~" and oldest["history_type"] == "+"
    assert {"history_id", "history_date", "slug", "name"} <= set(newest)


def test_assignment_history_includes_quotes_and_survives_deletion(reader_api, reference_map):
    quote = QuoteFactory()
    assignment = AssignmentFactory(quotes=[quote], level="R")
    pk = assignment.pk
    assignment.delete()
    body = reader_api.get(f"/api/v1/assignments/{pk}/history/").json()
    assert body["results"][0]["history_type"] == "-"
    # newest first: the deletion, the quotes being set, the creation
    assert [r["history_type"] for r in body["results"]] == ["-", "~", "+"]
    assert body["results"][1]["quotes"] == [quote.pk]


def test_history_is_paginated(reader_api):
    role = RoleFactory(slug="pm")
    for n in range(5):
        role.summary = f"Version {n}"
        role.save()
    body = reader_api.get("/api/v1/roles/pm/history/", {"limit": 2, "offset": 2}).json()
    assert body["count"] == 6
    assert [r["summary"] for r in body["results"]] == ["Version 2", "Version 1"]
    assert "offset=4" in body["next"] and "offset=0" in body["previous"]
    assert reader_api.get("/api/v1/roles/pm/history/", {"limit": "x"}).status_code == 400


def test_unknown_objects_and_writes_are_refused(reader_api):
    assert reader_api.get("/api/v1/roles/nobody/history/").status_code == 404
    assert reader_api.get("/api/v1/quotes/abc/history/").status_code == 404
    RoleFactory(slug="pm")
    assert reader_api.post("/api/v1/roles/pm/history/", {}).status_code == 405
    assert reader_api.delete("/api/v1/roles/pm/history/").status_code == 405


def test_history_needs_view_permission(db):
    RoleFactory(slug="pm")
    assert APIClient().get("/api/v1/roles/pm/history/").status_code in (401, 403)
    api = APIClient()
    api.force_authenticate(UserFactory(username="nobody"))
    assert api.get("/api/v1/roles/pm/history/").status_code == 403


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
        assert len(api.get(url).json()["results"]) == 50
    role = RoleFactory(slug="pm")
    # id from history, count, page, the quotes of those versions
    with django_assert_num_queries(4):
        api.get(f"/api/v1/roles/{role.slug}/history/")
