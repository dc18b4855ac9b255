"""At 390 px (a phone), with the reference data: no page is wider than the screen, and the
comparison's grid starts within the first 1,000 px."""

import pytest

from responsibilities.models import Dispute, Responsibility, Source
from roles.models import Role
from tests.browser.browser import screenshot
from tests.factories import UserFactory
from tests.snapshot import load_reference

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}

# The page's scroll width, and the elements sticking out past the screen's right edge that no
# scroll box of their own clips (to say which element overflows).
WIDEST = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= width + 1 || clipped(el)) continue;
    out.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.right)}`);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(n);
    const r = range.getBoundingClientRect();
    if (r.right > width + 1 && !clipped(n.parentElement) && r.width > 0) {
      out.push(`text "${n.textContent.trim().slice(0, 40)}" ${Math.round(r.right)}`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, worst: out.slice(-4)};
}"""


def _public_pages() -> list[str]:
    roles = list(Role.objects.order_by("order").values_list("slug", flat=True))
    first_responsibility = Responsibility.objects.order_by("pk").values_list("slug", flat=True)
    return [
        "/",
        "/method/",
        "/matrix/",
        "/maps/compare/",
        "/maps/compare/?b=no-product-manager",
        "/finder/",
        "/finder/?find=1&responsibilities=manage-product-backlog"
        "&responsibilities=define-product-strategy-and-roadmap",
        "/search/?q=backlog",
        "/sources/",
        f"/sources/{Source.objects.order_by('pk').first().pk}/",
        "/disputes/",
        f"/disputes/{Dispute.objects.order_by('pk').first().slug}/",
        "/no-such-page/",
        f"/compare/?roles={roles[0]},{roles[1]}",
        f"/compare/?roles={roles[0]},{roles[3]}",
        "/compare/?roles=" + ",".join(roles),
        "/compare/?roles=" + ",".join(roles) + "&evidence=open",
        *(f"/roles/{slug}/" for slug in roles),
        f"/responsibilities/{first_responsibility.first()}/",
        "/responsibilities/talk-to-customers/",
    ]


def test_no_public_page_is_wider_than_a_phone(live_server, browser):
    """GIVEN the reference data and a 390 px wide Chromium WHEN every public page is opened
    THEN none scrolls sideways; the failure names each page, its width and the widest
    element."""
    load_reference()
    context = browser.new_context(viewport=PHONE_390)
    page = context.new_page()
    too_wide = []
    try:
        for path in _public_pages():
            page.goto(live_server.url + path)
            measured = page.evaluate(WIDEST)
            if measured["scroll"] > PHONE_390["width"]:
                too_wide.append((path, measured))
    finally:
        context.close()
    assert too_wide == [], "\n".join(f"{path}: {m}" for path, m in too_wide)


def test_admin_history_page_fits_a_phone(live_server, browser):
    load_reference()
    UserFactory(username="admin", is_staff=True, is_superuser=True)
    role = Role.objects.get(slug="product-owner")
    role.save()
    context = browser.new_context(viewport=PHONE_390)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", "correct-horse-battery")
        page.click("input[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")
        page.goto(f"{live_server.url}/admin/roles/role/{role.pk}/history/")
        measured = page.evaluate(WIDEST)
        assert measured["scroll"] <= PHONE_390["width"], measured
    finally:
        context.close()


def test_on_a_phone_the_comparison_grid_starts_within_1000_px(live_server, browser):
    """GIVEN four roles compared on a 390 px screen WHEN the page opens THEN the grid's top is
    within the first 1,000 px (the filters sit behind one control), and the control opens
    them."""
    load_reference()
    context = browser.new_context(viewport=PHONE_390)
    page = context.new_page()
    try:
        for roles in [
            "product-manager,product-owner",
            "product-manager,product-owner,project-manager,product-marketing-manager",
        ]:
            page.goto(f"{live_server.url}/compare/?roles={roles}")
            top = page.evaluate(
                "document.querySelector('table.cgrid').getBoundingClientRect().top + scrollY"
            )
            assert top < 1000, (roles, top)
        screenshot(page, "compare-phone-390")
        assert not page.locator("#show-shared").is_visible()
        page.locator("details.grid-filters > summary").click()
        assert page.locator("#show-shared").is_visible()
    finally:
        context.close()
