"""Simulated traffic: realistic posts at a chosen rate, a known share of them illegal,
pushed to the platform's webhook (`POST /api/v1/ingest`) as signed batches."""

from __future__ import annotations

import json
import random
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from netpatrol.services.ports import ConnectorError
from netpatrol.services.signing.calls import signed_headers
from netpatrol.sim.platforms import PLATFORMS, SimulatedPlatform

REGIONS = (
    "广东 深圳",
    "广东 广州",
    "浙江 杭州",
    "江苏 南京",
    "湖北 武汉",
    "四川 成都",
    "北京",
    "上海",
    "重庆",
    "陕西 西安",
    "河北 唐山",
    "",
)


@dataclass
class TrafficGenerator:
    """Posts modelled on the bundled sample: ordinary ones, and `illegal_share` of illegal
    ones, each with a fresh id, author, region, time and engagement."""

    ordinary: Sequence[Mapping[str, Any]]
    illegal: Sequence[Mapping[str, Any]]
    illegal_share: float = 0.05
    seed: int = 1
    _rng: random.Random = field(init=False)
    _count: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        if not self.ordinary or not self.illegal:
            raise ValueError("traffic needs ordinary and illegal example posts")
        self._rng = random.Random(self.seed)

    def next_post(self, at: datetime) -> dict[str, Any]:
        self._count += 1
        rng = self._rng
        base = rng.choice(self.illegal if rng.random() < self.illegal_share else self.ordinary)
        platform = rng.choice(PLATFORMS)
        return {
            **base,
            "platform": platform,
            "id": f"sim-{platform}-{self.seed}-{self._count}",
            "author": {
                "id": f"sim-user-{rng.randrange(50_000)}",
                "name": f"网友{self._count}",
                "region": rng.choice(REGIONS),
            },
            "created_at": at.isoformat(),
            "reposts": int(rng.expovariate(1 / 20)),
            "comments": int(rng.expovariate(1 / 10)),
            "likes": int(rng.expovariate(1 / 50)),
            "parent_id": None,
        }


@dataclass
class Pusher:
    """Pushes generated posts to a webhook, one signed batch per platform each second."""

    webhook: str
    secrets: Mapping[str, str]
    generator: TrafficGenerator
    platforms: Mapping[str, SimulatedPlatform]
    rate: float = 10.0
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    pushed: int = 0
    errors: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def push_once(self, count: int) -> int:
        """Generate `count` posts, store them on their platforms, push them; posts pushed."""
        batches: dict[str, list[dict[str, Any]]] = {}
        for _ in range(count):
            post = self.generator.next_post(self.clock())
            batches.setdefault(post["platform"], []).append(post)
        sent = 0
        for platform, posts in batches.items():
            self.platforms[platform].add_posts(posts)
            secret = self.secrets.get(platform)
            if secret is None:
                self.errors.append(f"no key for {platform}; its posts stay on the platform")
                continue
            try:
                self._post(platform, secret, posts)
                sent += len(posts)
            except ConnectorError as exc:
                self.errors.append(str(exc))
        self.pushed += sent
        return sent

    def _post(self, platform: str, secret: str, posts: list[dict[str, Any]]) -> None:
        body = json.dumps({"posts": posts}, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(
            self.webhook,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                **signed_headers(platform, secret, body, time.time()),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            raise ConnectorError(f"webhook answered {exc.code} for {platform}") from None
        except (urllib.error.URLError, TimeoutError) as exc:
            raise ConnectorError(f"webhook unreachable: {exc}") from None

    def run(self, seconds: float | None = None) -> None:
        """Push `rate` posts a second until stopped (or for `seconds`)."""
        started = time.monotonic()
        while not self._stop.is_set():
            tick = time.monotonic()
            self.push_once(max(1, round(self.rate)))
            if seconds is not None and time.monotonic() - started >= seconds:
                return
            self._stop.wait(max(0.0, 1.0 - (time.monotonic() - tick)))

    def stop(self) -> None:
        self._stop.set()
