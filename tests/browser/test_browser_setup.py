"""Without Chromium the browser tests skip with a reason, or fail when CI requires them."""

import pytest

from tests.browser import browser


def test_missing_chromium_skips_with_a_clear_reason(monkeypatch, tmp_path):
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("PMROLES_REQUIRE_BROWSER", raising=False)
    with pytest.raises(
        pytest.skip.Exception, match=f"Chromium is not installed at {tmp_path}/no-chromium"
    ):
        browser._require_chromium()


def test_missing_chromium_fails_when_the_browser_is_required(monkeypatch, tmp_path):
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.setenv("PMROLES_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="PMROLES_REQUIRE_BROWSER=1"):
        browser._require_chromium()


def test_the_headless_shell_is_preferred_and_the_full_browser_is_the_fallback(
    monkeypatch, tmp_path
):
    """Debian's headless shell when it is there (half the CPU), else Debian's full browser;
    PMROLES_CHROMIUM names another binary."""
    shell, full = tmp_path / "chromium-headless-shell", tmp_path / "chromium"
    monkeypatch.setattr(browser, "HEADLESS_SHELL", shell)
    monkeypatch.setattr(browser, "FULL_BROWSER", full)
    monkeypatch.delenv("PMROLES_CHROMIUM", raising=False)
    assert browser._chromium() == full
    shell.touch()
    assert browser._chromium() == shell
    monkeypatch.setenv("PMROLES_CHROMIUM", "/opt/other/chrome")
    assert str(browser._chromium()) == "/opt/other/chrome"
