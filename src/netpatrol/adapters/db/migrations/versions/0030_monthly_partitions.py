"""on PostgreSQL, findings, the audit log and the inbox become tables partitioned by month
(created_at, at, received_at), each with a default partition for rows of a month not made
yet; a primary key or unique constraint of a partitioned table must hold its partition
column, so each one gains it. SQLite keeps plain tables.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-02 18:00:00
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

from netpatrol.adapters.db.partitions import (
    MONTHS_AHEAD,
    PARTITIONED,
    create_month,
    default_name,
    first_of,
    month_name,
    next_month,
)

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEYS = ("PRIMARY KEY (", "UNIQUE (")
TABLES = ("findings", "audit_entries", "inbox_messages")  # posts followed in 0031


def _shape(conn: sa.Connection, table: str) -> tuple[list[tuple[str, str]], list[str], str]:
    """The table's constraints (name, definition), its other indexes' definitions and the
    sequence its id is drawn from."""
    constraints = [
        (name, definition)
        for name, definition in conn.execute(
            sa.text(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = to_regclass(:t) AND contype IN ('p', 'u', 'f') "
                "ORDER BY contype DESC, conname"
            ),
            {"t": table},
        )
    ]
    names = {name for name, _ in constraints}
    indexes = [
        definition
        for name, definition in conn.execute(
            sa.text(
                "SELECT indexname, indexdef FROM pg_indexes "
                "WHERE schemaname = current_schema() AND tablename = :t ORDER BY indexname"
            ),
            {"t": table},
        )
        if name not in names
    ]
    key = "seq" if table == "audit_entries" else "id"
    sequence = conn.scalar(sa.text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table, "c": key})
    return constraints, indexes, f"{sequence}|{key}"


def _with_column(definition: str, column: str, add: bool) -> str:
    if not definition.startswith(KEYS):
        return definition
    if add:
        return definition[:-1] + f", {column})"
    return definition.replace(f", {column})", ")")


def _rebuild(table: str, partitioned: bool) -> None:
    conn = op.get_bind()
    column = PARTITIONED[table]
    constraints, indexes, owner = _shape(conn, table)
    sequence, key = owner.split("|")
    op.execute(f"ALTER SEQUENCE {sequence} OWNED BY NONE")  # dropping the table keeps it
    shape = f"PARTITION BY RANGE ({column})" if partitioned else ""
    op.execute(f"CREATE TABLE {table}__new (LIKE {table} INCLUDING DEFAULTS) {shape}")
    if partitioned:
        op.execute(f"CREATE TABLE {table}__new_default PARTITION OF {table}__new DEFAULT")
        month_of = f"date_trunc('month', {column} AT TIME ZONE 'UTC')"
        waiting = conn.scalars(sa.text(f"SELECT DISTINCT {month_of} FROM {table}"))
        months = {date(m.year, m.month, 1) for m in waiting}
        month = first_of(datetime.now(UTC))
        for _ in range(MONTHS_AHEAD + 1):
            months.add(month)
            month = next_month(month)
        for month in sorted(months):
            create_month(conn, f"{table}__new", month, column)
    op.execute(f"INSERT INTO {table}__new SELECT * FROM {table}")
    op.execute(f"DROP TABLE {table}")
    op.execute(f"ALTER TABLE {table}__new RENAME TO {table}")
    if partitioned:
        op.execute(f"ALTER TABLE {table}__new_default RENAME TO {default_name(table)}")
        for month in sorted(months):
            made = month_name(f"{table}__new", month)
            op.execute(f"ALTER TABLE {made} RENAME TO {month_name(table, month)}")
    op.execute(f"ALTER SEQUENCE {sequence} OWNED BY {table}.{key}")
    for name, definition in constraints:
        definition = _with_column(definition, column, partitioned)
        op.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
    for definition in indexes:
        op.execute(definition)
    op.execute(f"ANALYZE {table}")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        _rebuild(table, partitioned=True)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        _rebuild(table, partitioned=False)
