"""The indicator store in a real browser: an officer proposes a scam number, a supervisor
confirms it from the approvals inbox, the public lookup then names it, and its owner asks
for a review ("this is my number"), which the supervisor finds on the indicators page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser import test_console_browser

pytestmark = pytest.mark.browser
page = test_console_browser.page  # the fixture: a Chinese-speaking browser on the live app
NUMBER = "16612345678"


def signed_in(browser: Browser, live_server: str, username: str) -> Page:
    context = browser.new_context(
        viewport={"width": 1366, "height": 860}, base_url=live_server, locale="zh-CN"
    )
    opened = context.new_page()
    test_console_browser.sign_in(opened, username)
    return opened


def test_propose_confirm_look_up_and_dispute_an_indicator(
    page: Page, browser: Browser, live_server: str, artefacts: Path
) -> None:
    officer = signed_in(browser, live_server, "gz.officer")
    officer.get_by_role("link", name="线索特征库").click()
    form = officer.locator("#propose-indicator")
    form.get_by_label("类型").select_option("phone")
    form.get_by_label("值").fill("166 1234 5678")
    form.get_by_label("共享范围").select_option("national")
    form.get_by_role("button", name="提出").click()
    expect(officer.get_by_role("status")).to_contain_text("须经督导复核确认后方可使用")
    row = officer.locator("#indicators tbody tr", has_text=NUMBER)
    expect(row.locator(".review")).to_have_text("待复核")
    officer.screenshot(path=artefacts / "40-indicators-proposed.png", full_page=True)
    officer.context.close()

    page.goto("/lookup?q=" + NUMBER)
    expect(page.locator("#verdict")).to_contain_text("暂无记录")  # proposed only: not public

    supervisor = signed_in(browser, live_server, "gz.supervisor")
    supervisor.get_by_role("link", name="审批").click()
    waiting = supervisor.locator("#indicator-approvals tbody tr", has_text=NUMBER)
    expect(waiting).to_be_visible()
    supervisor.screenshot(path=artefacts / "41-approvals-indicator.png", full_page=True)
    waiting.get_by_role("button", name="确认").click()
    expect(supervisor.get_by_role("status")).to_contain_text("已确认")
    expect(supervisor.locator("#indicator-approvals")).to_have_count(0)

    page.goto("/lookup?q=" + NUMBER)
    expect(page.locator("#verdict")).to_contain_text("已知诈骗特征")
    page.get_by_text("这是我的号码，不是诈骗").click()
    page.get_by_label("请说明理由（可选）：号码归谁所有、作何用途").fill("这是我家水果店的订货电话")
    page.get_by_role("button", name="申请复核").click()
    expect(page.locator("#disputed")).to_contain_text("已转人工复核")
    page.screenshot(path=artefacts / "42-lookup-disputed.png", full_page=True)
    page.goto("/lookup?q=" + NUMBER)
    expect(page.locator("#verdict")).to_contain_text("暂无记录")

    supervisor.goto("/console/indicators")
    expect(supervisor.locator("#false-positives")).to_contain_text("这是我家水果店的订货电话")
    row = supervisor.locator("#indicators tbody tr", has_text=NUMBER)
    expect(row.locator(".review")).to_contain_text("复核中")
    supervisor.screenshot(path=artefacts / "43-indicators-disputed.png", full_page=True)
    supervisor.context.close()
