"""The rumour pages in a real browser: a debunked cluster's spread chart in the console,
and the public debunk page on a phone, in Chinese and in English."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from netpatrol import data
from netpatrol.adapters.db import migrate
from netpatrol.bootstrap import bootstrap
from netpatrol.config import Settings
from netpatrol.services.accounts.units import load_units, units_from_data
from tests.browser.conftest import free_port, record_failures, serving
from tests.factories import TEST_PASSWORD, bearer, simulated_day

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def debunked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int, int]]:
    """A server on a database that has had its simulated day: (url, cluster, debunk)."""
    folder = tmp_path_factory.mktemp("rumours")
    port = free_port()
    settings = Settings(
        database_url=f"sqlite:///{folder / 'np.db'}", public_url=f"http://127.0.0.1:{port}"
    )
    container = bootstrap(settings)
    migrate.upgrade(container.engine)
    load_units(
        container.uow(), units_from_data(data.load_json("units.json")), "test", container.clock
    )
    day = simulated_day(container, Path(tempfile.mkdtemp(dir=folder)), posts=60)
    assert day.hoax is not None and day.hoax.cluster_id and day.hoax.debunk_id
    bearer(container, "desk", "national_desk", "000000")
    with serving(container, settings, port) as url:
        yield url, day.hoax.cluster_id, day.hoax.debunk_id
    container.dispose()


def opened(browser: Browser, url: str, **options: object) -> tuple[Page, list[str]]:
    context = browser.new_context(base_url=url, locale="zh-CN", **options)  # type: ignore[arg-type]
    page = context.new_page()
    errors: list[str] = []
    record_failures(page, errors)
    return page, errors


def test_the_cluster_page_draws_the_spread_before_and_after_the_debunk(
    browser: Browser, debunked: tuple[str, int, int], artefacts: Path
) -> None:
    url, cluster_id, debunk_id = debunked
    page, errors = opened(browser, url, viewport={"width": 1366, "height": 900})
    page.goto("/console")
    page.get_by_label("用户名").fill("desk")
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").last.click()
    page.get_by_role("link", name="谣言核查").click()
    expect(page.get_by_role("heading", name="谣言核查")).to_be_visible()
    row = page.locator(f"#clusters tr[data-cluster='{cluster_id}']")
    expect(row).to_contain_text("已辟谣")
    page.screenshot(path=artefacts / "rumours-01-clusters.png", full_page=True)
    row.get_by_role("link", name=f"#{cluster_id}").click()

    chart = page.locator("#spread-chart[data-rendered=true]")
    expect(chart).to_have_count(1)
    expect(page.locator("#spread-chart canvas")).to_have_count(1)
    assert chart.get_attribute("data-debunk-hour")  # the marked hour of the debunk
    box = page.locator("#spread-chart canvas").bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] > 250
    expect(page.locator("#effect")).to_contain_text("辟谣前每小时帖子数")
    expect(page.locator("#check")).to_contain_text("不实")
    expect(page.locator("#debunk").get_by_role("link", name="公开页面")).to_have_attribute(
        "href", f"/debunks/{debunk_id}"
    )
    with page.expect_download() as download:
        page.locator(f"a[href='/console/clusters/{cluster_id}/export.csv']").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert exported.startswith("hour,phase,posts") and ",after," in exported
    page.locator("#spread-chart").scroll_into_view_if_needed()
    page.locator("figure.chart-card").screenshot(path=artefacts / "rumours-02-cluster-chart.png")
    page.screenshot(path=artefacts / "rumours-02-cluster-page.png", full_page=True)
    assert errors == []


def test_the_public_debunk_page_on_a_phone(
    browser: Browser, debunked: tuple[str, int, int], artefacts: Path
) -> None:
    url, _, debunk_id = debunked
    page, errors = opened(
        browser, url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page.goto("/debunks")
    expect(page.get_by_role("heading", name="辟谣", exact=True)).to_be_visible()
    page.screenshot(path=artefacts / "rumours-03-debunks-phone.png", full_page=True)
    page.locator("#publications").get_by_role("link").first.click()
    expect(page).to_have_url(f"/debunks/{debunk_id}")
    article = page.locator("#publication")
    expect(article).to_contain_text("核查结论")
    expect(article).to_contain_text("不实")
    expect(page.locator("#accounts li")).to_have_count(6)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing sideways on a phone
    page.screenshot(path=artefacts / "rumours-04-debunk-phone.png", full_page=True)
    page.get_by_role("button", name="English").click()
    expect(page.locator("#publication")).to_contain_text("Verdict")
    expect(page.locator("#publication")).to_contain_text("False")
    page.screenshot(path=artefacts / "rumours-05-debunk-english.png", full_page=True)
    feed = page.request.get("/debunks.atom")
    assert feed.ok and f"/debunks/{debunk_id}" in feed.text()
    assert errors == []
