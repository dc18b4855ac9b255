"""The task of issue 15, measured in a real browser: a team's editor maps their own roles.

As a team map's editor: start a team map from the reference map, add a Scrum Master and an
Engineering Manager, set 10 parts through the grid (pasted as lines, most of them the team's
own decisions, one taking a side where the sources disagree), publish the map and compare it
with the reference. Every click, form fill and navigation the user makes is counted (the
`Counted` wrapper); the task must take at most 15. The reference map's pages must read the
same afterwards.
"""

import re

import pytest
from django.test import Client

from responsibilities.models import Assignment
from roles.map_compare import compare_maps
from roles.models import RoleMap
from tests.factories import RoleMapFactory, UserFactory
from tests.snapshot import load_reference

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_ACTIONS = 15

# The reference map's pages, read as an anonymous reader before and after the task.
REFERENCE_PAGES = [
    "/",
    "/matrix/",
    "/matrix/?format=csv",
    "/roles/product-owner/",
    "/responsibilities/prioritize-features/",
    "/compare/?roles=product-manager,product-owner",
    "/compare/?roles=product-manager,product-owner&format=csv",
    "/search/?q=backlog",
]

PARTS = """\
Scrum Master; Take part in sprint planning and other Agile ceremonies; A; agreed; Runs them
Scrum Master; Help engineers break work into manageable pieces; R; agreed; Coaches slicing
Scrum Master; Keep the development team on the most valuable tasks; C; agreed; Guards focus
Engineering Manager; Execute the product vision with the development team; R; agreed; Delivery
Engineering Manager; Decide when to go live; C; agreed; Signs off operational readiness
Engineering Manager; Define the product backlog and write user stories; I; agreed; Staffing
Product Owner; Prioritise what to build first; A; agreed; We side with Scrum: the PO orders work
Product Manager; Prioritise what to build first; C; ; Consulted on priorities, not deciding
Project Manager; Take part in sprint planning and other Agile ceremonies; I; agreed; Follows
Product Marketing Manager; Decide when to go live; I; inferred; Launch timing reaches marketing
"""


class Counted:
    """The page, with every user action counted: navigations, clicks and form fills."""

    def __init__(self, page):
        self.page = page
        self.actions: list[str] = []

    def goto(self, url):
        self.actions.append(f"open {url}")
        self.page.goto(url)

    def fill(self, selector, value):
        self.actions.append(f"fill {selector}")
        self.page.fill(selector, value)

    def click(self, selector):
        self.actions.append(f"click {selector}")
        self.page.click(selector)
        self.page.wait_for_load_state()


def _reference_pages() -> dict[str, str]:
    """Each reference page's main content (the header's map switcher lists every published
    map, so it is left out: it is not the reference map's content)."""
    client = Client()
    found = {}
    for url in REFERENCE_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response).decode()  # streamed or not
        main = re.search(r'<main id="main".*?</main>', body, re.S)
        found[url] = main.group(0) if main else body
    return found


def test_a_team_maps_its_roles_in_at_most_15_actions(live_server, page):
    """GIVEN the reference data and a team map's editor (of another team's map)
    WHEN they start a team map from the reference, add two roles, paste 10 parts into the
    grid, save, publish and open the comparison
    THEN it took at most 15 actions, the team map holds the 10 parts (9 of them the team's
    decisions, the product owner Accountable for prioritising: a side taken in a dispute),
    the comparison lists them, and the reference map's pages read exactly as before."""
    load_reference()
    reference = RoleMap.objects.get(slug="reference")
    user = UserFactory(username="lead", is_staff=True)
    RoleMapFactory(slug="platform", name="Platform team", kind="team").editors.add(user)
    before = _reference_pages()
    reference_parts = sorted(
        Assignment.objects.filter(role_map=reference).values_list(
            "role__slug", "responsibility__slug", "level", "basis", "rationale"
        )
    )
    browser = Counted(page)

    browser.goto(f"{live_server.url}/admin/login/")
    browser.fill("#id_username", "lead")
    browser.fill("#id_password", "correct-horse-battery")
    browser.click("input[type=submit]")
    browser.goto(f"{live_server.url}/admin/roles/rolemap/{reference.pk}/change/")
    browser.click("text=Start a team map from this one")
    assert "/grid/?area=all" in page.url
    for role in ("Scrum Master", "Engineering Manager"):
        browser.fill("#id_role_name", role)
        browser.click("input[name=_add_role]")
    browser.fill("#id_paste", PARTS)
    browser.click("input[name=_save]")
    assert "Saved 10 cells" in page.inner_text("ul.messagelist"), page.inner_text("#content")
    browser.click("#publish-map")
    assert "everyone can see it now" in page.inner_text("ul.messagelist")
    browser.click("#compare-map")

    assert len(browser.actions) <= MAX_ACTIONS, browser.actions
    team = RoleMap.objects.get(based_on=reference, kind="team")
    assert (team.status, list(team.editors.all())) == ("published", [user])
    comparison = compare_maps(reference, team)
    assert comparison.total == 10
    shown = page.inner_text("main")
    for name in ("Scrum Master", "Engineering Manager", "Prioritise what to build first"):
        assert name in shown
    parts = {
        (a.role.slug, a.responsibility.slug): (a.level, a.basis)
        for a in Assignment.objects.filter(role_map=team).select_related("role", "responsibility")
    }
    assert parts[("product-owner", "prioritize-features")] == ("A", "agreed")
    assert parts[("product-manager", "prioritize-features")] == ("C", "agreed")
    assert parts[("scrum-master", "take-part-in-agile-ceremonies")] == ("A", "agreed")
    assert parts[("engineering-manager", "decide-when-to-go-live")] == ("C", "agreed")
    assert parts[("product-marketing-manager", "decide-when-to-go-live")] == ("I", "inferred")
    # The reference map: its parts and its pages are untouched.
    assert (
        sorted(
            Assignment.objects.filter(role_map=reference).values_list(
                "role__slug", "responsibility__slug", "level", "basis", "rationale"
            )
        )
        == reference_parts
    )
    assert _reference_pages() == before
