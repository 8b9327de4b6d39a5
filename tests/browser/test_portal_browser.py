"""The public portal in a real browser, on a phone-sized screen: an anonymous report
followed by its receipt to the outcome, a volunteer whose score moves with the officers'
judgements, the scam lookup, and a warning answered by appeal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from netpatrol.domain.measures import MeasureKind
from netpatrol.domain.reports import code_digest
from netpatrol.domain.users import Visibility
from netpatrol.services.clues.ports import ClueQuery
from netpatrol.services.clues.queries import awaiting_approval
from netpatrol.services.matrix import indicators
from netpatrol.services.measures import appeals
from netpatrol.services.measures import graduated as measures
from netpatrol.services.measures import warnings as dispose
from tests.browser.conftest import Live

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser: Browser, live: Live) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=live.url, locale="zh-CN"
    )
    opened = context.new_page()
    outside: list[str] = []
    opened.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith((live.url, "data:")) else None,
    )
    yield opened
    context.close()
    assert outside == []  # nothing is loaded from elsewhere


def clue_of(live: Live, code: str) -> int:
    with live.container.uow() as uow:
        report = uow.reports.by_receipt(code_digest(code))
    assert report is not None and report.clue_id is not None
    return report.clue_id


def judge(live: Live, clue_id: int, kind: MeasureKind) -> None:
    container = live.container
    with container.uow() as uow:
        clue = uow.clues.get(clue_id)
    assert clue is not None
    best = [b.code for b in container.catalogue.fitting(clue.category.value, kind.value)[:1]]
    request = measures.MeasureRequest(clue_id, kind, "gz.officer", best, reason="核查")
    measures.open_measure(container.uow(), request, container.catalogue, container.clock)


def test_an_anonymous_report_and_its_receipt(page: Page, live: Live, artefacts: Path) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", name="举报违法信息")).to_be_visible()
    page.get_by_label("举报类型").select_option("fraud")
    page.get_by_label("看到的内容").fill("高额返利投资群，稳赚不赔，先交会费，联系 QQ 88997766")
    page.get_by_label("您所在地区").fill("广东 广州")
    page.screenshot(path=artefacts / "11-portal-report.png", full_page=True)
    page.get_by_role("button", name="提交举报").click()
    code = page.locator("#receipt-code").inner_text().strip()
    assert code.startswith("R-")
    page.screenshot(path=artefacts / "12-portal-receipt-issued.png", full_page=True)

    page.get_by_role("link", name="查看举报进展").click()
    expect(page.locator("#outcome")).to_contain_text("等待民警核查")
    judge(live, clue_of(live, code), MeasureKind.TAKEDOWN)
    page.goto("/receipt")
    page.get_by_label("回执码").fill(code.lower())
    page.get_by_role("button", name="显示").click()
    expect(page.locator("#outcome")).to_contain_text("我们已要求平台删除该内容")
    expect(page.get_by_text("此举报已办结")).to_be_visible()
    page.screenshot(path=artefacts / "13-portal-receipt-outcome.png", full_page=True)


def test_a_volunteers_score_changes_after_officers_judge_their_tips(
    page: Page, live: Live, artefacts: Path
) -> None:
    page.goto("/volunteers/me")
    page.get_by_label("昵称").fill("海珠热心人")
    page.get_by_label("所在城市或省份").fill("广州")
    page.get_by_role("button", name="加入").first.click()
    expect(page.locator("#volunteer-key")).to_contain_text("V-")
    expect(page.locator("#score")).to_have_text("0.50")

    codes = []
    for text in (
        "出售仿真枪，全金属一比一，私聊 QQ 1122334455",
        "招聘刷单兼职，日结，加微信 sd_99",
    ):
        page.goto("/")
        page.get_by_label("举报类型").select_option("guns" if "枪" in text else "fraud")
        page.get_by_label("看到的内容").fill(text)
        expect(page.get_by_text("您已以志愿者身份登录")).to_be_visible()
        page.get_by_role("button", name="提交举报").click()
        codes.append(page.locator("#receipt-code").inner_text().strip())
    judge(live, clue_of(live, codes[0]), MeasureKind.TAKEDOWN)
    judge(live, clue_of(live, codes[1]), MeasureKind.CASE)
    page.goto("/volunteers/me")
    expect(page.locator("#score")).to_have_text("0.75")  # (2 + 1) / (2 + 2)
    expect(page.locator("#tips tbody tr")).to_have_count(2)
    page.screenshot(path=artefacts / "14-portal-volunteer.png", full_page=True)


def test_look_up_a_known_scam_number_and_a_clean_one(
    page: Page, live: Live, artefacts: Path
) -> None:
    container = live.container
    proposal = indicators.Proposal("phone", "17012345678", "fraud", "000000", "national", "desk")
    added = indicators.propose_indicator(container.uow(), proposal, container.clock)
    indicators.decide_indicator(
        container.uow(), added.id or 0, "chief", True, container.indicator_expiry(), container.clock
    )
    page.goto("/lookup")
    page.get_by_placeholder("电话号码、链接、QQ 或微信号").fill("170 1234 5678")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#verdict")).to_contain_text("已知诈骗特征")
    page.screenshot(path=artefacts / "15-portal-lookup-known.png", full_page=True)
    page.get_by_placeholder("电话号码、链接、QQ 或微信号").fill("13612345678")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#verdict")).to_contain_text("暂无记录")


def test_a_warning_is_answered_by_appeal(page: Page, live: Live, artefacts: Path) -> None:
    container = live.container
    with container.uow() as uow:
        clue = uow.clues.queue(ClueQuery(), 1, 0)[0]
        basis = container.catalogue.fitting(clue.category.value, "warning")[0].code
    _, token = dispose.send_warning(
        container.uow(),
        dispose.WarningRequest(clue.id or 0, "gz.officer", [basis]),
        container.catalogue,
        container.warning_templates,
        container.clock,
    )
    basis_words = container.catalogue.resolve([basis])[0].covers_zh
    page.goto(f"/r/{token}")
    expect(page.get_by_role("heading")).to_contain_text("警示提醒")
    page.get_by_label("留言").fill("这是新闻转载，不是我发布的广告")
    page.get_by_role("button", name="申诉").click()
    expect(page.get_by_role("status")).to_contain_text("已收到您的回复")
    expect(page.locator("#warning-status")).to_have_text("申诉中")
    page.screenshot(path=artefacts / "16-portal-appeal.png", full_page=True)
    with container.uow() as uow:
        [warning] = [m for m in uow.measures.for_clue(clue.id or 0) if m.kind.value == "warning"]
    assert warning.status.value == "appealed"
    inbox = awaiting_approval(container.uow(), Visibility(None, frozenset()))
    assert warning.id in [p.measure.id for p in inbox]  # it lands in the unit's approvals

    reasons = "经核实为新闻转载，申诉成立"
    appeals.decide(
        container.uow(), warning.id or 0, True, "gz.supervisor-2", reasons, container.clock
    )
    page.reload()
    expect(page.locator("#appeal-decision")).to_contain_text("您的申诉成立")
    expect(page.locator("#appeal-reasons")).to_have_text(reasons)
    expect(page.locator("#legal-basis")).to_contain_text(basis_words)
