"""One contract for platform connectors: the simulator in memory, and over real HTTP."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import uvicorn

from netpatrol.adapters.channels.http import HttpConnector
from netpatrol.services.ports import ConnectorError, PlatformConnector
from netpatrol.sim.app import create_simulator
from netpatrol.sim.platforms import SimulatedPlatform

POSTS = [
    {
        "platform": "weibo",
        "id": "wb-1",
        "author": {"id": "author-a", "name": "a", "region": ""},
        "text": "出售仿真枪，私聊",
        "created_at": "2026-11-27T08:00:00+08:00",
        "links": [],
        "reposts": 0,
        "comments": 0,
        "likes": 0,
        "parent_id": None,
    },
    {
        "platform": "weibo",
        "id": "wb-2",
        "author": {"id": "author-b", "name": "b", "region": ""},
        "text": "今天天气不错",
        "created_at": "2026-11-27T09:00:00+08:00",
        "links": [],
        "reposts": 0,
        "comments": 0,
        "likes": 0,
        "parent_id": None,
    },
    {
        "platform": "tieba",
        "id": "tb-1",
        "author": {"id": "author-c", "name": "c", "region": ""},
        "text": "出售仿真枪",
        "created_at": "2026-11-27T09:00:00+08:00",
        "links": [],
        "reposts": 0,
        "comments": 0,
        "likes": 0,
        "parent_id": None,
    },
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def simulator_url() -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_simulator(POSTS), host="127.0.0.1", port=port, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(params=["memory", "http"])
def connector(request: pytest.FixtureRequest) -> PlatformConnector:
    if request.param == "memory":
        platform = SimulatedPlatform("weibo")
        platform.add_posts(POSTS)
        return platform
    url: str = request.getfixturevalue("simulator_url")
    # each HTTP test gets fresh posts on the shared server
    import json
    from urllib.request import Request, urlopen

    body = json.dumps(POSTS, ensure_ascii=False).encode("utf-8")
    with urlopen(
        Request(
            f"{url}/weibo/posts",
            data=body,
            method="POST",
            headers={"Content-Type": "application/json"},
        )
    ):
        pass
    return HttpConnector(url, "weibo")


def test_it_is_a_connector(connector: PlatformConnector) -> None:
    assert isinstance(connector, PlatformConnector) and connector.platform == "weibo"


def test_fetch_by_watch_terms_and_time(connector: PlatformConnector) -> None:
    assert [p["id"] for p in connector.fetch(["仿真枪"], None)] == ["wb-1"]
    later = datetime(2026, 11, 27, 0, 30, tzinfo=UTC)  # 08:30 in China
    assert [p["id"] for p in connector.fetch([], later)] == ["wb-2"]


def test_publish_and_account_stats(connector: PlatformConnector) -> None:
    post_id = connector.publish("@广州网警巡查执法", "防骗提醒：刷单返利都是诈骗")
    assert connector.post_status(post_id).exists
    assert connector.account_stats("@广州网警巡查执法")["posts"] >= 1


def test_takedown_removes_the_post(connector: PlatformConnector) -> None:
    connector.publish("x", "y")  # unrelated traffic
    ticket = connector.request_takedown("wb-1", "依据网络安全法第四十七条，请删除")
    assert ticket and not connector.post_status("wb-1").exists
    with pytest.raises(ConnectorError):
        connector.request_takedown("no-such-post", "x")


def test_private_messages_are_delivered_and_refused_when_empty(
    connector: PlatformConnector,
) -> None:
    assert connector.send_private_message("@网警", "author-b", "请删除 wb-2")
    with pytest.raises(ConnectorError):
        connector.send_private_message("@网警", "author-b", "")
    assert connector.post_status("no-such-post") == connector.post_status("no-such-post-2")


def test_the_inbox_gives_what_netizens_sent_since(connector: PlatformConnector) -> None:
    sent = [
        {
            "id": f"in-{n}",
            "kind": "private",
            "account": "@广州网警巡查执法",
            "sender": {"id": "n1", "name": "网友"},
            "text": "谢谢网警",
            "created_at": f"2030-01-01T0{n}:00:00+00:00",
        }
        for n in (1, 2)
    ]
    if isinstance(connector, SimulatedPlatform):
        connector.send_to_account(sent)
    else:
        import json
        from urllib.request import Request, urlopen

        assert isinstance(connector, HttpConnector)
        body = json.dumps(sent, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        with urlopen(Request(f"{connector.base_url}/weibo/inbox", body, headers, method="POST")):
            pass
    later = datetime(2030, 1, 1, 1, 30, tzinfo=UTC)
    assert [m["id"] for m in connector.fetch_inbox(later)] == ["in-2"]
    assert {"in-1", "in-2"} <= {m["id"] for m in connector.fetch_inbox(None)}
