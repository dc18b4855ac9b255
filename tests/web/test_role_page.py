"""A role's page: definition, attributes, responsibilities by area, contrasts, variants,
compare links, escaping, only the default map, a fixed query count."""

import pytest

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
from tests.web.queries import count_queries

pytestmark = pytest.mark.django_db

# Tests marked `uncached_reads` count or read what the view itself does: reloads answered from
# the data version have their own tests (test_conditional_pages.py).


def _html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def test_role_page_shows_definition_attributes_contrasts_variants_and_compare_links(client, sample):
    html = _html(client, "/roles/product-manager/")
    assert "<title>Product Manager (PM): responsibilities and role definition" in html
    assert "A product manager is the voice of the customer." in html
    assert "Framework-independent" in html and "Mostly external" in html
    assert "The product manager thinks in years, the product owner in sprints." in html
    for kind in ("Business-to-consumer", "Business-to-business", "Technical"):
        assert f"{kind} product manager" in html
    assert 'href="/compare/?roles=product-manager,product-owner"' in html
    assert 'href="/compare/?roles=product-manager,product-marketing-manager"' in html
    assert 'href="/compare/?roles=product-manager,product-manager"' not in html
    vision = html.split('href="/responsibilities/product-vision/"', 1)[1].split("</li>", 1)[0]
    assert "Accountable" in vision and "The product manager owns the product vision." in vision


@pytest.mark.usefixtures("uncached_reads")
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


@pytest.mark.usefixtures("uncached_reads")
def test_role_page_shows_only_the_default_map(client, reference_map):
    role = RoleFactory(slug="po")
    other_map = RoleMapFactory(slug="acme")
    AssignmentFactory(role=role, role_map=other_map, responsibility__name="Acme-only duty")
    html = client.get("/roles/po/").content.decode()
    assert "Acme-only duty" not in html


@pytest.mark.usefixtures("uncached_reads")
def test_pages_escape_content(client, reference_map):
    RoleFactory(slug="x", name="<script>alert(1)</script>", summary="<b>bold</b>")
    for url in ("/", "/roles/x/"):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.usefixtures("uncached_reads")
def test_role_page_query_count_is_fixed(client, reference_map, django_assert_num_queries):
    role = RoleFactory(slug="pm")
    RoleVariantFactory(role=role, quotes=[QuoteFactory()])
    ContrastFactory(roles=[role], quotes=[QuoteFactory()])
    for _ in range(3):
        AssignmentFactory(role=role, quotes=[QuoteFactory(), QuoteFactory()])
    small = count_queries(client, "/roles/pm/")
    for _ in range(30):
        AssignmentFactory(role=role, quotes=[QuoteFactory(), QuoteFactory()])
    assert count_queries(client, "/roles/pm/") == small
    # the map, role, its map assignments counted, a page of them (+area), their quotes
    # (+source), role quotes, variants, variant quotes, contrasts, contrast roles, contrast
    # quotes, the other roles (for the "compare with" links), the disputes that involve it,
    # coverage (assignments by level and basis; distinct quotes and sources)
    with django_assert_num_queries(15):
        client.get("/roles/pm/")
