"""A simulated hoax (谣言) that spreads by fission, in the ingest format.

Modelled on the fake child-snatching post of the seed: a first post, then reposts of
earlier posts (with `parent_id`), verbatim copies by other accounts, and variants that
change the place, the child, the car or the call to share. Each wave is a number of posts
spread over a span of time, so a test or the simulated day can make the claim grow, be
debunked, and fade.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from netpatrol.sim.platforms import PLATFORMS

CLAIM = (
    "{opening}{place}有{age}{child}在小区门口被人抢走，人贩子开着{car}，"
    "家长们一定要看好自己的孩子，千万不要让孩子单独出门！{closing}"
)
CHOICES: dict[str, tuple[str, ...]] = {
    "opening": ("紧急扩散！", "急转！", "扩散周知：", "真实事件！", "紧急通知："),
    "place": ("北京朝阳区", "北京海淀区", "广州天河区", "深圳南山区", "杭州西湖区", "成都武侯区"),
    "age": ("两岁", "三岁", "四岁", "一个"),
    "child": ("男孩", "女孩", "小孩"),
    "car": ("白色面包车", "一辆白色面包车", "银色面包车", "没有牌照的面包车"),
    "closing": ("", "大家速转！", "我朋友亲眼看到的。", "已经丢了好几个孩子了，转发就是救命！"),
}
REGIONS = (
    "北京 朝阳",
    "北京",
    "广东 广州",
    "广东 深圳",
    "浙江 杭州",
    "四川 成都",
    "河北 石家庄",
    "",
)
FIRST = {"opening": 0, "place": 0, "age": 0, "child": 0, "car": 0, "closing": 0}


@dataclass
class HoaxSpread:
    """The hoax's posts, wave by wave; the same seed gives the same posts."""

    seed: int = 1
    prefix: str = "hoax"
    repost_share: float = 0.5
    variant_share: float = 0.2
    posts: list[dict[str, Any]] = field(default_factory=list)
    wordings: list[dict[str, int]] = field(default_factory=list)
    _rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    @staticmethod
    def text(choice: dict[str, int]) -> str:
        return CLAIM.format(**{k: CHOICES[k][i] for k, i in choice.items()})

    def wave(self, start: datetime, span: timedelta, count: int) -> list[dict[str, Any]]:
        """`count` more posts, at even steps from `start` over `span`."""
        made = []
        for i in range(count):
            at = start + span * (i / max(count, 1))
            made.append(self._next(at))
        return made

    def _next(self, at: datetime) -> dict[str, Any]:
        rng = self._rng
        n = len(self.posts) + 1
        platform = rng.choice(PLATFORMS) if self.posts else PLATFORMS[0]
        parent: dict[str, Any] | None = None
        roll = rng.random()
        if not self.posts:
            self.wordings.append(dict(FIRST))
            text = self.text(FIRST)
        elif roll < self.repost_share:
            same = [p for p in self.posts if p["platform"] == platform]
            parent = rng.choice(same) if same else None
            text = parent["text"] if parent else self.text(rng.choice(self.wordings))
        elif roll < self.repost_share + self.variant_share:
            choice = dict(rng.choice(self.wordings))
            part = rng.choice(sorted(CHOICES))
            choice[part] = (choice[part] + 1 + rng.randrange(len(CHOICES[part]) - 1)) % len(
                CHOICES[part]
            )
            self.wordings.append(choice)
            text = self.text(choice)
        else:
            text = self.text(rng.choice(self.wordings))
        post: dict[str, Any] = {
            "platform": platform,
            "id": f"{self.prefix}-{self.seed}-{n}",
            "author": {
                "id": f"{self.prefix}-user-{rng.randrange(1_000_000)}",
                "name": f"热心网友{rng.randrange(10_000)}",
                "region": rng.choice(REGIONS),
            },
            "text": text,
            "created_at": at.isoformat(),
            "links": [],
            "reposts": int(rng.expovariate(1 / 30)),
            "comments": int(rng.expovariate(1 / 10)),
            "likes": int(rng.expovariate(1 / 40)),
            "parent_id": parent["id"] if parent else None,
        }
        self.posts.append(post)
        return post
