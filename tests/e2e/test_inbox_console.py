"""The inbox on the console over HTTP on both databases: an officer sees the unit's
messages unread first, opens a netizen's thread, answers with a template, assigns, makes a
report of a tip and attaches a message to a clue; refusals come back in Chinese."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from netpatrol.bootstrap import Container
from netpatrol.services.inbox.pull import pull_inbox
from netpatrol.sim.platforms import SimulatedPlatform
from netpatrol.web.app import create_app
from tests.factories import TEST_PASSWORD, bearer, form_token

ACCOUNT = "@北京网警巡查执法"
AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
TIP = "举报：有人在北京本地群里发刷单返利广告，说日结三百，让先垫付，群号12345678"


@pytest.fixture
def weibo(container: Container) -> SimulatedPlatform:
    platform = SimulatedPlatform("weibo")
    texts = ["谢谢你们发的防骗提醒", "请问网购被骗去哪里报案？", TIP]
    platform.send_to_account(
        {
            "id": f"c-{i}",
            "kind": "private",
            "account": ACCOUNT,
            "sender": {"id": f"n{i}", "name": f"网友{i}"},
            "text": text,
            "created_at": (AT + timedelta(minutes=i)).isoformat(),
        }
        for i, text in enumerate(texts)
    )
    pull_inbox(
        container.uow,
        {"weibo": platform},
        container.detection(),
        container.triage,
        container.clock,
    )
    return platform


@pytest.fixture
def browser(
    container: Container, weibo: SimulatedPlatform, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    monkeypatch.setattr(container, "connectors", lambda: {"weibo": weibo})
    with TestClient(create_app(container.settings, container)) as client:
        bearer(container, "officer-bj", "officer", "110000")
        signed = client.post(
            "/console/login",
            data={
                "username": "officer-bj",
                "password": TEST_PASSWORD,
                "next": "/console/inbox",
                "form_token": form_token(client),
            },
            follow_redirects=False,
        )
        assert signed.status_code == 303
        yield client


def ids_on(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-message="(\d+)"', page)]


def csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found
    return found.group(1)


def test_the_inbox_lists_unread_first_and_works_a_thread(
    browser: TestClient, weibo: SimulatedPlatform
) -> None:
    listing = browser.get("/console/inbox", params={"unit": "110000", "account": ACCOUNT})
    assert listing.status_code == 200 and "收件箱" in listing.text and TIP in listing.text
    first, second, tip = sorted(ids_on(listing.text))
    assert ids_on(listing.text) == [tip, second, first]  # newest unread first

    thread = browser.get(f"/console/inbox/{second}")
    token = csrf(thread.text)
    answered = browser.post(
        f"/console/inbox/{second}/reply", data={"template": "question", "csrf_token": token}
    )
    assert "答复已从账号发出" in answered.text and "96110" in answered.text
    assert weibo.state.messages[-1]["recipient"] == "n1"
    again = browser.post(f"/console/inbox/{second}/handled", data={"csrf_token": token})
    assert "该消息已处理" in again.text  # the refusal, in Chinese

    listing = browser.get("/console/inbox")
    assert ids_on(listing.text) == [tip, first, second]  # the handled one goes last

    reported = browser.post(
        f"/console/inbox/{tip}/report", data={"category": "fraud", "csrf_token": token}
    )
    receipt = re.search(r"回执 (R[0-9A-Z-]+)", reported.text)
    clue = re.search(r'id="thread-clue">线索 #(\d+)', reported.text)
    assert receipt and clue, reported.text
    attached = browser.post(
        f"/console/inbox/{first}/attach", data={"clue_id": clue.group(1), "csrf_token": token}
    )
    assert f"线索 #{clue.group(1)}" in attached.text
    clue_page = browser.get(f"/console/clues/{clue.group(1)}").text
    on_clue = clue_page.split('id="clue-messages"')[1].split("</ul>")[0]
    assert "网民来信" in clue_page and f'href="/console/inbox/{first}"' in on_clue
    assigned = browser.post(
        f"/console/inbox/{first}/assign", data={"assignee": "nobody", "csrf_token": token}
    )
    assert "只能分派给该账号所属单位的在岗人员" in assigned.text


def test_forms_need_the_csrf_token_and_english_is_there(browser: TestClient) -> None:
    [newest, *_] = ids_on(browser.get("/console/inbox").text)
    refused = browser.post(f"/console/inbox/{newest}/handled", data={})
    assert refused.status_code == 403
    browser.post(
        "/console/language",
        data={"locale": "en", "next": "/console/inbox", "form_token": form_token(browser)},
    )
    english = browser.get("/console/inbox")
    assert "Inbox" in english.text and "Open the thread" in english.text
