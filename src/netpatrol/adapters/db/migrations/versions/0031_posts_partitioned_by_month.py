"""on PostgreSQL, posts become a table partitioned by month too: a new post's id carries the
month of its platform time in its high bits (`partitions.post_id_sql`), and the months are
ranges of ids, so clues, findings, clusters and their members keep referring to a post by
its id alone. Each partition keeps the unique (platform, external_id) on its own; the posts
stored before keep their ids, in `posts_before`. SQLite keeps a plain table.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-04 01:00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from netpatrol.adapters.db.partitions import (
    MONTHS_AHEAD,
    create_default,
    create_month,
    first_of,
    next_month,
)

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNIQUE = ("uq_posts_platform_external_id", "UNIQUE (platform, external_id)")


def _referring(conn: sa.Connection) -> list[tuple[str, str, str]]:
    """The foreign keys that refer to posts (table, name, definition), the partitions'
    copies left out: they go and come back with their parent's."""
    return [
        (str(table), str(name), str(definition))
        for table, name, definition in conn.execute(
            sa.text(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE confrelid = to_regclass('posts') "
                "AND contype = 'f' AND conparentid = 0 ORDER BY conname"
            )
        )
    ]


def _indexes(conn: sa.Connection) -> list[tuple[str, str]]:
    """Posts' indexes other than its keys (the search indexes): name, definition."""
    return [
        (str(name), str(definition))
        for name, definition in conn.execute(
            sa.text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                "AND tablename = 'posts' AND indexname NOT IN "
                "(SELECT conname FROM pg_constraint WHERE conrelid = to_regclass('posts')) "
                "ORDER BY indexname"
            )
        )
    ]


def _rebuild(partitioned: bool) -> None:
    conn = op.get_bind()
    referring, indexes = _referring(conn), _indexes(conn)
    for table, name, _ in referring:
        op.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
    sequence = conn.scalar(sa.text("SELECT pg_get_serial_sequence('posts', 'id')"))
    op.execute(f"ALTER SEQUENCE {sequence} OWNED BY NONE")  # dropping the old table keeps it
    op.execute("ALTER TABLE posts RENAME TO posts__old")
    for name, _ in indexes:  # the new table's indexes take their names
        op.execute(f"DROP INDEX {name}")
    op.execute("ALTER TABLE posts__old DROP CONSTRAINT pk_posts")
    op.execute(f"ALTER TABLE posts__old DROP CONSTRAINT IF EXISTS {UNIQUE[0]}")
    shape = "PARTITION BY RANGE (id)" if partitioned else ""
    op.execute(f"CREATE TABLE posts (LIKE posts__old INCLUDING DEFAULTS) {shape}")
    op.execute("ALTER TABLE posts ADD CONSTRAINT pk_posts PRIMARY KEY (id)")
    if partitioned:
        month = first_of(datetime.now(UTC))
        create_default(conn, "posts", month)
        for _ in range(MONTHS_AHEAD + 1):
            create_month(conn, "posts", month)
            month = next_month(month)
    else:
        op.execute(f"ALTER TABLE posts ADD CONSTRAINT {UNIQUE[0]} {UNIQUE[1]}")
    op.execute("INSERT INTO posts SELECT * FROM posts__old")
    op.execute("DROP TABLE posts__old")  # and, going down, its partitions
    op.execute(f"ALTER SEQUENCE {sequence} OWNED BY posts.id")
    for _, definition in indexes:
        op.execute(definition.replace(" ON ONLY ", " ON "))
    for table, name, definition in referring:
        op.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
    op.execute("ANALYZE posts")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _rebuild(partitioned=True)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _rebuild(partitioned=False)
