"""Assistance in a real browser: a Guangzhou officer asks Shenzhen for help from a clue's
page; a Shenzhen officer sees the count beside the nav's link, accepts and answers with an
evidence item; back in Guangzhou the request is marked new and shows the answer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from netpatrol.services.clues.ports import ClueQuery
from tests.browser.conftest import Live
from tests.browser.test_console_browser import sign_in
from tests.factories import bearer

pytestmark = pytest.mark.browser


@pytest.fixture
def pages(browser: Browser, live_server: str) -> Iterator[tuple[Page, Page]]:
    contexts = [
        browser.new_context(
            viewport={"width": 1366, "height": 900}, base_url=live_server, locale="zh-CN"
        )
        for _ in range(2)
    ]
    errors: list[str] = []
    opened = []
    for context in contexts:
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        opened.append(page)
    yield opened[0], opened[1]
    for context in contexts:
        context.close()
    assert errors == []


def _guangzhou_clue(live: Live) -> int:
    with live.container.uow() as uow:
        unit = next(u for u in uow.units.all() if u.code == "440100")
        [clue] = uow.clues.queue(ClueQuery(unit_ids=[unit.id or 0]), 1, 0)
    return clue.id or 0


def test_ask_for_help_and_read_the_answer(
    pages: tuple[Page, Page], live: Live, artefacts: Path
) -> None:
    asker, helper = pages
    bearer(live.container, "sz.officer", "officer", "440300")
    clue_id = _guangzhou_clue(live)

    sign_in(asker, "gz.officer")
    asker.goto(f"/console/clues/{clue_id}")
    asker.get_by_text("请求其他单位协查").click()
    form = asker.locator("#ask-form")
    form.get_by_label("协查单位").select_option("440300")
    form.get_by_label("协查事项").select_option("identify_holder")
    form.get_by_label("协查内容").fill("请协助依法调取该账号的实名登记信息")
    form.get_by_label("期限（小时）").fill("48")
    asker.screenshot(path=artefacts / "assist-01-ask.png", full_page=True)
    form.get_by_role("button", name="发起协查").click()
    expect(asker.get_by_role("status")).to_contain_text("已向 1 个单位发起协查")
    expect(asker.locator("#clue-requests")).to_contain_text("深圳")

    sign_in(helper, "sz.officer")
    nav = helper.get_by_role("navigation", name="主导航")
    expect(helper.locator("#assistance-badge")).to_have_text("1")
    nav.get_by_role("link", name="协查").click()
    mine = helper.locator("#to-us tbody tr").first
    expect(mine).to_contain_text("依法调取账号实名信息")
    mine.get_by_role("link").first.click()
    expect(helper.locator("#request-note")).to_have_text("请协助依法调取该账号的实名登记信息")
    helper.get_by_role("button", name="受理").click()
    expect(helper.get_by_role("status")).to_contain_text("已受理")
    answer = helper.locator("#answer-form")
    answer.get_by_label("答复").fill("已依法调取：实名登记人为深圳居民，住址已核实")
    answer.get_by_label("标题").fill("调证回执")
    answer.get_by_label("内容").fill("深公网调字〔2026〕118号")
    answer.get_by_role("button", name="发送答复").click()
    expect(helper.locator("#thread")).to_contain_text("实名登记人为深圳居民")
    helper.screenshot(path=artefacts / "assist-02-answered.png", full_page=True)

    asker.goto("/console")
    expect(asker.locator("#assistance-badge")).to_have_text("1")
    asker.goto("/console/assistance")
    news = asker.locator("#from-us tbody tr.unread").first
    expect(news).to_contain_text("新")
    news.get_by_role("link").first.click()
    expect(asker.locator("#thread")).to_contain_text("实名登记人为深圳居民，住址已核实")
    expect(asker.locator("#thread")).to_contain_text("sz.officer")
    asker.screenshot(path=artefacts / "assist-03-read.png", full_page=True)
    asker.goto("/console/assistance")
    expect(asker.locator("#from-us tbody tr.unread")).to_have_count(0)
