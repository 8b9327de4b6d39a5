"""A referral in a real browser: the officer picks the market regulator from the directory
on the clue page and refers the clue; the regulator opens the link in its package, takes
the referral up and reports it done; the clue page then shows the agency's answers."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from netpatrol.domain.agencies import with_changes
from netpatrol.domain.clues import ClueStatus
from netpatrol.services.agencies import directory
from netpatrol.services.agencies.referrals import CHANNEL
from netpatrol.services.clues.ports import ClueQuery
from netpatrol.services.measures.legal import catalogue_in
from tests.browser.conftest import Live
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser
REGULATOR = "440000-market"


@pytest.fixture
def page(browser: Browser, live_server: str) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, base_url=live_server, locale="zh-CN"
    )
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    yield opened
    context.close()
    assert errors == []


def referable_clue(live: Live) -> int:
    """An open Guangzhou clue with a legal basis that fits a referral."""
    with live.container.uow() as uow:
        [guangzhou] = [u for u in uow.units.all() if u.code == "440100"]
        catalogue = catalogue_in(uow, live.container.catalogue, guangzhou.id or 0)
        query = ClueQuery(unit_ids=[guangzhou.id or 0], status=ClueStatus.OPEN)
        for clue in uow.clues.queue(query, 200, 0):
            if catalogue.fitting(clue.category.value, "referral"):
                return clue.id or 0
    raise AssertionError("no Guangzhou clue to refer")


def test_refer_a_clue_and_the_agency_answers(page: Page, live: Live, artefacts: Path) -> None:
    regulator = next(
        a for a in directory.list_agencies(live.container.uow()) if a.code == REGULATOR
    )
    addressed = with_changes(regulator, address="xiansuo@amr.gd.example.cn")
    directory.set_entry(live.container.uow(), addressed, "gd.admin", live.container.clock)
    clue_id = referable_clue(live)

    page.goto("/console")
    page.get_by_label("用户名").fill("gz.officer")
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").last.click()
    page.goto(f"/console/clues/{clue_id}")
    page.locator("summary", has_text="联动移交").click()
    picker = page.locator("#agency-picker")
    expect(picker.locator(f"option[value='{REGULATOR}']")).to_be_enabled()
    expect(picker.locator("option[value='440000-health']")).to_be_disabled()  # no address yet
    picker.select_option(REGULATOR)
    form = page.locator("form", has=picker)
    form.get_by_label("理由").fill("涉嫌虚假宣传，属市场监管职责")
    page.screenshot(path=artefacts / "referral-01-form.png", full_page=True)
    form.get_by_role("button", name=re.compile("联动移交")).click()
    status = page.locator(".referral-status")
    expect(status).to_contain_text("已发出")
    expect(page.locator(".answers").last).to_contain_text("广东省市场监督管理局")

    with live.container.uow() as uow:
        [queued] = [m for m in uow.outbox.all() if m.channel == CHANNEL]
    text = json.loads(queued.text)["text"]
    link = re.search(r"(/agency/[A-Za-z0-9_-]+)", text)
    assert link is not None and queued.recipient == "xiansuo@amr.gd.example.cn"

    page.goto(link[1])
    expect(page.locator("#agency-name")).to_have_text("广东省市场监督管理局")
    page.get_by_role("button", name="接收办理").click()
    expect(page.locator("#referral-status")).to_have_text("联动单位已接收")
    page.get_by_label("答复内容（退回须说明理由）").fill("已立案查处，责令下架涉事商品")
    page.get_by_role("button", name="已办结").click()
    expect(page.locator("#referral-status")).to_have_text("联动单位已办结")
    expect(page.get_by_role("button", name="已办结")).to_have_count(0)
    page.screenshot(path=artefacts / "referral-02-agency.png", full_page=True)

    page.goto(f"/console/clues/{clue_id}")
    expect(page.locator(".referral-status")).to_contain_text("联动单位已办结")
    expect(page.locator(".answers").last).to_contain_text("已立案查处，责令下架涉事商品")
    page.screenshot(path=artefacts / "referral-03-clue.png", full_page=True)
