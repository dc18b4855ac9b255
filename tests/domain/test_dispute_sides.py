"""Which side a team map took where the sources disagree (roles.dispute_sides), on the
responsibility page, in the grid's evidence panel, in the API and in map health."""

import datetime

import pytest

from responsibilities.models import Assignment, Basis, Level
from roles.dispute_sides import Position, dispute_sides
from roles.models import RoleMap
from roles.services import copy_role_map
from tests.world_scale import grow

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_reads")]

PM_SIDE = Position("pm-owns-vision", "The product manager owns the vision.")
PO_SIDE = Position("po-owns-vision", "The product owner owns the vision.")


@pytest.fixture
def ours(disputes):
    """A fresh copy of the reference map: the product manager Accountable for the vision."""
    return copy_role_map(source=RoleMap.objects.get(slug="reference"), name="Ours", slug="ours")


def _part(team, role, responsibility):
    return Assignment.objects.get(
        role_map=team, role__slug=role, responsibility__slug=responsibility
    )


def _move_vision_to_the_product_owner(team):
    for role, level in (("product-manager", Level.RESPONSIBLE), ("product-owner", "A")):
        Assignment.objects.filter(
            role_map=team, role__slug=role, responsibility__slug="product-vision"
        ).update(
            level=level,
            basis=Basis.AGREED,
            rationale="We moved it.",
            decided_on=datetime.date(2026, 11, 5),
        )


def test_the_side_whose_roles_are_the_teams_holders_is_taken(ours, django_assert_num_queries):
    """GIVEN a copy where the product manager is Accountable for the vision (disputed between
    the PM and the PO, one position each) WHEN the sides are computed for the map's parts
    THEN both disputed roles' parts say the team took the PM's side, the PO's is the other;
    the launch (project vs marketing manager) is settled for marketing, and the product
    manager's part there is not in that dispute; the reports' only position names no role,
    so no single side matches. Queries: disputes with their roles, positions with their
    roles, the team's holders."""
    parts = list(Assignment.objects.filter(role_map=ours))
    with django_assert_num_queries(3):
        found = dispute_sides(ours, parts)
    pm, po = (
        _part(ours, "product-manager", "product-vision"),
        _part(ours, "product-owner", "product-vision"),
    )
    for part in (pm, po):
        (side,) = found[part.pk]
        assert (side.dispute, side.taken, side.others) == (
            "who-owns-the-vision",
            (PM_SIDE,),
            (PO_SIDE,),
        )
    marketing = found[_part(ours, "product-marketing-manager", "launch-messaging").pk]
    assert [p.statement for p in marketing[0].taken] == ["Marketing runs it."]
    assert [p.statement for p in marketing[0].others] == ["The project manager runs it."]
    assert _part(ours, "product-manager", "launch-messaging").pk not in found
    (reports,) = found[_part(ours, "project-manager", "status-reports").pk]
    assert reports.taken == ()
    assert [p.key for p in reports.others] == ["prj-writes"]
    # Only disputed parts are there.
    assert _part(ours, "product-owner", "product-backlog").pk not in found


def test_moving_the_work_moves_the_side_and_reference_maps_take_none(ours):
    _move_vision_to_the_product_owner(ours)
    pm = _part(ours, "product-manager", "product-vision")
    (side,) = dispute_sides(ours, [pm])[pm.pk]
    assert (side.taken, side.others) == ((PO_SIDE,), (PM_SIDE,))
    reference = RoleMap.objects.get(slug="reference")
    assert dispute_sides(reference, list(Assignment.objects.filter(role_map=reference))) == {}


def test_the_count_is_the_same_with_ten_times_the_data(ours, sample, django_assert_num_queries):
    parts = list(Assignment.objects.filter(role_map=ours))
    with django_assert_num_queries(3):
        small = dispute_sides(ours, parts)
    grow(sample, 10)
    bigger = copy_role_map(source=RoleMap.objects.get(slug="reference"), name="Big", slug="big")
    parts = list(Assignment.objects.filter(role_map=bigger))
    with django_assert_num_queries(3):
        large = dispute_sides(bigger, parts)
    assert len(large) == len(small)


