"""No page, API answer, export, search or finder result of one map shows another map's own
roles or responsibilities; a map's pages cost the same queries whatever the other maps hold."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from responsibilities.models import Assignment
from tests.factories import QuoteFactory
from tests.world import ROLE_SLUGS
from tests.world_scale import grow_team_maps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_reads")]

OWN = {
    "acme": ("Scrum Master", "scrum-master", "Run the ceremonies", "run-ceremonies"),
    "globex": ("Engineering Manager", "eng-manager", "Grow the engineers", "grow-engineers"),
}


def _urls(slug: str, source_pk: int) -> list[str]:
    m = f"map={slug}"
    roles = ",".join(ROLE_SLUGS[:2])
    return [
        f"/?{m}",
        f"/roles/product-manager/?{m}",
        f"/compare/?roles={roles}&{m}",
        f"/compare/?roles={roles}&{m}&format=csv",
        f"/compare/?roles={roles}&{m}&format=md",
        f"/matrix/?{m}",
        f"/matrix/?{m}&format=csv",
        f"/responsibilities/product-vision/?{m}",
        f"/finder/?{m}",
        f"/finder/?{m}&fq=engineers+ceremonies&pick=search",
        f"/finder/?{m}&find=1&responsibilities=product-vision",
        f"/search/?{m}&q=engineers",
        f"/search/?{m}&q=ceremonies",
        f"/search/?{m}&q=manager",
        f"/sources/?{m}",
        f"/sources/{source_pk}/?{m}",
        f"/maps/compare/?b={slug}&a=reference" if slug != "reference" else f"/method/?{m}",
        f"/api/v1/roles/?{m}",
        f"/api/v1/roles/product-manager/?{m}",
        f"/api/v1/responsibilities/?{m}",
        f"/api/v1/responsibilities/product-vision/?{m}",
        f"/api/v1/assignments/?{m}",
        f"/api/v1/quotes/?{m}",
        f"/api/v1/matrix/?{m}",
        f"/api/v1/compare/?roles={roles}&{m}",
        f"/api/v1/finder/?responsibilities=product-vision&{m}",
    ]


def _export(slug: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("export_roles", "--format", "json", "--map", slug, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("slug", ["acme", "globex", "reference"])
def test_no_read_of_one_map_shows_another_maps_own_entries(client, team_maps, slug):
    """GIVEN two team maps, each with an own role and responsibility, both citing one quote
    WHEN every page, API answer and export is read for one map
    THEN none names the other map's own role or responsibility (the reference map: neither)
    """
    quote = QuoteFactory(text="Teams grow their engineers and run their ceremonies.")
    for part in Assignment.objects.filter(role_map__kind="team"):
        part.quotes.add(quote)
    hidden = [words for other, words in OWN.items() if other != slug]
    for url in _urls(slug, quote.source_id):
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode()
        for words in hidden:
            for word in words:
                assert word not in text, (url, word)
    exported = _export(slug)
    for words in hidden:
        for word in words:
            assert word not in exported, ("export", word)
    if slug in OWN:  # the map's own entries are there: the walk is not empty
        name, role_slug, work, _ = OWN[slug]
        assert name in client.get(f"/?map={slug}").content.decode()
        assert work in client.get(f"/matrix/?map={slug}").content.decode()
        assert role_slug in {r["slug"] for r in json.loads(exported)["roles"]}


TEAM_PAGES = [
    "/?map=acme",
    "/roles/scrum-master/?map=acme",
    "/compare/?roles=product-manager,scrum-master&map=acme",
    "/matrix/?map=acme",
    "/responsibilities/run-ceremonies/?map=acme",
    "/finder/?map=acme",
    "/search/?q=ceremonies&map=acme",
    "/maps/compare/?b=acme",
]


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_a_team_maps_pages_cost_the_same_whatever_other_maps_hold(client, team_maps, sample):
    small = {url: _count(client, url) for url in TEAM_PAGES}
    grow_team_maps(sample, maps=4, own=5)
    large = {url: _count(client, url) for url in TEAM_PAGES}
    assert large == small
