"""The search box: one query, results grouped by kind, each kind paged and bounded."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from netpatrol.domain.errors import RuleViolation
from netpatrol.domain.users import Visibility
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork
from netpatrol.services.search.ports import Hit, SearchKind

MAX_TERMS = 100
FIRST_PAGE = 10  # per kind, when every kind is shown
KIND_PAGE = 50  # one kind, paged


@dataclass
class Results:
    """Hits per kind; `more` names the kinds with hits beyond those shown."""

    terms: str
    groups: dict[SearchKind, list[Hit]] = field(default_factory=dict)
    more: set[SearchKind] = field(default_factory=set)
    offset: int = 0

    @property
    def empty(self) -> bool:
        return not any(self.groups.values())


def clean_terms(terms: str) -> str:
    """The query as searched: spaces folded, at most MAX_TERMS characters."""
    cleaned = " ".join(terms.split())
    if len(cleaned) > MAX_TERMS:
        raise RuleViolation(
            f"a search is at most {MAX_TERMS} characters",
            rule="search.too_long",
            zh=f"检索词最多 {MAX_TERMS} 个字符",
        )
    return cleaned


def search(
    uow: UnitOfWork,
    terms: str,
    seen: Visibility,
    kind: SearchKind | None = None,
    offset: int = 0,
    reader: str = "",
    at: datetime | None = None,
) -> Results:
    """Every kind's first hits, or one kind's page from `offset`; nothing for a blank query.
    A `reader`'s search (its hits show authors) is written to the audit log."""
    cleaned = clean_terms(terms)
    results = Results(cleaned, offset=max(offset, 0) if kind else 0)
    if not cleaned:
        return results
    page = KIND_PAGE if kind else FIRST_PAGE
    with uow:
        for each in [kind] if kind else list(SearchKind):
            found = uow.search.find(each, cleaned, seen, page + 1, results.offset)
            results.groups[each] = found[:page]
            if len(found) > page:
                results.more.add(each)
        if reader and at is not None:
            record(
                uow,
                actor=reader,
                action="search.read",
                subject_type="search",
                subject_id=(kind or "all"),
                at=at,
                after={"terms": cleaned, "hits": sum(len(h) for h in results.groups.values())},
            )
            uow.commit()
    return results
