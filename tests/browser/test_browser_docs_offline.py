"""The API docs (Redoc and Swagger UI) load nothing from the internet."""

import pytest

from tests.factories import RoleMapFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.mark.parametrize("path", ["/api/redoc/", "/api/docs/"])
def test_docs_make_no_request_to_another_host(live_server, page, path):
    RoleMapFactory()
    sent, blocked = [], []
    local = live_server.url

    def remote(url: str) -> bool:
        # blob: and data: URLs (Redoc's worker) never leave the browser.
        return not url.startswith((local, "blob:", "data:"))

    page.on("requestfinished", lambda r: sent.append(r.url) if remote(r.url) else None)
    page.on(
        "requestfailed", lambda r: blocked.append((r.url, r.failure)) if remote(r.url) else None
    )
    page.goto(local + path)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1000)  # Redoc draws after the schema arrives
    assert sent == []
    # Redoc's bundle asks for its attribution logo on cdn.redoc.ly; the page's
    # Content-Security-Policy stops it in the browser, before any network traffic.
    assert all(failure == "csp" for _, failure in blocked), blocked
    assert "pmroles API" in page.content()
