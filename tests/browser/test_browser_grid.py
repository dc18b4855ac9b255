"""In a real browser: the admin's grid editor works without JavaScript, and with it the
arrow keys (with Alt) move between cells and a changed cell is marked; axe finds nothing."""

import pytest
from django.urls import reverse

from responsibilities.models import Assignment, Level
from roles.models import RoleMap
from tests.browser.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server):
    from tests.factories import UserFactory

    UserFactory(username="grid_editor", is_staff=True, is_superuser=True)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "grid_editor")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def test_the_grid_saves_as_a_plain_form_without_javascript(sample, live_server, page_without_js):
    """GIVEN the sample map and an editor in a browser with JavaScript off
    WHEN the editor follows "Edit as a grid" from the map's page, picks Delivery, sets the
    project manager Informed on "Order the product backlog" with a reason and saves
    THEN the part is saved with the reason, and the page says so."""
    role_map = RoleMap.objects.get()
    page = page_without_js
    _log_in(page, live_server)

    page.goto(live_server.url + reverse("admin:roles_rolemap_change", args=[role_map.pk]))
    page.click("text=Edit as a grid")
    page.click("nav.pmroles-areas >> text=Delivery and backlog")
    page.select_option(
        'select[aria-label="Project Manager, Order the product backlog: level"]', "I"
    )
    page.fill("#id_change_reason", "Grid without scripts")
    page.click("input[name=_save]")

    assert "Saved 1 cell (1 added, 0 changed, 0 removed)." in page.inner_text("ul.messagelist")
    saved = Assignment.objects.get(
        role=sample.roles["prj"], responsibility=sample.responsibilities["product-backlog"]
    )
    assert saved.level == Level.INFORMED
    assert saved.history.first().history_change_reason == "Grid without scripts"


def test_keys_move_between_cells_and_changes_are_marked(sample, live_server, page):
    role_map = RoleMap.objects.get()
    _log_in(page, live_server)
    page.goto(
        live_server.url + reverse("admin:roles_rolemap_grid", args=[role_map.pk]) + "?area=delivery"
    )
    assert_accessible(page)

    first = page.locator("#map-grid tbody tr").first.locator("select.pmroles-level")
    first.nth(0).focus()
    page.keyboard.press("Alt+ArrowRight")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Product Owner, Order the product backlog: level"
    )
    page.keyboard.press("Alt+ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Product Owner, Plan the project schedule: level"
    )
    page.keyboard.press("Alt+ArrowUp")
    page.select_option('select[aria-label="Product Owner, Order the product backlog: level"]', "R")
    cell = page.locator("td.pmroles-cell.is-changed")
    assert cell.count() == 1
    assert "Product Owner, Order the product backlog" in cell.locator("select").first.get_attribute(
        "aria-label"
    )
