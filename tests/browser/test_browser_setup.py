"""In CI a missing browser fails the run instead of skipping every browser test, and apt
waits for another apt's lock instead of giving up."""

from __future__ import annotations

import pytest

from tests.browser import conftest


@pytest.mark.parametrize("ci", ["1", "true"])
def test_a_missing_browser_fails_in_ci(monkeypatch: pytest.MonkeyPatch, ci: str) -> None:
    monkeypatch.setattr(conftest, "REQUIRE_SERVICES", False)
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="chromium missing"):
        conftest.missing_browser("chromium missing")


def test_a_missing_browser_fails_when_services_are_required(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(conftest, "REQUIRE_SERVICES", True)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.fail.Exception):
        conftest.missing_browser("chromium missing")


def test_a_missing_browser_skips_on_a_workstation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conftest, "REQUIRE_SERVICES", False)
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        conftest.missing_browser("chromium missing")


def test_apt_waits_for_the_package_lock() -> None:
    install = conftest.apt_command("install", "chromium")
    update = conftest.apt_command("update")
    for command in (install, update):
        lock = command.index("-o")
        assert command[lock + 1] == "DPkg::Lock::Timeout=300"
    assert install[-1] == "chromium" and "-y" in install
    assert update[-1] == "update"
