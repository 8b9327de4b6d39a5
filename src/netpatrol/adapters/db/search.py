"""SQL search: FTS5 trigram tables on SQLite, pg_trgm and full-text indexes on PostgreSQL
(both made by migration 0021), every lookup joined to the clues the reader may see."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from netpatrol.adapters.db.tables.core import ClueRow, FindingRow, IndicatorRow, PostRow, ReportRow
from netpatrol.domain.categories import SharingLevel
from netpatrol.domain.users import Visibility
from netpatrol.services.search.ports import Hit, SearchKind

Query = Select[*tuple[Any, ...]]
TRIGRAM = 3  # FTS5's trigram tokenizer matches substrings of at least three characters
FTS_COLUMNS = {
    SearchKind.POST: ("search_posts", "text"),
    SearchKind.CLUE: ("search_posts", "text"),
    SearchKind.AUTHOR: ("search_posts", "{author_name author_id}"),
    SearchKind.REPORT: ("search_reports", "{text link}"),
    SearchKind.INDICATOR: ("search_indicators", "{value note}"),
}


def visible(seen: Visibility | None, unit: Any, sharing: Any) -> ColumnElement[bool]:
    """Rows of the reader's units, and those shared with them (SPEC M9)."""
    if seen is None or seen.own is None:
        return literal(True)
    return or_(
        unit.in_(list(seen.own)),
        sharing == SharingLevel.NATIONAL.value,
        and_(sharing == SharingLevel.PROVINCE.value, unit.in_(list(seen.province))),
    )


class SqlSearch:
    def __init__(self, session: Session) -> None:
        self.session = session

    @property
    def _sqlite(self) -> bool:
        return self.session.get_bind().dialect.name == "sqlite"

    def _holds(
        self, kind: SearchKind, terms: str, row_id: Any, *columns: Any
    ) -> ColumnElement[bool]:
        """The row's text holds the terms: through the dialect's index where it can."""
        if self._sqlite and len(terms) >= TRIGRAM:
            table, spec = FTS_COLUMNS[kind]
            phrase = '"' + terms.replace('"', '""') + '"'
            match = text(f"{table} MATCH :match").bindparams(match=f"{spec} : {phrase}")
            found: ColumnElement[bool] = row_id.in_(
                select(text("rowid")).select_from(text(table)).where(match)
            )
            return found
        pattern = "%" + terms.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        holds = [c.ilike(pattern, escape="\\") for c in columns]
        if not self._sqlite and kind in (SearchKind.POST, SearchKind.CLUE):
            # the configuration as a literal: the full-text index is on this very expression
            simple: ColumnElement[str] = literal_column("'simple'")
            words = func.plainto_tsquery(simple, terms)
            holds.append(func.to_tsvector(simple, columns[0]).op("@@")(words))
        return or_(*holds)

    def find(
        self, kind: SearchKind, terms: str, seen: Visibility, limit: int, offset: int
    ) -> list[Hit]:
        stmt = getattr(self, f"_{kind.value}s")(terms, seen)
        rows = self.session.execute(stmt.limit(limit).offset(max(offset, 0)))
        return [Hit(kind, str(r.ref), r.title or "", r.body or "", r.clue_id) for r in rows]

    def _clues(self, terms: str, seen: Visibility) -> Query:
        number = terms.lstrip("#")
        matches = self._holds(SearchKind.CLUE, terms, PostRow.id, PostRow.text)
        if number.isdigit() and len(number) < 10:
            matches = or_(matches, ClueRow.id == int(number))
        return (
            select(
                ClueRow.id.label("ref"),
                ClueRow.category.label("title"),
                PostRow.text.label("body"),
                ClueRow.id.label("clue_id"),
            )
            .join(PostRow, PostRow.id == ClueRow.post_id)
            .where(matches, visible(seen, ClueRow.unit_id, ClueRow.sharing_level))
            .order_by(ClueRow.id.desc())
        )

    def _on_visible_clues(self, stmt: Query, seen: Visibility) -> Query:
        """Posts joined to the clues they are on, those the reader may see."""
        return (
            stmt.join(FindingRow, FindingRow.post_id == PostRow.id)
            .join(ClueRow, ClueRow.id == FindingRow.clue_id)
            .where(visible(seen, ClueRow.unit_id, ClueRow.sharing_level))
        )

    def _posts(self, terms: str, seen: Visibility) -> Query:
        stmt = select(
            PostRow.id.label("ref"),
            func.max(PostRow.author_name).label("title"),
            func.max(PostRow.text).label("body"),
            func.max(FindingRow.clue_id).label("clue_id"),
        )
        return (
            self._on_visible_clues(stmt, seen)
            .where(self._holds(SearchKind.POST, terms, PostRow.id, PostRow.text))
            .group_by(PostRow.id)
            .order_by(PostRow.id.desc())
        )

    def _authors(self, terms: str, seen: Visibility) -> Query:
        stmt = select(
            (PostRow.platform + ":" + PostRow.author_id).label("ref"),
            func.max(PostRow.author_name).label("title"),
            func.max(PostRow.author_region).label("body"),
            func.max(FindingRow.clue_id).label("clue_id"),
        )
        holds = self._holds(
            SearchKind.AUTHOR, terms, PostRow.id, PostRow.author_name, PostRow.author_id
        )
        return (
            self._on_visible_clues(stmt, seen)
            .where(holds)
            .group_by(PostRow.platform, PostRow.author_id)
            .order_by(func.max(PostRow.id).desc())
        )

    def _reports(self, terms: str, seen: Visibility) -> Query:
        return (
            select(
                ReportRow.id.label("ref"),
                ReportRow.link.label("title"),
                ReportRow.text.label("body"),
                ReportRow.clue_id,
            )
            .join(ClueRow, ClueRow.id == ReportRow.clue_id)
            .where(
                self._holds(SearchKind.REPORT, terms, ReportRow.id, ReportRow.text, ReportRow.link),
                visible(seen, ClueRow.unit_id, ClueRow.sharing_level),
            )
            .order_by(ReportRow.id.desc())
        )

    def _indicators(self, terms: str, seen: Visibility) -> Query:
        return (
            select(
                IndicatorRow.id.label("ref"),
                (IndicatorRow.kind + ": " + IndicatorRow.value).label("title"),
                IndicatorRow.note.label("body"),
                literal(None).label("clue_id"),
            )
            .where(
                self._holds(
                    SearchKind.INDICATOR,
                    terms,
                    IndicatorRow.id,
                    IndicatorRow.value,
                    IndicatorRow.note,
                ),
                visible(seen, IndicatorRow.unit_id, IndicatorRow.sharing_level),
            )
            .order_by(IndicatorRow.id.desc())
        )
