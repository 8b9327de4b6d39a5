"""A 300 MB body to any public route leaves the server's memory where it was: bodies are
refused on their declared length, or cut off while they stream, never held whole."""

from __future__ import annotations

import http.client
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from tests.e2e.test_demo import NETPATROL, free_port

BODY = 300 * 1024 * 1024
CHUNK = b"{" * (1024 * 1024)
PUBLIC = (
    "/api/v1/reports",
    "/api/v1/auth/token",
    "/api/v1/volunteers",
    "/api/v1/replies/some-token",
    "/api/v1/ingest",
    "/report",
    "/volunteers/register",
    "/volunteers/signin",
    "/language",
    "/r/some-token",
    "/console/login",
    "/api/v1/ingest/inbox",
    "/api/v1/platform/notices/1",
    "/api/v1/referrals/some-token",
    "/api/v1/receipts/SOMECODE/appeal",
    "/api/v1/lookup/false-positives",
    "/agency/some-token",
    "/receipt/SOMECODE/appeal",
    "/lookup/dispute",
    "/volunteers/signout",
)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def stream() -> Iterator[bytes]:
    for _ in range(BODY // len(CHUNK)):
        yield CHUNK


def send(port: int, path: str, declared: bool) -> int | None:
    """The answer's status, or None when the server cut the connection as it should."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json", "X-Netpatrol-Platform": "weibo"}
    try:
        if declared:
            headers["Content-Length"] = str(BODY)
            connection.putrequest("POST", path)
            for name, value in headers.items():
                connection.putheader(name, value)
            connection.endheaders()
        else:
            connection.request("POST", path, body=stream(), headers=headers, encode_chunked=True)
        return connection.getresponse().status
    except (ConnectionError, http.client.RemoteDisconnected):  # refused, reset or cut
        return None
    finally:
        connection.close()


def test_a_300_mb_body_to_each_public_route_leaves_memory_flat(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "NETPATROL_DATABASE_URL": f"sqlite:///{tmp_path / 'memory.db'}",
        "NETPATROL_INGEST_KEYS": "weibo:a-shared-secret-of-weibo",
    }
    subprocess.run([*NETPATROL, "init"], env=env, capture_output=True, check=True)
    port = free_port()
    server = subprocess.Popen(
        [*NETPATROL, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while send(port, "/language", declared=True) != 413:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        start = rss_mb(server.pid)
        for path in PUBLIC:
            assert send(port, path, declared=True) == 413, path
            assert send(port, path, declared=False) in (413, 401, None), path
        grown = rss_mb(server.pid) - start
        assert grown < 50, f"the server grew by {grown:.0f} MB"
    finally:
        server.terminate()
        server.wait(timeout=10)
