"""Keeping the planner's statistics current: a table that grew tenfold since they were
taken is planned as the small table it was (a scan where an index serves)."""

from __future__ import annotations

from sqlalchemy import Engine, text


def analyse(engine: Engine) -> None:
    """ANALYZE every table. PostgreSQL's autovacuum does this too when it is on; SQLite
    never does it by itself."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":  # sample each index, do not read it whole
            conn.execute(text("PRAGMA analysis_limit=1000"))
        conn.execute(text("ANALYZE"))