def test_pages_show_the_side_taken(client, ours):
    """The responsibility page, the role page and the grid's evidence panel of a team map
    say which side the team took, with the other position; the reference map's pages take
    no side."""
    _move_vision_to_the_product_owner(ours)
    took = "Your team took this side: “The product owner owns the vision.”"
    other = "<li>“The product manager owns the vision.”</li>"
    text = client.get("/responsibilities/product-vision/?map=ours").content.decode()
    assert took in text and other in text
    text = client.get(
        "/compare/?roles=product-manager,product-owner&map=ours&evidence=open"
    ).content.decode()
    assert text.count(took) == 2  # the PM's cell and the PO's cell
    assert other in text
    text = client.get("/roles/product-owner/?map=ours").content.decode()
    assert text.count(took) == 1 and other in text  # the PO's part on the vision
    for url in (
        "/roles/product-owner/",
        "/responsibilities/product-vision/",
        "/compare/?roles=product-manager,product-owner&evidence=open",
    ):
        assert "Your team took this side" not in client.get(url).content.decode()
    text = client.get("/responsibilities/status-reports/?map=ours").content.decode()
    assert "Your team's parts here match no single side." in text


def test_the_api_carries_the_side_taken(api_client, ours):
    _move_vision_to_the_product_owner(ours)
    body = api_client.get(
        "/api/v1/assignments/?map=ours&responsibility=product-vision&page_size=100"
    ).json()
    sides = {a["role"]: a["dispute_sides"] for a in body["results"]}
    expected = [
        {
            "dispute": "who-owns-the-vision",
            "topic": "Who owns the product vision: PM or PO?",
            "taken": [{"key": PO_SIDE.key, "statement": PO_SIDE.statement}],
            "others": [{"key": PM_SIDE.key, "statement": PM_SIDE.statement}],
        }
    ]
    assert sides["product-manager"] == sides["product-owner"] == expected
    pm = _part(ours, "product-manager", "product-vision")
    assert api_client.get(f"/api/v1/assignments/{pm.pk}/").json()["dispute_sides"] == expected
    body = api_client.get("/api/v1/assignments/?responsibility=product-vision").json()
    assert all(a["dispute_sides"] == [] for a in body["results"])


def test_map_health_names_the_side_taken(ours):
    from roles.health import map_health

    _move_vision_to_the_product_owner(ours)
    messages = [f.message for f in map_health(ours).findings if f.kind == "dispute-side-taken"]
    assert (
        "The sources disagree (Who owns the product vision: PM or PO?); the team made Product "
        "Owner A for “Set the product vision”. It took this side: “The product owner owns the "
        "vision.”"
    ) in messages


def test_team_pages_with_sides_cost_the_same_small_and_large(client, ours, sample):
    """The responsibility page and the grid of a team map with disputed parts cost the same
    queries when the other maps and the reference data grow (sides: at most three)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.world_scale import grow_team_maps

    urls = [
        "/responsibilities/product-vision/?map=ours",
        "/compare/?roles=product-manager,product-owner&map=ours&evidence=open",
    ]

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = [count(url) for url in urls]
    grow(sample, 10)
    grow_team_maps(sample, maps=3, own=3)
    assert [count(url) for url in urls] == small


def test_the_api_answer_costs_the_same_small_and_large(
    api_client, ours, sample, django_assert_num_queries
):
    """/api/v1/assignments/?map=ours: the map, count, assignments (+map, role, responsibility,
    area), quotes (+source), departures, then the sides (disputes with their roles, positions
    with their roles, the team's holders), at 1x and 10x the data."""
    url = "/api/v1/assignments/?map=ours&page_size=100"
    with django_assert_num_queries(8):
        small = api_client.get(url).json()
    grow(sample, 10)
    more = RoleMap.objects.get(slug="ours")
    for part in Assignment.objects.filter(role_map__slug="reference").exclude(
        responsibility__in=Assignment.objects.filter(role_map=more).values("responsibility")
    ):
        Assignment.objects.create(
            role_map=more,
            role=part.role,
            responsibility=part.responsibility,
            level=part.level,
            basis=Basis.AGREED,
            rationale="Ours too.",
            decided_on=datetime.date(2026, 11, 5),
        )
    with django_assert_num_queries(8):
        large = api_client.get(url).json()
    assert large["count"] > 5 * small["count"]
    assert any(a["dispute_sides"] for a in large["results"])
