"""Every admin changelist, add and change page opens for a staff user."""

import pytest
from django.contrib import admin
from django.urls import reverse

from responsibilities.models import Dispute
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    ContrastFactory,
    QuoteFactory,
    RoleVariantFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.fixture
def one_of_each(reference_map):
    assignment = AssignmentFactory(quotes=[QuoteFactory()])
    return {
        "rolemap": assignment.role_map,
        "role": assignment.role,
        "responsibility": assignment.responsibility,
        "assignment": assignment,
        "area": AreaFactory(),
        "quote": QuoteFactory(),
        "source": assignment.quotes.first().source,
        "rolevariant": RoleVariantFactory(role=assignment.role),
        "contrast": ContrastFactory(),
        "dispute": Dispute.objects.create(slug="closer", topic="Who is closer to customers?"),
    }


def _our_models():
    return [m for m in admin.site._registry if m._meta.app_label in {"roles", "responsibilities"}]


def test_every_content_model_is_in_the_admin():
    names = {m._meta.model_name for m in _our_models()}
    assert names >= {
        "rolemap",
        "role",
        "rolevariant",
        "contrast",
        "area",
        "responsibility",
        "assignment",
        "source",
        "quote",
    }


@pytest.mark.parametrize("model", _our_models(), ids=lambda m: m._meta.model_name)
def test_admin_pages_open(staff_client, one_of_each, model):
    opts = model._meta
    obj = one_of_each[opts.model_name]
    for url in (
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + "?q=a",
        reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]),
    ):
        assert staff_client.get(url).status_code == 200, url


def test_role_page_has_assignment_inline_with_quote_autocomplete(staff_client, one_of_each):
    role = one_of_each["role"]
    html = staff_client.get(reverse("admin:roles_role_change", args=[role.pk])).content.decode()
    assert "assignments-TOTAL_FORMS" in html
    assert one_of_each["responsibility"].name in html
    assert "admin-autocomplete" in html


def test_quote_autocomplete_answers(staff_client, one_of_each):
    quote = one_of_each["quote"]
    url = reverse("admin:autocomplete")
    response = staff_client.get(
        url,
        {
            "term": quote.text[:12],
            "app_label": "responsibilities",
            "model_name": "assignment",
            "field_name": "quotes",
        },
    )
    assert response.status_code == 200
    assert str(quote.pk) in {r["id"] for r in response.json()["results"]}
