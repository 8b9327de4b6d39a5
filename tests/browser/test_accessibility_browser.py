"""axe-core (vendored from its npm package, tests/browser/vendor/, never served by the app)
over every console and portal page: no serious or critical violation."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.pages import Site, signed_in, site_fixture  # noqa: F401

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
DESKTOP = {"width": 1366, "height": 860}


def violations(page: Page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8"))  # run by the driver: the CSP stays as served
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3)
            .map(n => n.target.join(' ')).join(' | '))"""
    )
    return [str(v) for v in found]


def audit(browser: Browser, site: Site, who: str | None, paths: list[str]) -> list[str]:
    problems = []
    for locale in ("zh_CN", "en"):
        if who:
            context = signed_in(browser, site.url, who, locale, DESKTOP)
        else:
            context = browser.new_context(base_url=site.url, viewport=DESKTOP)  # type: ignore[arg-type]
            context.add_cookies([{"name": "np_lang", "value": locale, "url": site.url}])
        page = context.new_page()
        for path in paths:
            page.goto(path)
            problems += [f"{path} {locale}: {v}" for v in violations(page)]
        context.close()
    return problems


def test_axe_finds_nothing_serious_on_the_console(browser: Browser, site: Site) -> None:
    problems = audit(browser, site, "desk", site.console)
    problems += audit(browser, site, "auditor", site.auditor)
    assert not problems, "\n".join(problems)


def test_axe_finds_nothing_serious_on_the_portal(browser: Browser, site: Site) -> None:
    problems = audit(browser, site, None, site.portal)
    assert not problems, "\n".join(problems)


def test_axe_reports_what_it_should(browser: Browser) -> None:
    page = browser.new_page()
    page.set_content(
        '<html lang="en"><body><main><img src="x.png"><button></button></main></body></html>'
    )
    found = " ".join(violations(page))
    page.close()
    assert "image-alt (critical)" in found and "button-name (critical)" in found
