"""/api/v1/disputes/: positions with cited quotes, filters, search, writes, history, and
the bounded dispute references on roles and responsibilities."""

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from responsibilities.models import DISPUTE_REFS_LIMIT, Dispute
from tests.factories import DisputeFactory, RoleFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("disputes")]


def test_dispute_detail_has_positions_with_roles_and_cited_quotes(api_client, sample):
    body = api_client.get("/api/v1/disputes/who-owns-the-vision/").json()
    assert body["topic"] == "Who owns the product vision: PM or PO?"
    assert body["roles"] == ["product-manager", "product-owner"]
    assert body["responsibilities"] == ["product-vision"]
    first, second = body["positions"]
    assert (first["key"], first["roles"]) == ("pm-owns-vision", ["product-manager"])
    [quote] = first["quotes"]
    assert quote["text"] == "The product manager owns the product vision."
    assert quote["source"]["citation"] == sample.source.citation
    assert second["statement"] == "The product owner owns the vision."


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["who-owns-the-vision", "who-writes-reports", "who-runs-the-launch"]),
        ("?role=product-owner", ["who-owns-the-vision"]),
        ("?role=project-manager", ["who-writes-reports", "who-runs-the-launch"]),
        ("?role=product-marketing-manager", ["who-runs-the-launch"]),
        ("?role=product-marketing-manager&responsibility=status-reports", []),
        ("?responsibility=status-reports", ["who-writes-reports"]),
        ("?role=product-owner&responsibility=status-reports", []),
        ("?search=owns", ["who-owns-the-vision"]),
        ("?search=reports", ["who-writes-reports"]),
    ],
)
def test_disputes_filter_by_role_and_responsibility_and_search(api_client, sample, query, expected):
    body = api_client.get(f"/api/v1/disputes/{query}").json()
    assert [d["slug"] for d in body["results"]] == expected


def test_roles_and_responsibilities_carry_their_disputes(api_client, sample):
    role = api_client.get("/api/v1/roles/product-owner/").json()
    assert role["disputes"] == [
        {
            "slug": "who-owns-the-vision",
            "topic": "Who owns the product vision: PM or PO?",
            "url": "http://testserver/api/v1/disputes/who-owns-the-vision/",
        }
    ]
    duty = api_client.get("/api/v1/responsibilities/status-reports/").json()
    assert [d["slug"] for d in duty["disputes"]] == ["who-writes-reports"]
    # a role in no dispute (every sample role is in one) carries an empty list
    RoleFactory(slug="scrum-master")
    assert api_client.get("/api/v1/roles/scrum-master/").json()["disputes"] == []


def test_dispute_references_are_bounded(api_client, sample):
    po = sample.roles["po"]
    for n in range(DISPUTE_REFS_LIMIT + 2):
        DisputeFactory(slug=f"extra-{n:02d}", order=100 + n, roles=[po])
    refs = api_client.get("/api/v1/roles/product-owner/").json()["disputes"]
    assert len(refs) == DISPUTE_REFS_LIMIT
    assert refs[0]["slug"] == "who-owns-the-vision"
    listed = api_client.get("/api/v1/disputes/?role=product-owner&page_size=100").json()
    assert listed["count"] == DISPUTE_REFS_LIMIT + 3


def test_editor_creates_and_changes_a_dispute(editor_client, sample):
    response = editor_client.post(
        "/api/v1/disputes/",
        {
            "slug": "who-launches",
            "topic": "Who launches the product?",
            "roles": ["product-manager", "product-marketing-manager"],
            "responsibilities": ["launch-messaging"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["positions"] == []
    dispute = Dispute.objects.get(slug="who-launches")
    assert sorted(r.slug for r in dispute.roles.all()) == [
        "product-manager",
        "product-marketing-manager",
    ]
    changed = editor_client.patch(
        "/api/v1/disputes/who-launches/", {"summary": "They differ."}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["summary"] == "They differ."


def test_bad_dispute_writes_are_field_errors(editor_client, sample):
    response = editor_client.post(
        "/api/v1/disputes/",
        {"slug": "who-owns-the-vision", "topic": "Again?", "roles": ["nobody"]},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"slug", "roles"}


def test_anonymous_and_unprivileged_writes_are_refused(api_client, sample):
    body = {"slug": "x", "topic": "X?", "roles": ["product-owner"]}
    assert api_client.post("/api/v1/disputes/", body, format="json").status_code == 401
    reader = UserFactory(username="reader")
    reader.groups.add(Group.objects.get(name="Readers"))
    api_client.force_authenticate(reader)
    assert api_client.post("/api/v1/disputes/", body, format="json").status_code == 403
    assert not Dispute.objects.filter(slug="x").exists()


def test_editors_group_may_edit_disputes_and_readers_view_their_history(sample):
    editor = UserFactory(username="group-editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    assert editor.has_perms(
        ["responsibilities.change_dispute", "responsibilities.add_disputeposition"]
    )
    reader = UserFactory(username="group-reader")
    reader.groups.add(Group.objects.get(name="Readers"))
    api = APIClient()
    api.force_authenticate(reader)
    response = api.get("/api/v1/disputes/who-owns-the-vision/history/")
    assert response.status_code == 200
    version = response.json()["results"][0]["record"]
    assert version["topic"] == "Who owns the product vision: PM or PO?"
    assert sorted(version["roles"]) == sorted([sample.roles["pm"].pk, sample.roles["po"].pk])
