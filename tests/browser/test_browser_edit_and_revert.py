"""In a real browser: log in, change a RACI level on a role's page, see it, revert it."""

import pytest

from responsibilities.models import Assignment, Level
from tests.factories import AssignmentFactory, QuoteFactory, RoleMapFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_edit_level_on_role_page_then_revert_from_history(live_server, browser_page):
    """GIVEN a product owner Consulted on "Backlog ordering" and a staff editor
    WHEN the editor sets the part to Responsible in the admin with a reason, then reverts
    that change from the assignment's history
    THEN the public role page shows Responsible after the edit, the history shows the reason,
    and after the revert both the page and the database are back to Consulted
    """
    RoleMapFactory()
    UserFactory(username="staff_editor", is_staff=True, is_superuser=True)
    assignment = AssignmentFactory(
        role__name="Product Owner",
        responsibility__name="Backlog ordering",
        level=Level.CONSULTED,
        quotes=[QuoteFactory()],
    )
    role = assignment.role
    page = browser_page

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "staff_editor")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/roles/role/{role.pk}/change/")
    page.select_option("#id_assignments-0-level", Level.RESPONSIBLE)
    page.fill("#id_change_reason", "The handbook says Responsible")
    page.click("input[name=_save]")
    page.wait_for_url(f"{live_server.url}/admin/roles/role/")
    assert Assignment.objects.get(pk=assignment.pk).level == Level.RESPONSIBLE

    page.goto(f"{live_server.url}/roles/{role.slug}/")
    item = page.locator("li", has_text="Backlog ordering")
    assert "Responsible" in item.locator(".level").first.inner_text()

    page.goto(f"{live_server.url}/admin/responsibilities/assignment/{assignment.pk}/history/")
    assert "The handbook says Responsible" in page.inner_text("#change-history")
    page.locator("#change-history tbody tr").last.locator("a").first.click()
    page.click("input[name=_save]")  # the Revert button
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/roles/{role.slug}/")
    item = page.locator("li", has_text="Backlog ordering")
    assert "Consulted" in item.locator(".level").first.inner_text()
    assert Assignment.objects.get(pk=assignment.pk).level == Level.CONSULTED
