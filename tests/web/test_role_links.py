"""A role page's links to compare the role with each other role: one per other role of the
map, escaped, carrying the page's map."""

import pytest

from tests.factories import RoleFactory

pytestmark = pytest.mark.django_db


def _compare_section(text: str) -> str:
    start = text.index('<section aria-labelledby="compare-heading"')
    return text[start : text.index("</section>", start)]


def test_a_role_page_links_a_comparison_with_each_other_role(client, sample):
    section = _compare_section(client.get("/roles/product-manager/").content.decode())
    assert section.count("<li>") == len(sample.roles) - 1
    assert (
        '<li><a href="/compare/?roles=product-manager,product-owner">PM vs PO'
        '<span class="visually-hidden">: Product Manager vs Product Owner</span></a></li>'
    ) in section
    assert "product-manager,product-manager" not in section


def test_a_team_maps_role_page_compares_within_the_map(client, team_maps):
    """Acme's own role is compared in acme (without the map the comparison is a 400)."""
    section = _compare_section(client.get("/roles/scrum-master/?map=acme").content.decode())
    link = "/compare/?roles=scrum-master,product-manager&amp;map=acme"
    assert f'href="{link}"' in section
    assert "eng-manager" not in section  # globex's own role
    assert client.get(link.replace("&amp;", "&")).status_code == 200


def test_names_are_escaped_in_the_links(client, sample):
    RoleFactory(slug="odd", name='<b>"Odd" & co</b>', abbreviation="<i>")
    section = _compare_section(client.get("/roles/product-manager/").content.decode())
    assert "PM vs &lt;i&gt;" in section
    assert "Product Manager vs &lt;b&gt;&quot;Odd&quot; &amp; co&lt;/b&gt;" in section
    assert "<b>" not in section and "<i>" not in section
