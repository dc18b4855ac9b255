"""Playwright fixtures that drive Debian's Chromium (never a downloaded browser).

tests/conftest.py registers the fixtures once, under the names `browser`, `page`,
`page_without_js` and `browser_page`. The browser is Debian's `chromium-headless-shell`
(/usr/bin/chromium-headless-shell: the same Chromium release built as the headless shell
Playwright itself runs for headless tests), else Debian's full `chromium` (/usr/bin/chromium).
The shell renders with the same engine and costs about half the CPU: the whole browser
directory took 106 s of the machine's CPU with it against 193 s with the full browser
(docs/performance.md, *Test suite*). PMROLES_CHROMIUM names another binary. Without either,
the browser tests are skipped with a clear reason, unless PMROLES_REQUIRE_BROWSER=1 (CI),
where a missing browser fails the run instead.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM
# calls made by the test (factories) as "async-unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

HEADLESS_SHELL = Path("/usr/bin/chromium-headless-shell")
FULL_BROWSER = Path("/usr/bin/chromium")


def _chromium() -> Path:
    named = os.environ.get("PMROLES_CHROMIUM")
    if named:
        return Path(named)
    return HEADLESS_SHELL if HEADLESS_SHELL.exists() else FULL_BROWSER


CHROMIUM = _chromium()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(settings.BASE_DIR) / "artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = (
        f"Chromium is not installed at {CHROMIUM} (apt-get install chromium-headless-shell, "
        "or chromium); CI installs it"
    )
    if os.environ.get("PMROLES_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{message} (PMROLES_REQUIRE_BROWSER=1 makes this a failure)")
    pytest.skip(message)


@pytest.fixture(scope="session", name="browser")
def browser_fixture():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(name="page")
def page_fixture(browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(name="page_without_js")
def page_without_js_fixture(browser):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under artifacts/ (a CI artefact) and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_accessible(page) -> None:
    """axe-core (shipped by axe-playwright-python) finds no WCAG or best-practice violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.fixture(name="browser_page")
def browser_page_fixture(page):
    """One desktop page in the shared Chromium (used by the admin edit-and-revert test)."""
    page.set_default_timeout(15_000)
    return page
