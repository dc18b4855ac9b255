"""Pages say what kind of map they show and when it was last reviewed; past due says so."""

import datetime

import pytest

from roles.models import RoleMap

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_reads")]


def test_a_team_map_says_when_it_was_reviewed_and_that_it_is_past_due(client, team_maps):
    RoleMap.objects.filter(slug="acme").update(
        last_reviewed=datetime.date(2020, 1, 1), review_every_days=30
    )
    text = client.get("/matrix/?map=acme").content.decode()
    assert "<strong>A team map:</strong>" in text
    assert "Last reviewed on 1 January 2020." in text
    assert "Past its review date</strong> (due 31 January 2020)" in text


def test_a_map_reviewed_in_time_is_not_past_due(client, team_maps):
    RoleMap.objects.filter(slug="acme").update(
        last_reviewed=datetime.date.today(), review_every_days=30
    )
    text = client.get("/?map=acme").content.decode()
    assert "Last reviewed on" in text and "Past its review date" not in text
    assert "A team map" not in client.get("/").content.decode()
