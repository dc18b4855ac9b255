"""Disputes as pages: the list, a dispute with its quoted positions, and on role and
responsibility pages ("Where the sources disagree")."""

import pytest

from tests.factories import RoleFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("disputes")]


def _html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def test_dispute_list_shows_each_topic_summary_roles_and_positions(client, sample):
    html = _html(client, "/disputes/")
    assert "<h1>Where the sources disagree</h1>" in html
    assert html.index("Who owns the product vision: PM or PO?") < html.index(
        "Who writes the status reports?"
    )
    assert 'href="/disputes/who-owns-the-vision/"' in html
    assert "One source gives it to the product manager" in html
    vision = html.split("/disputes/who-owns-the-vision/", 1)[1].split("</li>", 1)[0]
    assert "2 positions" in vision
    assert 'href="/roles/product-owner/">Product Owner</a>' in vision
    assert 'href="/responsibilities/product-vision/">Set the product vision</a>' in vision


def test_dispute_detail_shows_each_position_with_roles_and_cited_quotes(client, sample):
    html = _html(client, "/disputes/who-owns-the-vision/")
    assert "<h1>Who owns the product vision: PM or PO?</h1>" in html
    first, second = html.split('id="position-pm-owns-vision"', 1)[1].split(
        'id="position-po-owns-vision"', 1
    )
    assert "The product manager owns the vision." in first
    assert 'href="/roles/product-manager/">Product Manager</a>' in first
    assert "“The product manager owns the product vision.”" in first
    assert sample.source.citation in first
    assert "The product owner creates the product vision." in second
    assert 'href="/roles/product-owner/">Product Owner</a>' in second
    reports = _html(client, "/disputes/who-writes-reports/")
    assert "No quote takes this position yet." in reports


def test_unknown_dispute_is_a_404(client, sample):
    assert "We could not find that page" in _html(client, "/disputes/nope/", status=404)


def test_role_and_responsibility_pages_show_their_disputes(client, sample):
    for url in ("/roles/product-owner/", "/responsibilities/product-vision/"):
        html = _html(client, url)
        section = html.split('id="disputes-heading"', 1)[1].split("</section>", 1)[0]
        assert "Where the sources disagree" in section
        assert 'href="/disputes/who-owns-the-vision/">Who owns the product vision' in section
        assert "who-writes-reports" not in section
    # pages of a role and a responsibility in no dispute (every sample role is in one)
    RoleFactory(slug="scrum-master")
    assert 'id="disputes-heading"' not in _html(client, "/roles/scrum-master/")
    assert 'id="disputes-heading"' not in _html(client, "/responsibilities/product-backlog/")


def test_footer_links_the_disputes(client, sample):
    footer = _html(client, "/").split('<footer class="site-footer">', 1)[1]
    assert '<a href="/disputes/">Where the sources disagree</a>' in footer
