"""search and saved views: search indexes over posts, reports and indicators, and the
saved views of the queue

SQLite: FTS5 tables with the trigram tokenizer over the stored rows (external content),
kept current by triggers on insert, update and delete. PostgreSQL: pg_trgm GIN indexes
(substrings, Chinese included) and a full-text GIN index on post texts. Every object is
named `search_*` so schema comparisons leave it out.

Revision ID: 0021
Revises: 0016
Create Date: 2026-12-01 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
# the FTS5 table, the table it indexes, and the columns it indexes
FTS = {
    "search_posts": ("posts", ("text", "author_name", "author_id")),
    "search_reports": ("reports", ("text", "link")),
    "search_indicators": ("indicators", ("value", "note")),
}
TRGM = {  # PostgreSQL: index name -> (table, column)
    "search_posts_text_trgm": ("posts", "text"),
    "search_posts_author_trgm": ("posts", "author_name"),
    "search_posts_author_id_trgm": ("posts", "author_id"),
    "search_reports_text_trgm": ("reports", "text"),
    "search_reports_link_trgm": ("reports", "link"),
    "search_indicators_value_trgm": ("indicators", "value"),
}


def _sqlite_upgrade() -> None:
    for fts, (table, columns) in FTS.items():
        names = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        op.execute(
            f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{table}', "
            "content_rowid='id', tokenize='trigram')"
        )
        remove = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"
        add = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"
        op.execute(f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {add} END")
        op.execute(f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {remove} END")
        op.execute(f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {table} BEGIN {remove} {add} END")
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def _sqlite_downgrade() -> None:
    for fts in FTS:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {fts}")


def upgrade() -> None:
    op.create_table(
        "saved_views",
        sa.Column("id", ID, nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_views")),
        sa.UniqueConstraint("username", "name", name=op.f("uq_saved_views_username_name")),
    )
    op.create_index(op.f("ix_saved_views_username"), "saved_views", ["username"])
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_upgrade()
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, (table, column) in TRGM.items():
        op.execute(f"CREATE INDEX {name} ON {table} USING gin ({column} gin_trgm_ops)")
    op.execute(
        "CREATE INDEX search_posts_text_fts ON posts USING gin (to_tsvector('simple', text))"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_downgrade()
    else:
        for name in (*TRGM, "search_posts_text_fts"):
            op.execute(f"DROP INDEX IF EXISTS {name}")
    op.drop_index(op.f("ix_saved_views_username"), table_name="saved_views")
    op.drop_table("saved_views")
