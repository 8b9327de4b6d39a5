"""Every console and portal page, found on a server that has had its simulated day: the
list pages by address, one page of each kind behind them by following the first link."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from netpatrol import data
from netpatrol.adapters.db import migrate
from netpatrol.bootstrap import bootstrap
from netpatrol.config import Settings
from netpatrol.services.accounts.units import load_units, units_from_data
from tests.browser.conftest import free_port, serving
from tests.factories import TEST_PASSWORD, bearer, simulated_day

CONSOLE = [
    "/console",
    "/console?tab=unit",
    "/console?tab=shared",
    "/console/approvals",
    "/console/dashboard",
    "/console/rumours",
    "/console/publications",
    "/console/inbox",
    "/console/indicators",
    "/console/assistance",
    "/console/search?q=%E5%8D%9A%E5%BD%A9",
    "/console/agencies",
    "/console/accounts",
    "/console/legal",
]
AUDITOR = ["/console/audit"]
PORTAL = ["/", "/alerts", "/debunks", "/receipt", "/lookup?q=13800138000", "/transparency"]
# (list page, link pattern): one page of each kind behind the list pages.
BEHIND = [
    ("/console", r"^/console/clues/\d+$"),
    ("/console/rumours", r"^/console/clusters/\d+$"),
    ("/console/publications", r"^/console/publications/\d+$"),
    ("/console/inbox", r"^/console/inbox/\d+$"),
    ("/console/assistance", r"^/console/assistance/\d+$"),
    ("/alerts", r"^/alerts/\d+$"),
    ("/debunks", r"^/debunks/\d+$"),
]


@dataclass(frozen=True)
class Site:
    url: str
    console: list[str]
    auditor: list[str]
    portal: list[str]


@pytest.fixture(scope="module", name="site")
def site_fixture(tmp_path_factory: pytest.TempPathFactory, browser: Browser) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("pages")
    port = free_port()
    settings = Settings(
        database_url=f"sqlite:///{folder / 'np.db'}", public_url=f"http://127.0.0.1:{port}"
    )
    container = bootstrap(settings)
    migrate.upgrade(container.engine)
    load_units(
        container.uow(), units_from_data(data.load_json("units.json")), "test", container.clock
    )
    simulated_day(container, Path(tempfile.mkdtemp(dir=folder)), posts=60)
    bearer(container, "desk", "national_desk", "000000")
    bearer(container, "auditor", "auditor", "000000")
    with serving(container, settings, port) as url:
        console, portal = list(CONSOLE), list(PORTAL)
        context = signed_in(browser, url, "desk", "zh_CN", {"width": 1366, "height": 860})
        page = context.new_page()
        for listed, pattern in BEHIND:
            found = first_link(page, listed, pattern)
            if found:
                (console if found.startswith("/console") else portal).append(found)
        portal.append(report_receipt(page))
        context.close()
        yield Site(url, console, list(AUDITOR), portal)
    container.dispose()


def first_link(page: Page, listed: str, pattern: str) -> str | None:
    page.goto(listed)
    hrefs = page.locator("main a[href]").evaluate_all("(as) => as.map(a => a.getAttribute('href'))")
    for href in hrefs:
        if re.match(pattern, href or ""):
            return str(href)
    return None


def report_receipt(page: Page) -> str:
    """A report with a short link and a contact, sent from the portal's form."""
    page.goto("/")
    page.locator("#category").select_option(index=1)
    page.locator("#link").fill("t.cn/A6xYz9Q")
    page.locator("#text").fill("有人在群里推广博彩网站，充值返利")
    page.locator("#contact").fill("13900001111")
    page.locator("#report-form button[type=submit]").click()
    return "/receipt/" + page.locator("#receipt-code").inner_text().strip()


def signed_in(
    browser: Browser, url: str, username: str, locale: str, viewport: dict[str, int]
) -> BrowserContext:
    context = browser.new_context(base_url=url, viewport=viewport)  # type: ignore[arg-type]
    context.add_cookies([{"name": "np_lang", "value": locale, "url": url}])
    page = context.new_page()
    page.goto("/console/login")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("form[action='/console/login'] button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/login"))
    lang = locale.replace("_", "-")
    if page.locator("html").get_attribute("lang") != lang:  # the account's last language
        page.locator(f"form[action='/console/language'] button[value={locale}]").click()
        expect(page.locator("html")).to_have_attribute("lang", lang)
    page.close()
    return context
