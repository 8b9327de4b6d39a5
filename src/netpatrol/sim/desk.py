"""A platform's takedown desk over HTTP: it reviews each notice it receives and, after a
delay, answers at the address the notice gives, signed with the platform's key, the way
a real platform would call POST /api/v1/platform/notices/{id}. Most notices are removed;
about one in seven is refused with a reason and one in ten asked about first."""

from __future__ import annotations

import hashlib
import json
import re
import threading
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from netpatrol.domain.notices import RefusalReason
from netpatrol.services.signing.calls import signed_headers

CALLBACK = re.compile(r"(https?://[^\s（）()]+/api/v1/platform/notices/\d+)")
REASONS = (RefusalReason.NOT_UNLAWFUL, RefusalReason.INSUFFICIENT_EVIDENCE, RefusalReason.NOT_FOUND)
Send = Callable[[str, bytes, dict[str, str]], int]


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, body, headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def decision(post_id: str) -> dict[str, str]:
    """The desk's answer to a notice about this post: fixed per post."""
    value = int(hashlib.sha256(post_id.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF
    if value < 0.14:
        reason = REASONS[int(value * 1000) % len(REASONS)]
        return {"answer": "refused", "reason": reason.value, "text": "经平台审核，暂不予删除"}
    if value < 0.24:
        return {"answer": "needs_more", "text": "请补充认定违法的依据"}
    return {"answer": "removed"}


@dataclass
class Pending:
    platform: str
    post_id: str
    callback: str
    due: datetime
    asked: bool = False  # the desk asked a question and decides on the next round


@dataclass
class TakedownDesk:
    secrets: Mapping[str, str]
    delay: timedelta = timedelta(seconds=30)  # the simulator's hours pass in seconds
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    send: Send = _post
    pending: list[Pending] = field(default_factory=list)
    answered: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, remove: Callable[[str, str], None], stop: threading.Event) -> None:
        """Answer what is due once a second until stopped."""
        while not stop.wait(1.0):
            self.answer_due(remove)

    def receive(self, platform: str, post_id: str, notice: str) -> None:
        """A notice arrived; one without an answer address is filed and never answered."""
        found = CALLBACK.search(notice)
        if found is None or platform not in self.secrets:
            return
        spread = int(hashlib.sha256(post_id.encode()).hexdigest()[:4], 16) % 100 / 100
        with self._lock:
            self.pending.append(
                Pending(platform, post_id, found[1], self.clock() + self.delay * (0.5 + spread))
            )

    def answer_due(self, remove: Callable[[str, str], None] = lambda p, i: None) -> int:
        """Answer every notice whose time has come; the number answered."""
        now = self.clock()
        with self._lock:
            due = [p for p in self.pending if p.due <= now]
            self.pending = [p for p in self.pending if p.due > now]
        for notice in due:
            answer = {"answer": "removed"} if notice.asked else decision(notice.post_id)
            body = json.dumps(answer, ensure_ascii=False).encode("utf-8")
            headers = {
                **signed_headers(
                    notice.platform, self.secrets[notice.platform], body, now.timestamp()
                ),
                "Content-Type": "application/json",
            }
            try:
                status = self.send(notice.callback, body, headers)
            except OSError as exc:
                self.errors.append(f"{notice.callback}: {exc}")
                continue
            if status >= 400:
                self.errors.append(f"{notice.callback}: {status}")
                continue
            if answer["answer"] == "removed":
                remove(notice.platform, notice.post_id)
            if answer["answer"] == "needs_more":
                with self._lock:
                    self.pending.append(
                        Pending(
                            notice.platform, notice.post_id, notice.callback, now + self.delay, True
                        )
                    )
            self.answered[answer["answer"]] += 1
        return len(due)
