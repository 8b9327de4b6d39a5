"""The transparency report in a real browser, in Chinese and in English: a visitor picks a
month, reads each unit's figures, and switches language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from netpatrol.services.oversight.checkpoints import write_checkpoint
from netpatrol.web.api.transparency import current_period
from tests.browser.conftest import Live

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser: Browser, live: Live) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1200, "height": 900}, base_url=live.url, locale="zh-CN"
    )
    opened = context.new_page()
    yield opened
    context.close()


def test_the_transparency_report_in_both_languages(page: Page, live: Live, artefacts: Path) -> None:
    container = live.container
    checkpoint = write_checkpoint(container.uow(), container.audit_keys, "auditor", container.clock)
    page.goto("/")
    page.get_by_role("link", name="透明度").click()
    expect(page.get_by_role("heading", name="透明度报告", exact=True)).to_be_visible()
    expect(page.get_by_label("月份")).to_have_value(current_period(container.clock()))
    units = page.locator("section.unit")
    expect(units.first).to_be_visible()
    expect(units.first.get_by_text("按类别的发现")).to_be_visible()
    expect(page.locator("#checkpoint")).to_contain_text(f"第 {checkpoint.seq} 条")
    assert "诈骗" in page.locator("main").inner_text()
    page.screenshot(path=str(artefacts / "transparency-zh.png"), full_page=True)

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Transparency report", exact=True)).to_be_visible()
    expect(units.first.get_by_text("Findings by category")).to_be_visible()
    expect(page.locator("#checkpoint")).to_contain_text(f"entry {checkpoint.seq}")
    page.screenshot(path=str(artefacts / "transparency-en.png"), full_page=True)

    page.get_by_label("Month").fill("2020-01")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#empty")).to_have_text("Nothing recorded in this month.")
