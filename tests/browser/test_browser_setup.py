"""Without Chromium the browser tests skip with a reason, or fail when CI requires them."""

import pytest

from tests.browser import browser


def test_missing_chromium_skips_with_a_clear_reason(monkeypatch, tmp_path):
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("PMROLES_REQUIRE_BROWSER", raising=False)
    with pytest.raises(
        pytest.skip.Exception, match="Chromium is not installed at /usr/bin/chromium"
    ):
        browser._require_chromium()


def test_missing_chromium_fails_when_the_browser_is_required(monkeypatch, tmp_path):
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.setenv("PMROLES_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="PMROLES_REQUIRE_BROWSER=1"):
        browser._require_chromium()
