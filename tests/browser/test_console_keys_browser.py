"""The dismissal key, the opt-in desktop notification for a new critical clue, and the
account and legal-catalogue pages of a unit admin, at 1366 px and at 390 px wide."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from netpatrol.domain.categories import Severity
from netpatrol.services.patrol.batch import patrol_batch
from netpatrol.services.patrol.post_input import parse_post
from tests.browser.conftest import Live
from tests.browser.test_queue_search_browser import no_sideways_scroll, open_page, sign_in
from tests.factories import TEST_PASSWORD, bearer

pytestmark = pytest.mark.browser
WIDE = {"width": 1366, "height": 860}
PHONE = {"width": 390, "height": 844}
# the page's Notification, recorded instead of shown: a headless browser shows none
FAKE_NOTIFICATION = """
window.shown = [];
window.Notification = class {
  constructor(title) { window.shown.push(title); }
  static get permission() { return "granted"; }
  static requestPermission() { return Promise.resolve("granted"); }
};
"""


@pytest.fixture
def page(browser: Browser, live: Live) -> Iterator[Page]:
    yield from open_page(browser, live, WIDE, FAKE_NOTIFICATION)


@pytest.fixture
def phone(browser: Browser, live: Live) -> Iterator[Page]:
    yield from open_page(browser, live, PHONE, FAKE_NOTIFICATION)


def test_the_dismiss_key_and_a_desktop_notification(page: Page, live: Live) -> None:
    sign_in(page, "gz.officer")
    page.goto("/console?unit=440100&tab=unit")
    page.keyboard.press("k")  # the first row
    clue_id = page.locator("#clues tbody tr.kb-current").get_attribute("data-clue-id")
    page.keyboard.press("d")
    expect(page).to_have_url(f"/console/clues/{clue_id}#dismiss")
    dismissal = page.locator("form", has=page.locator("input[name=kind][value=dismissal]"))
    expect(dismissal).to_be_visible()
    expect(dismissal.locator("textarea[name=reason]")).to_be_focused()

    page.goto("/console?unit=440100&tab=unit")
    opt_in = page.locator("#notify-opt-in")
    expect(opt_in).to_have_attribute("aria-pressed", "false")
    opt_in.click()
    expect(opt_in).to_have_attribute("aria-pressed", "true")
    page.wait_for_timeout(1000)  # the stream is open
    post = parse_post(
        {
            "platform": "weibo",
            "id": "wb-night-critical",
            "author": {"id": "boom1", "name": "爆破达人", "region": "广东 广州"},
            "text": "出售雷管炸药，TNT现货，自制炸弹教程打包出售，私信下单",
            "created_at": "2026-11-30T16:30:00+00:00",
        }
    )
    c = live.container
    found = patrol_batch(c.uow(), [post], c.detection(), c.triage, c.clock)
    clue = found.clues[0]
    assert clue.severity is Severity.CRITICAL
    expect(page.locator(f"#clue-{clue.id}")).to_be_visible(timeout=15000)
    shown = page.evaluate("window.shown")
    assert f"新的紧急线索 #{clue.id}" in shown


def test_a_unit_admin_works_accounts_and_the_catalogue_on_a_phone(
    phone: Page, live: Live, artefacts: Path
) -> None:
    bearer(live.container, "gz.admin", "unit_admin", "440100")
    sign_in(phone, "gz.admin")
    phone.goto("/console/accounts")
    expect(phone.locator('tr[data-user="gz.officer"]')).to_be_visible()
    form = phone.locator("#new-account")
    form.get_by_label("用户名").fill("gz.dawn")
    form.get_by_label("显示名称").fill("早班民警")
    form.get_by_label("密码（至少 10 个字符）").fill(TEST_PASSWORD)
    form.get_by_role("button", name="创建账号").click()
    expect(phone.locator(".flash[role=status]")).to_contain_text("gz.dawn")
    expect(phone.locator('tr[data-user="gz.dawn"]')).to_contain_text("启用")
    no_sideways_scroll(phone)
    phone.screenshot(path=artefacts / "accounts-390.png", full_page=True)
    phone.locator('tr[data-user="gz.dawn"]').get_by_role("button", name="停用").click()
    expect(phone.locator('tr[data-user="gz.dawn"]')).to_contain_text("已停用")

    phone.goto("/console/legal")
    entry = phone.locator("#legal-entry")
    entry.get_by_label("编号").fill("GZ-NIGHT-1")
    entry.get_by_label("法律", exact=True).fill("广州市网络安全条例")
    entry.get_by_label("条款").fill("第八条")
    entry.get_by_label("适用范围").fill("本市网络赌博引流")
    entry.get_by_label("网络赌博").check()
    entry.get_by_role("button", name="保存条目").click()
    expect(phone.locator(".flash[role=status]")).to_contain_text("GZ-NIGHT-1")
    expect(phone.locator('tr[data-code="GZ-NIGHT-1"]')).to_contain_text("广州市网络安全条例")
    no_sideways_scroll(phone)
    phone.screenshot(path=artefacts / "legal-390.png", full_page=True)
