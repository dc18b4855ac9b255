"""In a real browser at 1280 px: the admin change pages fit, stay short and pass axe."""

import pytest

from responsibilities.models import Level
from tests.browser.browser import assert_accessible, screenshot
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    QuoteFactory,
    ResponsibilityFactory,
    RoleFactory,
    RoleMapFactory,
    RoleVariantFactory,
    SourceFactory,
    UserFactory,
)
from tests.snapshot import built_once

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

LONG = (
    "Product managers are responsible for the success of the product: they decide what to "
    "build and why, and measure whether it worked, working with engineering and design."
)


@pytest.fixture
def busy_role(transactional_db):
    """A role like the reference product manager: about forty assignments with quotes. Built
    once, then written back for each test (tests/snapshot.py)."""
    return built_once("busy_role", _build_busy_role)


def _build_busy_role():
    RoleMapFactory()
    UserFactory(username="staff_editor", is_staff=True, is_superuser=True)
    role = RoleFactory(name="Product manager", slug="product-manager")
    source = SourceFactory(title="Escaping the Build Trap")
    for a in range(4):
        area = AreaFactory(name=f"Area {a}", slug=f"area-{a}", order=a)
        for i in range(10):
            AssignmentFactory(
                role=role,
                responsibility=ResponsibilityFactory(
                    area=area, name=f"Decide and measure responsibility {a}-{i} in detail"
                ),
                level=Level.RESPONSIBLE,
                quotes=[QuoteFactory(source=source, text=f"{LONG} ({a}-{i}, {q})") for q in "ab"],
            )
    for v in range(3):
        RoleVariantFactory(role=role, quotes=[QuoteFactory(source=source, text=f"{LONG} v{v}")])
    return role


def _log_in(page, live_server):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "staff_editor")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def _size(page) -> tuple[int, int]:
    return (
        page.evaluate("document.documentElement.scrollWidth"),
        page.evaluate("document.documentElement.scrollHeight"),
    )


def test_role_change_page_fits_1280_is_short_and_accessible(live_server, browser_page, busy_role):
    page = browser_page
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/roles/role/{busy_role.pk}/change/")
    page.wait_for_load_state("networkidle")  # select2 has drawn its widgets
    width, height = _size(page)
    screenshot(page, "admin-role-change")
    assert width <= 1280
    # 10 of the 40 assignments (one area) and the variants folded: a few screens, not 13,000 px.
    assert height <= 6000
    assert page.locator("#assignments-group tbody tr.has_original").count() == 10
    assert "Escaping the Build Trap: “Product managers are responsible" in page.inner_text(
        "#assignments-group"
    )
    assert_accessible(page)

    page.click("text=Area 2 (10)")
    page.wait_for_load_state("networkidle")
    assert "responsibility 2-0" in page.inner_text("#assignments-group")
    assert _size(page)[0] <= 1280
    assert_accessible(page)


def test_responsibility_and_assignment_pages_are_accessible(live_server, browser_page, busy_role):
    page = browser_page
    _log_in(page, live_server)
    assignment = busy_role.assignments.first()
    for url in (
        f"/admin/responsibilities/responsibility/{assignment.responsibility_id}/change/",
        f"/admin/responsibilities/assignment/{assignment.pk}/change/",
        f"/admin/responsibilities/quote/{assignment.quotes.first().pk}/change/",
        "/admin/roles/role/add/",
    ):
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        assert _size(page)[0] <= 1280, url
        assert_accessible(page)
