"""Each console and portal page at 390x844 and 1366x860, in Chinese and in English: no
sideways scroll, and no words of the other language left in the page's own text (labels,
headings, buttons, table heads, notes); screenshots under artefacts/browser/pages/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.pages import Site, signed_in, site_fixture  # noqa: F401

pytestmark = pytest.mark.browser

VIEWPORTS = {"390": {"width": 390, "height": 844}, "1366": {"width": 1366, "height": 860}}
# the page's own words, not what people wrote: user data sits in cells, quotes and lists
CHROME = (
    "h1, h2, h3, th, label, legend, summary, button, caption, nav a, figcaption, "
    "p.muted, p.lead, p.suggest, .flash, dt, footer p"
)
USER_DATA = (
    "code, kbd, [translate=no], [lang]:not(html), .user-data, pre, blockquote, "
    "select[name=unit], select[name=assignee]"
)
# names and codes that read the same in both languages
KEPT = {"netpatrol", "atom", "english", "cookie", "webp", "wechat"}
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def own_text(page: Page) -> list[str]:
    """The text of the page's own elements, less code, ids and user data marked as such."""
    return page.locator(CHROME).evaluate_all(
        "(els, skip) => els.filter(e => !e.closest(skip)).map(e => {"
        " const c = e.cloneNode(true);"
        " c.querySelectorAll(skip + ', select, textarea').forEach(x => x.remove());"
        " return c.textContent || ''; })",
        USER_DATA,
    )


def leftovers(texts: list[str], locale: str) -> list[str]:
    found = []
    for text in texts:
        if locale == "zh_CN":
            words = [w for w in ENGLISH_WORD.findall(text) if w.lower() not in KEPT]
            words = [w for w in words if not w.isupper()]  # codes: CSV, STIX, CL-266
        else:
            words = CHINESE.findall(text)
        if words:
            found.append(text.strip()[:80])
    return found


def overflow(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def too_wide(page: Page) -> list[str]:
    """The innermost elements reaching past the right edge, to say where the scroll comes from."""
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .filter(e => ![...e.children].some(c =>
                c.getBoundingClientRect().right > window.innerWidth + 1))
            .slice(0, 3)
            .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                + (e.className ? '.' + String(e.className).split(' ').join('.') : ''))"""
        )
    )


def shot_name(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


def walk(browser: Browser, site: Site, who: str | None, paths: list[str], out: Path) -> list[str]:
    problems = []
    for size, viewport in VIEWPORTS.items():
        for locale in ("zh_CN", "en"):
            if who:
                context = signed_in(browser, site.url, who, locale, viewport)
            else:
                context = browser.new_context(base_url=site.url, viewport=viewport)  # type: ignore[arg-type]
                context.add_cookies([{"name": "np_lang", "value": locale, "url": site.url}])
            page = context.new_page()
            for path in paths:
                answer = page.goto(path)
                assert answer is not None and answer.status < 500, path
                if (wider := overflow(page)) > 0:
                    where = ", ".join(too_wide(page))
                    problems.append(f"{path} {size} {locale}: {wider}px sideways scroll: {where}")
                for text in leftovers(own_text(page), locale):
                    problems.append(f"{path} {size} {locale}: {text!r}")
                page.screenshot(path=out / f"{shot_name(path)}-{size}-{locale}.png", full_page=True)
            context.close()
    return problems


@pytest.fixture(scope="module")
def shots(artefacts: Path) -> Path:
    folder = artefacts / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_every_console_page_fits_and_speaks_one_language(
    browser: Browser, site: Site, shots: Path
) -> None:
    problems = walk(browser, site, "desk", site.console, shots)
    problems += walk(browser, site, "auditor", site.auditor, shots)
    (shots / "console-problems.txt").write_text("\n".join(problems), encoding="utf-8")
    assert not problems, "\n".join(problems[:60])


def test_every_portal_page_fits_and_speaks_one_language(
    browser: Browser, site: Site, shots: Path
) -> None:
    problems = walk(browser, site, None, site.portal, shots)
    (shots / "portal-problems.txt").write_text("\n".join(problems), encoding="utf-8")
    assert not problems, "\n".join(problems[:60])
