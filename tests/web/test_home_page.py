"""The home page: role cards with summaries, focus and horizon, the picker, a fixed query count."""

import pytest
from django.urls import reverse

from tests.factories import RoleFactory
from tests.web.queries import count_queries

pytestmark = pytest.mark.django_db

# Tests marked `uncached_reads` count or read what the view itself does: reloads answered from
# the data version have their own tests (test_conditional_pages.py).


def _html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


@pytest.mark.usefixtures("uncached_reads")
def test_home_lists_roles_with_summaries_and_links(client):
    role = RoleFactory(name="Product Owner", slug="product-owner", summary="Owns the backlog.")
    response = client.get(reverse("web:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Product Owner" in html
    assert "Owns the backlog." in html
    assert f'href="{role.get_absolute_url()}"' in html
    assert role.get_absolute_url() == "/roles/product-owner/"


def test_home_has_cards_with_focus_and_horizon_and_a_get_picker(client, sample):
    html = _html(client, "/")
    assert "Decides why and what to build." in html
    assert "<dt>Focus</dt><dd>Strategic</dd>" in html
    assert "<dt>Horizon</dt><dd>Short- to mid-term</dd>" in html
    assert '<form class="picker" action="/compare/" method="get">' in html
    for slug in ("product-manager", "product-owner", "project-manager"):
        assert f'<input type="checkbox" name="roles" value="{slug}"' in html
    assert '<meta name="description" content="Product manager, product owner' in html


@pytest.mark.usefixtures("uncached_reads")
def test_home_query_count_is_fixed(client, django_assert_num_queries):
    RoleFactory()
    small = count_queries(client, "/")
    for _ in range(20):
        RoleFactory()
    # the maps (switcher, ?map=), roles, their variants
    with django_assert_num_queries(small):
        client.get("/")
    assert small == 3
