"""What `make demo` does, as separate processes: init, simulate a day, patrol the
simulator's traffic, create the demo accounts, serve the console; then sign in."""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

NETPATROL = [sys.executable, "-m", "netpatrol"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_demo_commands_serve_a_page_listing_clues(tmp_path: Path) -> None:
    env = {**os.environ, "NETPATROL_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}"}
    for args in (["init"], ["simulate-day"]):
        done = subprocess.run(
            NETPATROL + args, env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
    with sqlite3.connect(tmp_path / "demo.db") as db:
        latest = db.execute(
            "SELECT max(p), max(a) FROM (SELECT max(created_at) p FROM posts), "
            "(SELECT max(at) a FROM audit_entries)"
        ).fetchone()
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    assert latest[0] < now and latest[1] < now  # the demo's day lies in the past
    traffic = subprocess.run(
        [*NETPATROL, "traffic", "300", "--illegal-share", "0.2"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert len(traffic.splitlines()) == 300
    patrolled = subprocess.run(
        [*NETPATROL, "patrol", "-"], input=traffic, env=env, capture_output=True, text=True
    )
    assert patrolled.returncode == 0 and "300 posts stored" in patrolled.stderr, patrolled.stderr
    accounts = subprocess.run(
        [*NETPATROL, "user", "demo"], env=env, capture_output=True, text=True, check=True
    )
    assert "desk" in accounts.stdout and "netpatrol-demo" in accounts.stdout
    port = free_port()
    server = subprocess.Popen(
        [*NETPATROL, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        page = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with browser.open(f"{base}/console", timeout=2) as response:
                    page = response.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.2)
        assert "登录" in page and 'name="password"' in page
        token = re.search(r'name="form_token" value="([^"]+)"', page)
        assert token
        form = urllib.parse.urlencode(
            {"username": "desk", "password": "netpatrol-demo", "form_token": token.group(1)}
        )
        with browser.open(f"{base}/console/login", data=form.encode(), timeout=10) as response:
            page = response.read().decode("utf-8")
        assert "线索队列" in page
        assert page.count("data-clue=") >= 20
    finally:
        server.terminate()
        server.wait(timeout=10)
        assert server.stdout is not None
        server.stdout.close()
