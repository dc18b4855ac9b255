"""A part agreed by the team has its own mark and wording everywhere it is shown: never a
source's words."""

import datetime

import pytest

from responsibilities.models import Assignment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_reads")]

RATIONALE = "The team agreed this at the planning offsite."


@pytest.fixture
def agreed(team_maps):
    Assignment.objects.filter(role_map=team_maps.acme).update(
        decided_on=datetime.date(2026, 11, 5), decided_by="Product leadership"
    )
    return team_maps


def test_role_and_responsibility_pages_say_the_team_agreed_it(client, agreed):
    for url in ("/roles/scrum-master/?map=acme", "/responsibilities/run-ceremonies/?map=acme"):
        text = client.get(url).content.decode()
        assert "agreed by the team on 5 November 2026 (Product leadership)" in text, url
        assert 'class="basis basis-agreed"' in text


def test_the_grid_evidence_panel_says_it_is_the_teams_decision(client, agreed):
    text = client.get(
        "/compare/?roles=product-manager,scrum-master&map=acme&evidence=open"
    ).content.decode()
    assert "<strong>Agreed by the team</strong> on 5 November 2026 (Product leadership)" in text
    assert RATIONALE in text
    assert "not what a source says" in text
    assert "basis-agreed" in text


def test_markdown_and_csv_exports_mark_agreed_parts(client, agreed):
    md = client.get(
        "/compare/?roles=product-manager,scrum-master&map=acme&format=md"
    ).content.decode()
    assert "✎ agreed by the team on 2026-11-05 by Product leadership" in md
    csv_text = b"".join(client.get("/matrix/?map=acme&format=csv").streaming_content).decode()
    assert ",agreed" in csv_text


def test_reference_pages_show_no_agreed_part(client, agreed):
    text = client.get("/compare/?roles=product-manager,product-owner&evidence=open").content
    assert b"Agreed by the team</strong>" not in text
