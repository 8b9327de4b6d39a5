"""Posts (M2): what a platform user published, as the patrol saw it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Platform(StrEnum):
    WEIBO = "weibo"
    WECHAT = "wechat"
    TIEBA = "tieba"
    WEB = "web"  # elsewhere on the web: what the public reports by link or by text


@dataclass(frozen=True)
class Author:
    id: str
    name: str
    region: str = ""


@dataclass
class Post:
    platform: Platform
    external_id: str
    author: Author
    text: str
    created_at: datetime
    links: list[str] = field(default_factory=list)
    reposts: int = 0
    comments: int = 0
    likes: int = 0
    parent_external_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    id: int | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.platform.value, self.external_id)

    @property
    def reach(self) -> int:
        """Engagement as one number: reposts spread content furthest, so they weigh most."""
        return 3 * self.reposts + 2 * self.comments + self.likes

    def growth(self, at: datetime) -> float:
        """How fast it spreads: reach per hour since it was posted (an hour at least)."""
        hours = max((at - self.created_at).total_seconds() / 3600, 1.0)
        return round(self.reach / hours, 2)


# the platforms a unit holds public accounts on (the web at large has no account)
ACCOUNT_PLATFORMS = (Platform.WEIBO.value, Platform.WECHAT.value, Platform.TIEBA.value)

PLATFORM_NAMES_ZH: dict[Platform, str] = {
    Platform.WEIBO: "微博",
    Platform.WECHAT: "微信",
    Platform.TIEBA: "百度贴吧",
    Platform.WEB: "其他网站",
}
