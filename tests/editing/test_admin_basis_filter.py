"""Editors can narrow assignments and responsibilities to one basis in the admin."""

import pytest

pytestmark = pytest.mark.django_db


def test_assignment_list_filters_by_basis(staff_editor_client, evidence):
    response = staff_editor_client.get("/admin/responsibilities/assignment/?basis__exact=inferred")
    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert [(a.role.slug, a.responsibility.slug) for a in shown] == [
        ("product-owner", "product-vision")
    ]


def test_responsibility_list_filters_by_an_assignments_basis(staff_editor_client, evidence):
    url = "/admin/responsibilities/responsibility/?assignments__basis__exact=stated"
    response = staff_editor_client.get(url)
    assert response.status_code == 200
    assert [r.slug for r in response.context["cl"].result_list] == ["product-vision"]
