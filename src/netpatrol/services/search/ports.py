"""What search needs from storage: one bounded, scoped lookup per kind of thing."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from netpatrol.domain.users import Visibility


class SearchKind(StrEnum):
    CLUE = "clue"
    POST = "post"
    AUTHOR = "author"
    INDICATOR = "indicator"
    REPORT = "report"


@dataclass(frozen=True)
class Hit:
    """One thing found: what it is, its id, the clue it belongs to (if any), a title and
    the text it was found in."""

    kind: SearchKind
    ref: str
    title: str
    text: str
    clue_id: int | None = None


class SearchRepository(Protocol):
    def find(
        self, kind: SearchKind, terms: str, seen: Visibility, limit: int, offset: int
    ) -> list[Hit]:
        """Things of `kind` whose text holds `terms` (a substring, Chinese included),
        newest first, only those on clues (or, for indicators, of units) `seen` allows."""
        ...
