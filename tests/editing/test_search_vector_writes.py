"""Every write path keeps the stored search vectors true (PostgreSQL, where they exist).

The vectors are filled by database triggers (responsibilities/0007_search_vector); these
tests write through the admin, the API, an import and a revert and then search.
"""

import json

import pytest
from django.db import connection
from django.urls import reverse

from responsibilities.models import Quote, Responsibility
from roles.search import search
from tests.editing.admin_helpers import form_data
from tests.editing.interchange_helpers import export_text, run_import, write
from tests.factories import QuoteFactory, ResponsibilityFactory, small_role_map

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="stored vectors exist on PostgreSQL only"
    ),
]


def vector(model, pk) -> str:
    return str(model.objects.values_list("search_vector", flat=True).get(pk=pk))


def test_admin_edit_updates_the_vector(staff_editor_client):
    duty = ResponsibilityFactory(name="Write release notes")
    url = reverse("admin:responsibilities_responsibility_change", args=[duty.pk])
    data = {**form_data(staff_editor_client.get(url)), "name": "Forecast the demand"}
    assert staff_editor_client.post(url, data).status_code == 302
    assert "'forecast':1A" in vector(Responsibility, duty.pk)
    assert [r.slug for r in search("forecasting").responsibilities] == [duty.slug]


def test_api_write_updates_the_vector(editor_client, reference_map):
    duty = ResponsibilityFactory(name="Write release notes")
    response = editor_client.patch(
        f"/api/v1/responsibilities/{duty.slug}/",
        {"description": "Sketch the telemetry plan."},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert "'telemetri':" in vector(Responsibility, duty.pk)
    assert [r.slug for r in search("telemetry").responsibilities] == [duty.slug]


def test_import_updates_the_vector(reference_map, tmp_path):
    small_role_map(reference_map)
    document = json.loads(export_text())
    document["responsibilities"][0]["description"] = "Negotiate zeppelin contracts."
    slug = document["responsibilities"][0]["slug"]
    run_import(write(tmp_path, document))
    assert Responsibility.objects.get(slug=slug).description == "Negotiate zeppelin contracts."
    assert [r.slug for r in search("zeppelin").responsibilities] == [slug]


def test_revert_updates_the_vector(staff_editor_client):
    quote = QuoteFactory(text="Original marmalade wording.")
    first = quote.history.earliest("history_date")
    url = reverse("admin:responsibilities_quote_change", args=[quote.pk])
    data = {**form_data(staff_editor_client.get(url)), "text": "Changed wording."}
    assert staff_editor_client.post(url, data).status_code == 302
    assert "'marmalad'" not in vector(Quote, quote.pk)
    revert = reverse("admin:responsibilities_quote_simple_history", args=[quote.pk, first.pk])
    response = staff_editor_client.post(revert, form_data(staff_editor_client.get(revert)))
    assert response.status_code == 302
    assert "'marmalad'" in vector(Quote, quote.pk)
    assert [q.key for q in search("marmalade").quotes] == [quote.key]
