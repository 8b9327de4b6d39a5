"""A category lexicon matched with an Aho-Corasick automaton over normalised text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import ahocorasick_rs

from netpatrol.detect.base import Signal
from netpatrol.detect.normalise import normalise
from netpatrol.domain.categories import Category


class LexiconError(ValueError):
    """The lexicon data is malformed."""


@dataclass(frozen=True)
class Term:
    term: str
    category: Category
    weight: float


def parse_lexicon(data: Mapping[str, Any]) -> tuple[str, str, list[Term]]:
    """Validate lexicon data: (name, version, terms)."""
    try:
        name, version = str(data["name"]), str(data["version"])
        raw_terms = data["terms"]
    except KeyError as exc:
        raise LexiconError(f"lexicon lacks the field {exc.args[0]!r}") from None
    terms: list[Term] = []
    seen: set[str] = set()
    for position, raw in enumerate(raw_terms):
        try:
            term = normalise(str(raw["term"]).strip()).text
            category = Category(raw["category"])
            weight = float(raw["weight"])
        except (KeyError, ValueError) as exc:
            raise LexiconError(f"lexicon term #{position} is malformed: {exc}") from None
        if not term or not 0.0 < weight <= 1.0 or not category.is_violation:
            raise LexiconError(f"lexicon term #{position} ({raw!r}) is out of range")
        if term in seen:
            raise LexiconError(f"lexicon term {term!r} is listed twice")
        seen.add(term)
        terms.append(Term(term, category, weight))
    if not terms:
        raise LexiconError("lexicon has no terms")
    return name, version, terms


class LexiconDetector:
    """Finds lexicon terms in posts, after NFKC and case folding."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._name, self._version, self._terms = parse_lexicon(data)
        self._automaton = ahocorasick_rs.AhoCorasick([t.term for t in self._terms])

    def get_name(self) -> str:
        return self._name

    def get_version(self) -> str:
        return self._version

    @property
    def terms(self) -> list[Term]:
        return list(self._terms)

    def detect(self, texts: Sequence[str]) -> list[list[Signal]]:
        results: list[list[Signal]] = []
        for text in texts:
            norm = normalise(text)
            signals = []
            for index, start, end in self._automaton.find_matches_as_indexes(
                norm.text, overlapping=True
            ):
                term = self._terms[index]
                o_start, o_end = norm.span(start, end)
                signals.append(
                    Signal(
                        term.category, term.weight, o_start, o_end, text[o_start:o_end], self._name
                    )
                )
            results.append(signals)
        return results
