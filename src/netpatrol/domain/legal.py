"""Legal bases (法律依据): every measure cites at least one entry of the catalogue."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from netpatrol.domain.errors import RuleViolation


@dataclass(frozen=True)
class LegalBasis:
    code: str
    law: str
    article: str
    covers: str
    categories: tuple[str, ...] = ()


class LegalCatalogue:
    def __init__(self, entries: Iterable[LegalBasis]) -> None:
        self._entries: dict[str, LegalBasis] = {}
        for entry in entries:
            if entry.code in self._entries:
                raise ValueError(f"legal basis {entry.code} is listed twice")
            self._entries[entry.code] = entry

    def __iter__(self) -> Iterator[LegalBasis]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, code: str) -> LegalBasis | None:
        return self._entries.get(code)

    def resolve(self, codes: Sequence[str]) -> list[LegalBasis]:
        """The cited entries, refusing an empty citation or an unknown code."""
        if not codes:
            raise RuleViolation("a measure must cite at least one legal basis")
        unknown = [c for c in codes if c not in self._entries]
        if unknown:
            raise RuleViolation(f"unknown legal basis: {', '.join(unknown)}")
        return [self._entries[c] for c in dict.fromkeys(codes)]

    def for_category(self, category: str) -> list[LegalBasis]:
        return [e for e in self._entries.values() if category in e.categories]

    def overridden(self, entries: Iterable[LegalBasis]) -> LegalCatalogue:
        """This catalogue with a unit's own entries replacing or adding to it."""
        merged = dict(self._entries)
        merged.update((e.code, e) for e in entries)
        return LegalCatalogue(merged.values())
