"""The queue's tabs, the search box, a saved view, assigning to a colleague and a bulk
claim in a real browser, at 1366x860 and at 390 px wide (no sideways scroll)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from netpatrol.services.clues.ports import ClueQuery
from netpatrol.services.clues.tabs import OPEN
from tests.browser.conftest import Live, record_failures
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser
WIDE = {"width": 1366, "height": 860}
PHONE = {"width": 390, "height": 844}


def open_page(
    browser: Browser, live: Live, viewport: dict[str, int], init_script: str = ""
) -> Iterator[Page]:
    """A page in Chinese that fails its test on a script error or a failed request (the
    live stream cut off by leaving the page excepted)."""
    context = browser.new_context(viewport=viewport, base_url=live.url, locale="zh-CN")
    if init_script:
        context.add_init_script(init_script)
    opened = context.new_page()
    errors: list[str] = []
    record_failures(opened, errors)
    yield opened
    context.close()
    assert errors == []


@pytest.fixture
def page(browser: Browser, live: Live) -> Iterator[Page]:
    yield from open_page(browser, live, WIDE)


@pytest.fixture
def phone(browser: Browser, live: Live) -> Iterator[Page]:
    yield from open_page(browser, live, PHONE)


def sign_in(page: Page, username: str) -> None:
    page.goto("/console")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").last.click()
    expect(page.get_by_role("heading", name="线索队列")).to_be_visible()


def count(page: Page, tab: str) -> int:
    return int(page.locator(f'[data-tab="{tab}"] .count').inner_text())


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.evaluate("window.innerWidth"), page.url


def guangzhou_words(live: Live) -> tuple[int, str]:
    with live.container.uow() as uow:
        code = {u.id: u.code for u in uow.units.all()}
        listed = uow.clues.queue(ClueQuery(statuses=OPEN), 500, 0)
        clue = next(c for c in listed if code[c.unit_id] == "440100")
        post = uow.posts.get(clue.post_id)
        assert post is not None
    return clue.id or 0, post.text[:5]


def test_tabs_bulk_claim_and_a_saved_view(page: Page, artefacts: Path) -> None:
    sign_in(page, "gz.officer")
    tabs = page.get_by_role("navigation", name="队列分页")
    expect(tabs.get_by_role("link", name="本单位待认领")).to_have_attribute("aria-current", "page")
    mine, unit = count(page, "mine"), count(page, "unit")
    assert unit >= 2
    no_sideways_scroll(page)
    page.screenshot(path=artefacts / "queue-tabs.png", full_page=True)
    tabs.get_by_role("link", name="我的").click()
    expect(page.locator("#empty-mine")).to_contain_text("认领")

    tabs.get_by_role("link", name="本单位待认领").click()
    boxes = page.locator("#clues tbody tr input[name=clue_ids]")
    chosen = [boxes.nth(i).get_attribute("value") for i in range(2)]
    for i in range(2):
        boxes.nth(i).check()
    page.get_by_label("对勾选的线索").select_option("claim")
    page.get_by_role("button", name="执行").click()
    expect(page.locator(".flash[role=status]")).to_contain_text("已完成 2 条")
    tabs = page.get_by_role("navigation", name="队列分页")
    expect(tabs.locator('[data-tab="mine"] .count')).to_have_text(str(mine + 2))
    tabs.get_by_role("link", name="我的").click()
    for clue_id in chosen:
        expect(page.locator(f'tr[data-clue-id="{clue_id}"]')).to_be_visible()

    page.get_by_label("类别").select_option("gambling")
    page.get_by_role("button", name="筛选").click()
    page.get_by_label("将当前筛选保存为").fill("我的赌博线索")
    page.get_by_role("button", name="保存视图").click()
    expect(page.locator(".flash[role=status]")).to_contain_text("我的赌博线索")
    page.goto("/console")
    views = page.get_by_role("list", name="保存的视图")
    views.get_by_role("link", name="我的赌博线索").click()
    expect(page.get_by_label("类别")).to_have_value("gambling")
    page.screenshot(path=artefacts / "queue-saved-view.png", full_page=True)
    page.get_by_role("button", name="删除视图 我的赌博线索").click()
    expect(page.get_by_role("list", name="保存的视图")).to_have_count(0)


def test_search_from_the_box_and_assign_to_a_colleague(
    page: Page, live: Live, artefacts: Path
) -> None:
    clue_id, words = guangzhou_words(live)
    sign_in(page, "gz.officer")
    page.goto("/console/dashboard")
    page.get_by_role("searchbox").fill(words)
    page.get_by_role("searchbox").press("Enter")
    expect(page.get_by_role("heading", name="检索")).to_be_visible()
    expect(page.locator("#hits-post")).to_be_visible()
    no_sideways_scroll(page)
    page.screenshot(path=artefacts / "search-results.png", full_page=True)
    page.goto(f"/console/clues/{clue_id}")
    page.get_by_label("指派给同事").select_option("gz.supervisor")
    page.get_by_role("button", name="指派", exact=True).click()
    expect(page.locator(".flash[role=status]")).to_contain_text("已指派给 gz.supervisor")
    expect(page.locator("p.meta").first).to_contain_text("gz.supervisor")


def test_queue_and_search_fit_a_phone(phone: Page, live: Live, artefacts: Path) -> None:
    _, words = guangzhou_words(live)
    sign_in(phone, "gz.officer")
    for tab in ("unit", "shared", "mine"):
        phone.goto(f"/console?tab={tab}")
        no_sideways_scroll(phone)
    phone.goto("/console?tab=shared")
    phone.screenshot(path=artefacts / "queue-390.png", full_page=True)
    phone.get_by_role("searchbox").fill(words)
    phone.get_by_role("searchbox").press("Enter")
    expect(phone.get_by_role("heading", name="检索")).to_be_visible()
    no_sideways_scroll(phone)
    phone.screenshot(path=artefacts / "search-390.png", full_page=True)
