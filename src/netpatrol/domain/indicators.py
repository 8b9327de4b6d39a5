"""Shared indicators (M9): known scam numbers, domains and accounts, with a sharing level."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from netpatrol.domain.categories import Category, SharingLevel


@dataclass
class KnownIndicator:
    kind: str
    value: str
    category: Category
    unit_id: int
    sharing_level: SharingLevel
    created_at: datetime
    note: str = ""
    id: int | None = None
