"""A connector that speaks HTTP to a platform's API (here: the simulator's).

To patrol a real platform, write its adapter with the same seven methods: map `fetch` to its
search, `send_private_message` to its direct messages, `publish` to its statuses,
`fetch_inbox` to what netizens send the unit's accounts, and so on.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from netpatrol.services.ports import ConnectorError, PostStatus

TIMEOUT = 10.0


class HttpConnector:
    def __init__(self, base_url: str, platform: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.platform = platform

    def _call(self, method: str, path: str, body: object = None) -> Any:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else None
        request = urllib.request.Request(
            f"{self.base_url}/{self.platform}{path}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")
            raise ConnectorError(f"{self.platform} answered {exc.code}: {detail}") from None
        except (urllib.error.URLError, TimeoutError) as exc:
            raise ConnectorError(f"{self.platform} is unreachable: {exc}") from None

    def fetch(self, terms: Sequence[str], since: datetime | None) -> list[dict[str, Any]]:
        query = {"q": ",".join(terms)}
        if since is not None:
            query["since"] = since.isoformat()
        found: list[dict[str, Any]] = self._call("GET", "/search?" + urllib.parse.urlencode(query))
        return found

    def send_private_message(self, sender: str, recipient: str, text: str) -> str:
        body = {"sender": sender, "recipient": recipient, "text": text}
        return str(self._call("POST", "/messages", body)["id"])

    def publish(self, account: str, text: str) -> str:
        return str(self._call("POST", "/statuses", {"account": account, "text": text})["id"])

    def request_takedown(self, post_id: str, notice: str) -> str:
        body = {"post_id": post_id, "notice": notice}
        return str(self._call("POST", "/takedowns", body)["ticket"])

    def post_status(self, post_id: str) -> PostStatus:
        found = self._call("GET", f"/posts/{urllib.parse.quote(post_id)}")
        return PostStatus(bool(found["exists"]), found.get("text"))

    def fetch_inbox(self, since: datetime | None) -> list[dict[str, Any]]:
        query = "?" + urllib.parse.urlencode({"since": since.isoformat()}) if since else ""
        found: list[dict[str, Any]] = self._call("GET", "/inbox" + query)
        return found

    def account_stats(self, account: str) -> dict[str, int]:
        found: dict[str, int] = self._call("GET", f"/accounts/{urllib.parse.quote(account)}")
        return found
