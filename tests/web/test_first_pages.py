"""The home page and a role's page: content, escaping, 404s and a fixed query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from responsibilities.models import Level
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    ContrastFactory,
    QuoteFactory,
    ResponsibilityFactory,
    RoleFactory,
    RoleMapFactory,
    RoleVariantFactory,
)

# Count what each view itself costs: reloads answered from the data version have their own
# tests (test_conditional_reads.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_reads")]


def test_home_lists_roles_with_summaries_and_links(client):
    role = RoleFactory(name="Product Owner", slug="product-owner", summary="Owns the backlog.")
    response = client.get(reverse("web:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Product Owner" in html
    assert "Owns the backlog." in html
    assert f'href="{role.get_absolute_url()}"' in html
    assert role.get_absolute_url() == "/roles/product-owner/"


def test_role_page_groups_responsibilities_by_area_with_level(client, reference_map):
    role = RoleFactory(slug="product-manager", name="Product Manager")
    strategy = AreaFactory(name="Strategy and vision", order=1)
    delivery = AreaFactory(name="Delivery and backlog", order=2)
    AssignmentFactory(
        role=role,
        responsibility=ResponsibilityFactory(name="Set the vision", area=strategy),
        level=Level.ACCOUNTABLE,
        quotes=[QuoteFactory()],
    )
    AssignmentFactory(
        role=role,
        responsibility=ResponsibilityFactory(name="Write user stories", area=delivery),
        level=Level.CONSULTED,
    )
    html = client.get("/roles/product-manager/").content.decode()
    assert html.index("Strategy and vision") < html.index("Set the vision")
    assert html.index("Set the vision") < html.index("Delivery and backlog")
    assert html.index("Delivery and backlog") < html.index("Write user stories")
    assert "Accountable" in html and "Consulted" in html


def test_role_page_shows_only_the_default_map(client, reference_map):
    role = RoleFactory(slug="po")
    other_map = RoleMapFactory(slug="acme")
    AssignmentFactory(role=role, role_map=other_map, responsibility__name="Acme-only duty")
    html = client.get("/roles/po/").content.decode()
    assert "Acme-only duty" not in html


def test_unknown_role_is_404(client, reference_map):
    assert client.get("/roles/no-such-role/").status_code == 404


def test_pages_escape_content(client, reference_map):
    RoleFactory(slug="x", name="<script>alert(1)</script>", summary="<b>bold</b>")
    for url in ("/", "/roles/x/"):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_role_page_query_count_is_fixed(client, reference_map, django_assert_num_queries):
    role = RoleFactory(slug="pm")
    RoleVariantFactory(role=role, quotes=[QuoteFactory()])
    ContrastFactory(roles=[role], quotes=[QuoteFactory()])
    for _ in range(3):
        AssignmentFactory(role=role, quotes=[QuoteFactory(), QuoteFactory()])
    small = _queries(client, "/roles/pm/")
    for _ in range(30):
        AssignmentFactory(role=role, quotes=[QuoteFactory(), QuoteFactory()])
    assert _queries(client, "/roles/pm/") == small
    # the map, role, its map assignments counted, a page of them (+area), their quotes
    # (+source), role quotes, variants, variant quotes, contrasts, contrast roles, contrast
    # quotes, the other roles (for the "compare with" links), the disputes that involve it,
    # coverage (assignments by level and basis; distinct quotes and sources)
    with django_assert_num_queries(15):
        client.get("/roles/pm/")


def test_home_query_count_is_fixed(client, django_assert_num_queries):
    RoleFactory()
    small = _queries(client, "/")
    for _ in range(20):
        RoleFactory()
    # the maps (switcher, ?map=), roles, their variants
    with django_assert_num_queries(small):
        client.get("/")
    assert small == 3
