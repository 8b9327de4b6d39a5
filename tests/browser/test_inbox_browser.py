"""The inbox in a real browser on a phone (390 px wide): a Guangzhou officer opens the
unit's inbox, unread first, reads a netizen's thread, answers with a template from the
account and turns a tip into a public report; the page never scrolls sideways."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from netpatrol.services.inbox.pull import pull_inbox
from netpatrol.sim.platforms import SimulatedPlatform
from tests.browser.conftest import Live
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser
ACCOUNT = "@广州网警巡查执法"
TIP = "举报：有人在广州本地群里发刷单返利广告，说日结三百，让先垫付，群号12345678"
AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def weibo(live: Live) -> Iterator[SimulatedPlatform]:
    platform = SimulatedPlatform("weibo")
    texts = ["谢谢你们发的防骗提醒，我妈差点就转账了", "请问网购被骗去哪里报案？", TIP]
    platform.send_to_account(
        {
            "id": f"b-{i}",
            "kind": "comment" if i == 0 else "private",
            "account": ACCOUNT,
            "sender": {"id": f"gz-n{i}", "name": f"羊城网友{i}"},
            "text": text,
            "created_at": (AT + timedelta(minutes=i)).isoformat(),
        }
        for i, text in enumerate(texts)
    )
    built = live.container
    pull_inbox(built.uow, {"weibo": platform}, built.detection(), built.triage, built.clock)
    built.connectors = lambda: {"weibo": platform}  # type: ignore[method-assign]
    yield platform


def fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px screen"


def test_an_officer_works_the_inbox_on_a_phone(
    browser: Browser, live: Live, weibo: SimulatedPlatform, artefacts: Path
) -> None:
    context = browser.new_context(
        base_url=live.url, locale="zh-CN", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto("/console/inbox")
    page.get_by_label("用户名").fill("gz.officer")
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").last.click()
    expect(page.get_by_role("heading", name="收件箱")).to_be_visible()
    page.get_by_label("单位").select_option(label="广州")
    page.get_by_role("button", name="显示").click()  # the unit's accounts to choose from
    expect(page.get_by_label("账号")).to_contain_text(ACCOUNT)
    items = page.locator("#inbox-list > li")
    expect(items).to_have_count(3)
    expect(items.first).to_contain_text(TIP)  # the newest unread first
    expect(items.first).to_contain_text("未读")
    fits(page)
    page.screenshot(path=str(artefacts / "inbox-phone.png"), full_page=True)

    items.nth(1).get_by_role("link", name="查看会话").click()
    expect(page.locator("#thread")).to_contain_text("请问网购被骗去哪里报案？")
    page.locator("#reply-form select[name=template]").select_option(label="咨询答复")
    page.get_by_role("button", name="发送答复").click()
    expect(page.locator(".flash")).to_contain_text("答复已从账号发出")
    expect(page.locator("#thread > li")).to_have_count(2)
    expect(page.locator("#thread-state")).to_have_text("已处理")
    assert weibo.state.messages[-1]["recipient"] == "gz-n1"
    fits(page)
    page.screenshot(path=str(artefacts / "inbox-thread-phone.png"), full_page=True)

    page.get_by_role("link", name="收件箱").first.click()
    page.locator("#inbox-list > li", has_text=TIP).get_by_role("link", name="查看会话").click()
    page.locator("#report-form select[name=category]").select_option("fraud")
    page.get_by_role("button", name="转为举报").click()
    expect(page.locator(".flash")).to_contain_text("回执 R")
    expect(page.locator("#thread-clue")).to_be_visible()
    fits(page)
    assert errors == []
    context.close()
