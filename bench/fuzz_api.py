"""Hostile requests to every route, beyond what the OpenAPI description lets schemathesis
generate: bodies nested 60,000 deep or not UTF-8, numbers past 2^64, control characters,
odd content types, odd ids in the path and odd query strings, to every API operation
(signed in, anonymous, and signed as a platform on the signed routes), every portal form
and every console route (signed in, with and without the CSRF token), on a fresh SQLite
database. Counts the answers by status; exit 1 on any 5xx.

    .venv/bin/python bench/fuzz_api.py [--quick] [--json fuzz.json]
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import ready_container  # noqa: E402
from tests.e2e.test_console import sign_in  # noqa: E402
from tests.factories import bearer, form_token  # noqa: E402

from netpatrol.services.signing.calls import signed_headers  # noqa: E402
from netpatrol.web.app import create_app  # noqa: E402

SECRET = "fuzz-weibo-secret-00001"
SIGNED = ("/api/v1/ingest", "/api/v1/ingest/inbox", "/api/v1/platform/")
BODIES: list[tuple[str, bytes]] = [
    ("text/plain", b"[" * 60_000),
    ("application/json", b'{"a":' * 40 + b"1" + b"}" * 40),
    ("application/json", b'{"text":"\xff\xfe","grounds":"\xc3","answer":"removed"}'),
    (
        "application/json",
        json.dumps(
            {"text": "x", "id": 2**70, "clue_id": 2**64, "limit": 10**30, "offset": -(2**70)}
        ).encode(),
    ),
    ("application/json", b'{"text":"a\\u0000b","reason":"\\ud800","messages":[{"id":1e999}]}'),
    ("application/json", b'{"posts":[{"created_at":"9999-12-31T23:59:59-14:00"}]}'),
    ("application/json", b"[]"),
    ("application/x-www-form-urlencoded", b"grounds=%ff%fe&text=%00&form_token=%C3%A9"),
    ("multipart/form-data; boundary=zz", b'--zz\r\nContent-Disposition: form-data; name="a"\r\n'),
    ("application/x-ndjson", b"\xff\n{}\n" + b"[" * 5000 + b"\n" + b'{"likes":1e30}\n'),
]
IDS = ("1", "99999999999999999999", "%00", "%C3%A9", "-1", "0")
QUERY = "?limit=99999999999999999999&offset=-1&after=%00&q=%00&unit=%C3%A9&page=1e9&format=x"
FORMS = (
    "/report",
    "/volunteers/register",
    "/volunteers/signin",
    "/volunteers/signout",
    "/language",
    "/lookup/dispute",
    "/r/some-token",
    "/agency/some-token",
    "/receipt/SOMECODE/appeal",
    "/console/login",
)
PAGES = (
    "/receipt/%00",
    "/receipt/" + "A" * 5000,
    "/lookup?q=%00",
    "/lookup?q=" + "%C3%A9" * 3000,
    "/r/%00",
    "/agency/%00",
    "/transparency?year=99999999999999999999",
    "/publications?page=99999999999999999999",
)


class Tally:
    def __init__(self) -> None:
        self.statuses: Counter[int] = Counter()
        self.failures: list[dict[str, Any]] = []

    def note(self, method: str, url: str, kind: str | None, answer: Any) -> None:
        self.statuses[answer.status_code] += 1
        if answer.status_code >= 500:
            self.failures.append(
                {"method": method, "url": url[:200], "kind": kind, "status": answer.status_code}
            )


def api(client: TestClient, app: Any, tally: Tally, auth: dict[str, str], quick: bool) -> None:
    spec = client.get("/openapi.json").json()
    for path, operations in spec["paths"].items():
        for method in operations:
            for ident in IDS[:2] if quick else IDS:
                url = re.sub(r"\{[^}]+\}", ident, path)
                # a GET with and without odd query values; other methods with each odd body
                tries: list[tuple[str | None, bytes | None, str]] = (
                    [(None, None, ""), (None, None, QUERY)]
                    if method == "get"
                    else [(kind, body, "") for kind, body in BODIES]
                )
                for kind, body, query in tries:
                    for who in (auth, {}):
                        headers = dict(who)
                        if body is not None and url.startswith(SIGNED):
                            headers.update(signed_headers("weibo", SECRET, body, time.time()))
                        if kind:
                            headers["Content-Type"] = kind
                        app.state.throttle._hits.clear()  # every call comes from one client
                        answer = client.request(
                            method.upper(), url + query, content=body, headers=headers
                        )
                        tally.note(method, url, kind, answer)


def portal(client: TestClient, app: Any, tally: Tally) -> None:
    token = form_token(client)
    data = {
        "form_token": token,
        "next": "//elsewhere.example",
        "locale": "\x00",
        "username": "é" * 300,
        "password": "x" * 5000,
        "key": "\u00ff\u0007",
        "grounds": "x\x00",
    }
    for path in FORMS:
        for fields in (data, {"form_token": "é"}):
            app.state.throttle._hits.clear()
            tally.note("post", path, "form", client.post(path, data=fields))
    for path in PAGES:
        tally.note("get", path, None, client.get(path))


def console(client: TestClient, app: Any, tally: Tally, csrf: str, quick: bool) -> None:
    source = "\n".join(p.read_text() for p in (ROOT / "src/netpatrol/web/console").glob("*.py"))
    routes = re.findall(r'@router\.(post|get)\("([^"]+)"', source)
    fields = {
        "csrf_token": csrf,
        "reason": "x" * 10_000,
        "unit": "é",
        "ids": ["1", "99999999999999999999"],
        "kind": "\x00",
        "clue": "99999999999999999999",
        "text": "é" * 20_000,
        "filters": "{" * 1000,
    }
    for method, path in routes:
        for ident in IDS[:2] if quick else IDS:
            url = "/console" + re.sub(r"\{[^}]+\}", ident, path)
            tries: list[tuple[dict[str, Any] | None, str]] = (
                [(fields, ""), ({"csrf_token": "é"}, "")]
                if method == "post"
                else [(None, ""), (None, QUERY)]
            )
            for data, query in tries:
                app.state.throttle._hits.clear()
                answer = client.request(
                    method.upper(), url + query, data=data, follow_redirects=False
                )
                tally.note(method, url, "form", answer)


def run(quick: bool) -> Tally:
    """Every hostile request once; the tally of answers."""
    tally = Tally()
    folder = Path(tempfile.mkdtemp(prefix="netpatrol-fuzz-"))
    with ready_container(f"sqlite:///{folder / 'fuzz.db'}") as container:
        container.settings = container.settings.model_copy(
            update={"ingest_keys": f"weibo:{SECRET}"}
        )
        app = create_app(container.settings, container)
        with TestClient(app, raise_server_exceptions=False) as client:
            auth = bearer(container, "fuzz.desk", "national_desk", "000000")
            api(client, app, tally, auth, quick)
            portal(client, app, tally)
            csrf = sign_in(client, container, "fuzz.officer", "officer", "110000")
            console(client, app, tally, csrf, quick)
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="two ids per path instead of six")
    parser.add_argument("--json", type=Path, help="write the summary here too")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    started = time.perf_counter()
    tally = run(args.quick)
    summary = {
        "requests": sum(tally.statuses.values()),
        "statuses": dict(sorted(tally.statuses.items())),
        "server_errors": tally.failures[:50],
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(summary, indent=2))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
