"""An officer's night in a real browser: sign in, search, claim with the keyboard, warn
(the form then shows the warning in force), a case with evidence approved by a supervisor
in the one approvals inbox, a clue arriving in the open queue without a reload, a note
and a saved view. Screenshots go to artefacts/browser/night-*.png."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from netpatrol.domain.posts import Post
from netpatrol.services.patrol.batch import patrol_batch
from netpatrol.services.patrol.post_input import parse_post
from tests.browser.conftest import Live, record_failures
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser
WIDE = {"width": 1366, "height": 860}


@pytest.fixture
def officer(browser: Browser, live: Live) -> Iterator[Page]:
    yield from _page(browser, live)


@pytest.fixture
def supervisor(browser: Browser, live: Live) -> Iterator[Page]:
    yield from _page(browser, live)


def _page(browser: Browser, live: Live) -> Iterator[Page]:
    context = browser.new_context(viewport=WIDE, base_url=live.url, locale="zh-CN")
    opened = context.new_page()
    errors: list[str] = []
    record_failures(opened, errors)
    yield opened
    context.close()
    assert errors == []


def sign_in(page: Page, username: str) -> None:
    page.goto("/console")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").last.click()
    expect(page.get_by_role("heading", name="线索队列")).to_be_visible()


def arriving_post() -> Post:
    return parse_post(
        {
            "platform": "tieba",
            "id": "tb-night-1",
            "author": {"id": "night1", "name": "深夜网友", "region": "广东 广州"},
            "text": "网上赌场百家乐稳赚不赔，注册就送彩金，加微信 night881",
            "created_at": "2026-11-30T16:00:00+00:00",
        }
    )


def test_an_officers_night(officer: Page, supervisor: Page, live: Live, artefacts: Path) -> None:
    page = officer
    sign_in(page, "gz.officer")
    page.goto("/console?unit=440100&tab=unit")
    first = page.locator("#clues tbody tr[data-clue-id]").first
    words = first.locator("td.text").inner_text()[:4]

    # search: "/" goes to the box from anywhere
    page.keyboard.press("/")
    expect(page.locator("#search-box")).to_be_focused()
    page.keyboard.type(words)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="检索")).to_be_visible()
    page.screenshot(path=artefacts / "night-01-search.png", full_page=True)

    # the keys, and claiming with them
    page.goto("/console?unit=440100&tab=unit")
    page.keyboard.press("?")
    expect(page.locator("#keys-help")).to_be_visible()
    expect(page.locator("#keys-help")).to_contain_text("认领线索")
    page.screenshot(path=artefacts / "night-02-keys.png")
    page.keyboard.press("Escape")
    expect(page.locator("#keys-help")).to_be_hidden()
    page.keyboard.press("j")
    page.keyboard.press("j")
    chosen = page.locator("#clues tbody tr.kb-current")
    expect(chosen).to_have_count(1)
    clue_id = chosen.get_attribute("data-clue-id")
    assert clue_id == page.locator("#clues tbody tr[data-clue-id]").nth(1).get_attribute(
        "data-clue-id"
    )
    page.keyboard.press("c")
    row = page.locator(f"#clue-{clue_id}")
    expect(row).to_contain_text("gz.officer")
    expect(row).to_have_class(re.compile(r"\bkb-current\b"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=f"线索 #{clue_id}")).to_be_visible()

    # warn: "w" opens the warning form; after sending, the form gives way to the warning
    page.keyboard.press("w")
    form = page.locator("#warning-form")
    expect(form).to_be_visible()
    if not form.locator("input[name=legal_bases]:checked").count():
        form.locator("input[name=legal_bases]").first.check()
    form.get_by_role("button", name="发送警示").click()
    expect(page.locator("#live-warning")).to_be_visible()
    expect(page.locator("#warning-form")).to_have_count(0)
    page.screenshot(path=artefacts / "night-03-warned.png", full_page=True)

    # a case with evidence, then a note on the clue
    page.get_by_role("button", name="重新取证").click()
    expect(page.locator(".flash[role=status]")).to_be_visible()
    case_form = page.locator("form", has=page.locator("input[name=kind][value=case]"))
    case_box = page.locator("details", has=case_form)
    if case_box.get_attribute("open") is None:  # open already when the policy suggests a case
        case_box.locator("summary").click()
    case_form.get_by_label("理由").fill("证据已固定，情节严重，需立案调查")
    case_form.get_by_role("button", name="记录: 立案调查").click()
    expect(page.locator(".flash[role=status]")).to_contain_text("已记录")
    page.locator("#note-form").get_by_label("备注").fill("夜班：作者另有小号，待核实")
    page.locator("#note-form").get_by_role("button", name="添加批注").click()
    expect(page.locator("#notes")).to_contain_text("作者另有小号")

    # the supervisor approves it in the one inbox, its count in the navigation
    sign_in(supervisor, "gz.supervisor")
    badge = supervisor.locator("#approvals-badge")
    expect(badge).to_be_visible()
    assert int(badge.inner_text()) >= 1
    supervisor.locator("header nav a[href='/console/approvals']").click()
    expect(supervisor.locator("[data-waiting=cases] .count")).not_to_have_text("0")
    case_row = supervisor.locator(
        "#approvals tr", has=supervisor.get_by_role("link", name=f"#{clue_id}")
    )
    expect(case_row).to_contain_text("gz.officer")
    supervisor.screenshot(path=artefacts / "night-04-approvals.png", full_page=True)
    case_row.get_by_label("理由").fill("证据充分，同意立案")
    case_row.get_by_role("button", name="批准").click()
    expect(supervisor.locator(".flash[role=status]")).to_contain_text("已记录")
    expect(supervisor.get_by_role("link", name=f"#{clue_id}")).to_have_count(0)

    # the queue, left open, hears of a new clue without a reload
    page.goto("/console?unit=440100&tab=unit")
    expect(page.locator("#live-status")).to_be_hidden()
    unclaimed = int(page.locator('[data-tab="unit"] .count').inner_text())
    page.wait_for_timeout(1000)  # the stream is open
    found = patrol_batch(
        live.container.uow(),
        [arriving_post()],
        live.container.detection(),
        live.container.triage,
        live.container.clock,
    )
    new_id = found.clues[0].id
    arrived = page.locator(f"#clue-{new_id}")
    expect(arrived).to_be_visible(timeout=15000)
    expect(arrived).to_contain_text("深夜网友")
    expect(page.locator("#live-status")).to_be_visible()
    expect(page.locator("#live-status .count")).to_have_text("1")
    expect(page.locator('[data-tab="unit"] .count')).to_have_text(str(unclaimed + 1))
    page.screenshot(path=artefacts / "night-05-live.png", full_page=True)

    # a saved view for the rest of the night
    page.get_by_label("类别").select_option("gambling")
    page.get_by_role("button", name="筛选").click()
    page.get_by_label("将当前筛选保存为").fill("夜班赌博")
    page.get_by_role("button", name="保存视图").click()
    views = page.get_by_role("list", name="保存的视图")
    expect(views.get_by_role("link", name="夜班赌博")).to_be_visible()
    page.screenshot(path=artefacts / "night-06-saved-view.png", full_page=True)
