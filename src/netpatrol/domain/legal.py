"""Legal bases (法律依据): every measure but a dismissal cites at least one entry of the
catalogue, and each entry says which categories and which measure kinds it applies to."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from netpatrol.domain.errors import RuleViolation

# The shipped entries carry an English gloss in brackets for officers who read English;
# what a citizen reads must stay Chinese.
GLOSS = re.compile(r"\s*[(（][^()（）]*[A-Za-z][^()（）]*[)）]")


@dataclass(frozen=True)
class LegalBasis:
    code: str
    law: str
    article: str
    covers: str
    categories: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()  # the measure kinds it may be cited for

    @property
    def covers_zh(self) -> str:
        """What the entry covers, without its English gloss."""
        return GLOSS.sub("", self.covers).strip()

    @property
    def covers_en(self) -> str:
        """The English gloss alone, for a reader of the English console; else the Chinese."""
        found = GLOSS.search(self.covers)
        return found.group(0).strip().strip("()（）").strip() if found else self.covers_zh

    def fits(self, category: str, kind: str) -> bool:
        return category in self.categories and kind in self.measures


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
            raise RuleViolation(
                "a measure must cite at least one legal basis",
                rule="legal_basis_required",
                zh="处置措施须引用至少一项法律依据",
            )
        unknown = [c for c in codes if c not in self._entries]
        if unknown:
            raise RuleViolation(
                f"unknown legal basis: {', '.join(unknown)}",
                rule="legal_basis_known",
                zh=f"法律依据不存在：{'、'.join(unknown)}",
            )
        return [self._entries[c] for c in dict.fromkeys(codes)]

    def for_category(self, category: str) -> list[LegalBasis]:
        return [e for e in self._entries.values() if category in e.categories]

    def fitting(self, category: str, kind: str) -> list[LegalBasis]:
        """The entries that fit, best first: the narrower an entry, the more exactly it
        names the conduct (the gambling article before the general network-crime one)."""
        fit = [e for e in self._entries.values() if e.fits(category, kind)]
        return sorted(fit, key=lambda e: len(e.categories))

    def overridden(self, entries: Iterable[LegalBasis]) -> LegalCatalogue:
        """This catalogue with a unit's own entries replacing or adding to it."""
        merged = dict(self._entries)
        merged.update((e.code, e) for e in entries)
        return LegalCatalogue(merged.values())


def check_fit(bases: Sequence[LegalBasis], category: str, kind: str) -> None:
    """Refuse a citation with an entry that does not apply to the clue's category or to
    the kind of measure (a supervisor may override it, elsewhere)."""
    misfits = [b.code for b in bases if not b.fits(category, kind)]
    if misfits:
        raise RuleViolation(
            f"legal basis {', '.join(misfits)} does not apply to a {kind} on a {category} clue",
            rule="legal_basis_fits",
            zh=f"法律依据{'、'.join(misfits)}不适用于该类线索（{category}）的此类措施（{kind}）",
        )
