"""A live server on a patrolled SQLite database, and Debian's chromium driven by Playwright.

The setup installs chromium and fonts-noto-cjk with apt when they are missing (Chinese
renders as boxes without the fonts). Screenshots go to `artefacts/browser/` (or
$NETPATROL_ARTEFACTS) for a person to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, Request, sync_playwright

from netpatrol import data
from netpatrol.adapters.db import migrate
from netpatrol.bootstrap import Container, bootstrap
from netpatrol.config import Settings
from netpatrol.domain.posts import Post
from netpatrol.services.accounts.units import load_units, units_from_data
from netpatrol.services.patrol.batch import patrol_batch
from netpatrol.services.patrol.post_input import read_jsonl
from netpatrol.web.app import create_app
from tests.conftest import REQUIRE_SERVICES
from tests.factories import bearer

CHROMIUM = "/usr/bin/chromium"
# the live queue's event stream: leaving the queue page ends it, which is no fault
LIVE_STREAM = "/console/live"
# a row the live queue is fetching when the officer leaves the page is cancelled with it
LIVE_ROW = re.compile(r"/console/clues/\d+/row$")
LIVE_SCRIPT = "/console/static/live.js"
ARTEFACTS = Path(os.environ.get("NETPATROL_ARTEFACTS", Path(__file__).parents[2] / "artefacts"))


def record_failures(page: Page, errors: list[str]) -> None:
    """Script errors and failed requests go to `errors`, except what leaving a page of the
    live queue cuts short: its event stream, and its script or a row it was fetching
    (aborted: a test that logs in, lands on the queue and moves on before the deferred
    script has arrived)."""
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def failed(request: Request) -> None:
        if LIVE_STREAM in request.url:
            return
        aborted = request.failure == "net::ERR_ABORTED"
        if aborted and (LIVE_ROW.search(request.url) or request.url.endswith(LIVE_SCRIPT)):
            return
        errors.append(f"failed: {request.url} ({request.failure})")

    page.on("requestfailed", failed)


def _fonts_present() -> bool:
    listing = subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout
    return "Noto Sans CJK" in listing


def browser_required() -> bool:
    """In CI (CI set, or NETPATROL_REQUIRE_SERVICES=1) a missing browser fails the run."""
    return REQUIRE_SERVICES or os.environ.get("CI", "").lower() not in ("", "0", "false")


def apt_command(verb: str, *packages: str) -> list[str]:
    """apt-get waits up to five minutes for another apt to release its lock."""
    apt = ["apt-get", "-o", "DPkg::Lock::Timeout=300", verb, *packages]
    if verb == "install":
        apt[4:4] = ["-y", "--no-install-recommends"]
    return apt if os.geteuid() == 0 else ["sudo", "-n", *apt]


def missing_browser(message: str) -> None:
    if browser_required():
        pytest.fail(message)
    pytest.skip(message)


def _install() -> str:
    apt = apt_command("install", "chromium", "fonts-noto-cjk")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    done = subprocess.run(apt, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        subprocess.run(apt_command("update"), capture_output=True, env=env, check=False)
        done = subprocess.run(apt, capture_output=True, text=True, env=env, check=False)
    return done.stderr[-400:]


@pytest.fixture(scope="session")
def chromium() -> str:
    if not (Path(CHROMIUM).exists() and shutil.which("fc-list") and _fonts_present()):
        problem = _install()
        if not (Path(CHROMIUM).exists() and _fonts_present()):
            missing_browser(f"chromium or fonts-noto-cjk missing and not installable: {problem}")
    return CHROMIUM


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Live:
    url: str
    container: Container


@pytest.fixture(scope="module")
def live_server(live: Live) -> str:
    return live.url


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """The app on a patrolled database with a Guangzhou officer and supervisor and the
    national desk (password: tests.factories.TEST_PASSWORD)."""
    path = tmp_path_factory.mktemp("live") / "netpatrol.db"
    port = free_port()
    settings = Settings(database_url=f"sqlite:///{path}", public_url=f"http://127.0.0.1:{port}")
    container = bootstrap(settings)
    migrate.upgrade(container.engine)
    load_units(
        container.uow(), units_from_data(data.load_json("units.json")), "test", container.clock
    )
    lines = data.path("samples/posts.jsonl").read_text(encoding="utf-8")
    posts = [p for _, p in read_jsonl(lines.splitlines()) if isinstance(p, Post)]
    patrol_batch(container.uow(), posts, container.detection(), container.triage, container.clock)
    for username, role, unit in (
        ("gz.officer", "officer", "440100"),
        ("gz.supervisor", "supervisor", "440100"),
        ("desk", "national_desk", "000000"),
    ):
        bearer(container, username, role, unit)
    with serving(container, settings, port) as url:
        yield Live(url, container)
    container.dispose()


@pytest.fixture(scope="module")
def artefacts() -> Path:
    folder = ARTEFACTS / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=["--no-sandbox"]
        )
        yield launched
        launched.close()


@contextmanager
def serving(container: Container, settings: Settings, port: int) -> Iterator[str]:
    """The app on a thread of this process, for as long as the block runs."""
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, container), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
