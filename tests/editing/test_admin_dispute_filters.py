"""Editors find disputes in the admin by role, by responsibility and by words."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("disputes")]


def _shown(client, query):
    response = client.get(f"/admin/responsibilities/dispute/{query}")
    assert response.status_code == 200
    return [d.slug for d in response.context["cl"].result_list]


def test_dispute_list_filters_by_role_responsibility_and_search(staff_editor_client, sample):
    po = sample.roles["po"].pk
    reports = sample.responsibilities["status-reports"].pk
    assert _shown(staff_editor_client, f"?roles__id__exact={po}") == ["who-owns-the-vision"]
    assert _shown(staff_editor_client, f"?responsibilities__id__exact={reports}") == [
        "who-writes-reports"
    ]
    assert _shown(staff_editor_client, "?q=creates") == ["who-owns-the-vision"]
