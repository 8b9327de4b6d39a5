"""The transparency report's facts for a period, read by the database (M10): counts and
times only, never a post's text, an author or a reporter."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from netpatrol.adapters.db.tables.core import ClueRow, FindingRow, MeasureRow, PostRow, ReportRow
from netpatrol.services.oversight.ports import FindingFact, MeasureFact, MonthFacts, ReportFact


def month_facts(session: Session, start: datetime, end: datetime) -> MonthFacts:
    facts = MonthFacts()
    found = (
        select(ClueRow.unit_id, FindingRow.category, PostRow.created_at, FindingRow.created_at)
        .join(ClueRow, ClueRow.id == FindingRow.clue_id)
        .join(PostRow, PostRow.id == FindingRow.post_id)
        .where(FindingRow.created_at >= start, FindingRow.created_at < end)
    )
    facts.findings = [FindingFact(u, c, p, f) for u, c, p, f in session.execute(found)]
    opened = select(ClueRow.unit_id).where(ClueRow.created_at >= start, ClueRow.created_at < end)
    facts.clue_units = list(session.scalars(opened))
    taken = (
        select(
            ClueRow.unit_id,
            MeasureRow.kind,
            MeasureRow.status,
            MeasureRow.created_at,
            ClueRow.created_at,
            PostRow.platform,
            MeasureRow.details,
        )
        .join(ClueRow, ClueRow.id == MeasureRow.clue_id)
        .join(PostRow, PostRow.id == ClueRow.post_id)
        .where(MeasureRow.created_at >= start, MeasureRow.created_at < end)
    )
    for unit, kind, status, created, opened_at, platform, details in session.execute(taken):
        hours = (details or {}).get("response_hours")
        facts.measures.append(
            MeasureFact(
                unit,
                kind,
                status,
                created,
                opened_at,
                platform,
                "appeal" in (details or {}),
                float(hours) if hours is not None else None,
                (details or {}).get("refusal_reason"),
            )
        )
    first = aliased(MeasureRow)
    answered = (
        select(func.min(first.created_at))
        .where(first.clue_id == ReportRow.clue_id)
        .scalar_subquery()
    )
    received = (
        select(ClueRow.unit_id, ReportRow.created_at, answered)
        .select_from(ReportRow)
        .outerjoin(ClueRow, ClueRow.id == ReportRow.clue_id)
        .where(ReportRow.created_at >= start, ReportRow.created_at < end)
    )
    facts.reports = [ReportFact(u, r, a) for u, r, a in session.execute(received)]
    return facts
