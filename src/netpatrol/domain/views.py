"""Saved views (保存的视图): a user's named filters of the queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from netpatrol.domain.errors import RuleViolation

MAX_NAME = 64
MAX_VIEWS = 50  # per user
FILTER_KEYS = frozenset({"tab", "unit", "status", "category", "platform"})


@dataclass
class SavedView:
    username: str
    name: str
    filters: dict[str, str]
    created_at: datetime
    id: int | None = None

    def __post_init__(self) -> None:
        self.name = " ".join(self.name.split())
        if not self.name:
            raise RuleViolation("a saved view needs a name", rule="view.name", zh="视图需要名称")
        if len(self.name) > MAX_NAME:
            raise RuleViolation(
                f"a view's name is at most {MAX_NAME} characters",
                rule="view.name",
                zh=f"视图名称最多 {MAX_NAME} 个字符",
            )
        self.filters = {k: v for k, v in sorted(self.filters.items()) if k in FILTER_KEYS and v}
        if not self.filters:
            raise RuleViolation(
                "choose a tab or a filter before saving a view",
                rule="view.filters",
                zh="请先选择标签页或筛选条件，再保存视图",
            )
