"""The console in a real browser: sign in, work a clue to a warning (then the clue shows the
live warning instead of its form; a refused form shows an error banner), approve a case as
a second user, see the dashboard's charts, switch language, and use the keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import record_failures
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser: Browser, live_server: str) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1366, "height": 860}, base_url=live_server, locale="zh-CN"
    )
    opened = context.new_page()
    errors: list[str] = []
    record_failures(opened, errors)
    yield opened
    context.close()
    assert errors == []


def sign_in(page: Page, username: str) -> None:
    page.goto("/console")
    expect(page).to_have_url("/console/login?next=/console")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").last.click()
    expect(page.get_by_role("heading", name="线索队列")).to_be_visible()


def open_form(page: Page, form: Locator) -> None:
    """The suggested measure's form is open already; another one opens from its summary."""
    details = page.locator("details", has=form)
    if not details.evaluate("d => d.open"):
        details.locator("summary").first.click()
    expect(form).to_be_visible()


def test_work_a_clue_from_the_queue_to_a_warning(page: Page, artefacts: Path) -> None:
    sign_in(page, "gz.officer")
    page.get_by_label("单位").select_option("440100")
    page.get_by_role("button", name="筛选").click()
    page.screenshot(path=artefacts / "01-queue.png", full_page=True)
    row = page.locator("#clues tbody tr", has=page.get_by_role("button", name="认领")).first
    clue_id = row.get_attribute("data-clue")
    row.get_by_role("button", name="认领").click()
    claimed = page.locator(f"#clue-{clue_id}")
    expect(claimed.get_by_role("button", name="退回队列")).to_be_visible()
    expect(claimed).to_contain_text("gz.officer")

    claimed.get_by_role("link", name=f"#{clue_id}").click()
    expect(page.get_by_role("heading", name=f"线索 #{clue_id}")).to_be_visible()
    expect(page.locator("#post-text mark").first).to_be_visible()
    form = page.locator("#warning-form")
    open_form(page, form)
    if not form.locator("input[name=legal_bases]:checked").count():
        form.locator("input[name=legal_bases]").first.check()
    form.get_by_role("button", name="预览").click()
    expect(page.locator("pre.preview")).to_contain_text("网警巡查执法")
    page.screenshot(path=artefacts / "02-clue-preview.png", full_page=True)
    form.get_by_role("button", name="发送警示").click()
    expect(page.get_by_role("status")).to_contain_text("警示消息已发出")
    expect(page.locator("#act-h + table, section table.compact").first).to_contain_text("警示教育")
    page.screenshot(path=artefacts / "03-warning-sent.png", full_page=True)
    # one live warning per clue: the form gives way to the warning in force
    expect(page.locator("#warning-form")).to_have_count(0)
    expect(page.locator("#live-warning")).to_contain_text("同一线索同时只能有一条警示")

    # a refused form comes back as an error banner, never a green one
    page.goto("/console")
    page.locator("#bulk button[type=submit]").click()
    expect(page.locator(".flash.refused[role=alert]")).to_be_visible()
    expect(page.locator(".flash[role=status]")).to_have_count(0)
    page.screenshot(path=artefacts / "03-refused.png")


def test_a_case_is_approved_by_a_second_user(page: Page, artefacts: Path) -> None:
    sign_in(page, "gz.officer")
    page.goto("/console?unit=440100&status=open")
    clue = page.locator("#clues tbody tr", has=page.get_by_role("button", name="认领")).first
    clue_id = clue.get_attribute("data-clue")
    page.goto(f"/console/clues/{clue_id}")
    case_form = page.locator("form", has=page.locator("input[name=kind][value=case]"))
    open_form(page, case_form)
    case_form.get_by_label("理由").fill("涉嫌诈骗团伙，需立案调查")
    case_form.get_by_role("button", name="记录: 立案调查").click()
    expect(page.get_by_role("status")).to_contain_text("已记录")
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("heading", name="登录")).to_be_visible()

    sign_in(page, "gz.supervisor")
    page.get_by_role("link", name="审批").click()
    row = page.locator("#approvals tr", has=page.get_by_role("link", name=f"#{clue_id}"))
    expect(row).to_contain_text("gz.officer")
    page.screenshot(path=artefacts / "04-approvals.png", full_page=True)
    row.get_by_label("理由").fill("证据充分，同意立案")
    row.get_by_role("button", name="批准").click()
    expect(page.get_by_role("status")).to_contain_text("已记录")
    expect(page.get_by_role("link", name=f"#{clue_id}")).to_have_count(0)
    page.goto(f"/console/clues/{clue_id}")
    expect(page.locator("section table.compact")).to_contain_text("已批准")
    expect(page.locator("ol.audit")).to_contain_text("gz.supervisor")


def test_the_dashboard_draws_its_charts(page: Page, artefacts: Path) -> None:
    sign_in(page, "desk")
    page.get_by_role("link", name="统计").click()
    charts = page.locator(".chart[data-rendered=true]")
    expect(charts).to_have_count(5)
    expect(page.locator(".chart canvas")).to_have_count(5)
    findings = page.locator("#chart-findings canvas")
    box = findings.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 200
    with page.expect_download() as download:
        page.locator("a[href^='/console/dashboard/findings.csv']").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.startswith("day,category,findings")
    page.screenshot(path=artefacts / "05-dashboard.png", full_page=True)


def test_switch_language_and_use_the_keyboard(page: Page, artefacts: Path) -> None:
    sign_in(page, "desk")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Clue queue")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.screenshot(path=artefacts / "06-queue-english.png")
    page.goto("/console/dashboard")
    expect(page.get_by_role("heading", name="Findings by category and day")).to_be_visible()
    page.screenshot(path=artefacts / "07-dashboard-english.png", full_page=True)
    page.get_by_role("button", name="中文").click()
    expect(page.get_by_role("heading", name="统计")).to_be_visible()

    page.goto("/console")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="跳到正文")).to_be_focused()
    page.keyboard.press("Enter")
    first_claim = page.locator("#clues").get_by_role("button", name="认领").first
    first_claim.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#clues").get_by_role("button", name="退回队列").first).to_be_visible()
