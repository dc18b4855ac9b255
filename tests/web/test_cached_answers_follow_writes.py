"""Cached comparisons (page and API) show a change the moment any write path makes it.

Reads come from anonymous clients, so they take the cached path (pmroles.conditional); each
write path (admin save, API write, import_roles, history revert) advances the data version,
which moves the cache key and the ETag.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from roles.models import Role
from tests.editing.admin_helpers import form_data
from tests.editing.interchange_helpers import export_text, run_import, write

pytestmark = pytest.mark.django_db

PAGE = "/compare/?roles=product-manager,product-owner"
API = "/api/v1/compare/?roles=product-manager,product-owner"


@pytest.fixture
def readers(sample):
    page, api = Client(), APIClient()
    before = page.get(PAGE), api.get(API)
    # The second read is the stored one: the cache is warm when the write happens.
    assert page.get(PAGE).content == before[0].content
    assert api.get(API).content == before[1].content
    return page, api, before


def _shows(readers, name: str) -> None:
    page, api, (page_before, api_before) = readers
    response = page.get(PAGE, HTTP_IF_NONE_MATCH=page_before["ETag"])
    assert response.status_code == 200 and response["ETag"] != page_before["ETag"]
    assert name in response.content.decode()
    answer = api.get(API, HTTP_IF_NONE_MATCH=api_before["ETag"])
    assert answer.status_code == 200 and answer["ETag"] != api_before["ETag"]
    assert name in [role["name"] for role in answer.json()["roles"]]


def test_admin_save(readers, staff_editor_client):
    role = Role.objects.get(slug="product-owner")
    url = reverse("admin:roles_role_change", args=[role.pk])
    data = {**form_data(staff_editor_client.get(url)), "name": "Admin-Renamed Owner"}
    assert staff_editor_client.post(url, data).status_code == 302
    _shows(readers, "Admin-Renamed Owner")


def test_api_write(readers, editor_client):
    response = editor_client.patch(
        "/api/v1/roles/product-owner/", {"name": "API-Renamed Owner"}, format="json"
    )
    assert response.status_code == 200, response.content
    _shows(readers, "API-Renamed Owner")


def test_import_roles(readers, tmp_path):
    document = json.loads(export_text())
    for role in document["roles"]:
        if role["slug"] == "product-owner":
            role["name"] = "Imported Owner"
    for assignment in document["assignments"]:
        if not assignment["quotes"]:
            assignment["level"] = "C"  # the sample has unquoted R/A parts an import refuses
    out, err = run_import(write(tmp_path, document))
    assert not err, err
    _shows(readers, "Imported Owner")


def test_history_revert(sample, staff_editor_client):
    role = Role.objects.get(slug="product-owner")
    original = role.history.latest("history_date")
    role.name = "Briefly Renamed Owner"
    role.save()
    page, api = Client(), APIClient()
    readers = (page, api, (page.get(PAGE), api.get(API)))
    url = reverse("admin:roles_role_simple_history", args=[role.pk, original.pk])
    response = staff_editor_client.post(url, form_data(staff_editor_client.get(url)))
    assert response.status_code == 302
    _shows(readers, "Product Owner")
