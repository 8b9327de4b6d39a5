"""Category lexicons (shipped, versioned data) matched with one Aho-Corasick automaton.

A term may carry context rules: `near` (it counts only with one of these words within
`window` characters) and `unless` (it does not count with one of these words nearby, as in
a police warning or a chemistry lesson).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from netpatrol.detect.base import Item, Signal
from netpatrol.detect.matching import BatchMatcher
from netpatrol.detect.normalise import Normaliser
from netpatrol.domain.categories import Category

DEFAULT_WINDOW = 12


class LexiconError(ValueError):
    """The lexicon data is malformed."""


@dataclass(frozen=True)
class Term:
    term: str
    category: Category
    weight: float
    near: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    window: int = DEFAULT_WINDOW

    def counts_in(self, text: str, start: int, end: int) -> bool:
        around = text[max(0, start - self.window) : end + self.window]
        if self.unless and any(word in around for word in self.unless):
            return False
        return not self.near or any(word in around for word in self.near)


def parse_lexicon(
    documents: Iterable[Mapping[str, Any]], normaliser: Normaliser
) -> tuple[str, list[Term]]:
    """Validate the category documents: (combined version, terms)."""
    terms: list[Term] = []
    seen: dict[str, str] = {}
    versions: set[str] = set()
    for doc in documents:
        try:
            category = Category(doc["category"])
            versions.add(str(doc["version"]))
            raw_terms = list(doc["terms"])
        except (KeyError, ValueError, TypeError) as exc:
            raise LexiconError(f"lexicon document is malformed: {exc}") from None
        if not category.is_violation:
            raise LexiconError(f"{category} is not a category of violation")
        for position, raw in enumerate(raw_terms):
            term = _term(raw, category, normaliser, f"{category} term #{position}")
            if term.term in seen:
                raise LexiconError(f"lexicon term {term.term!r} is listed twice")
            seen[term.term] = category
            terms.append(term)
    if not terms:
        raise LexiconError("lexicon has no terms")
    return "+".join(sorted(versions)), terms


def _term(raw: Mapping[str, Any], category: Category, norm: Normaliser, where: str) -> Term:
    try:
        words = [str(raw["term"]), *map(str, raw.get("near", ())), *map(str, raw.get("unless", ()))]
        compact = [n.compact for n in norm.normalise_many(words)]
        n_near = len(raw.get("near", ()))
        text, near, unless = (
            compact[0],
            tuple(compact[1 : 1 + n_near]),
            tuple(compact[1 + n_near :]),
        )
        weight = float(raw["weight"])
        window = int(raw.get("window", DEFAULT_WINDOW))
    except (KeyError, ValueError, TypeError) as exc:
        raise LexiconError(f"{where} is malformed: {exc}") from None
    empty_rule = ("near" in raw and not near) or ("unless" in raw and not unless)
    if not text or not 0.0 < weight <= 1.0 or window <= 0 or "" in near + unless or empty_rule:
        raise LexiconError(f"{where} ({raw!r}) is out of range")
    return Term(text, category, weight, near, unless, window)


class LexiconDetector:
    """Finds lexicon terms in the compact view and points back at the original text."""

    def __init__(
        self, documents: Iterable[Mapping[str, Any]], normaliser: Normaliser, name: str = "lexicon"
    ) -> None:
        self._name = name
        self._version, self._terms = parse_lexicon(documents, normaliser)
        self._matcher = BatchMatcher([t.term for t in self._terms])

    @property
    def matcher(self) -> BatchMatcher:
        """The matcher of this lexicon's terms (`share_scan` may join it to others)."""
        return self._matcher

    def get_name(self) -> str:
        return self._name

    def get_version(self) -> str:
        return self._version

    @property
    def terms(self) -> list[Term]:
        return list(self._terms)

    def detect(self, items: Sequence[Item]) -> list[list[Signal]]:
        results: list[list[Signal]] = [[] for _ in items]
        for i, matches in enumerate(self._matcher.find([i.norm.compact for i in items])):
            if not matches:
                continue
            item = items[i]
            compact = item.norm.compact
            signals = results[i]
            for index, start, end in matches:
                term = self._terms[index]
                if not term.counts_in(compact, start, end):
                    continue
                o_start, o_end = item.norm.to_original(start, end)
                signals.append(
                    Signal(
                        term.category,
                        term.weight,
                        o_start,
                        o_end,
                        item.text[o_start:o_end],
                        self._name,
                        term.term,
                    )
                )
        return results
