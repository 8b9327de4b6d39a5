"""Monthly partitions on PostgreSQL for the tables that grow without bound: posts (by the
month its id carries), findings (by created_at), the audit log (by at) and the inbox (by
received_at). Each month is its own
table, attached to the parent, with the parent's indexes; rows of a month that has no
partition yet land in the table's default partition and are moved into their month the
next time the months are ensured (`netpatrol partitions`, `netpatrol init`, the timers
worker once a day). A month past its retention can then be dropped whole, which frees its
space at once, instead of deleted row by row. SQLite keeps plain tables."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Connection, text

# the tables partitioned, each with the column its months are cut by
PARTITIONED: dict[str, str] = {
    "posts": "id",
    "findings": "created_at",
    "audit_entries": "at",
    "inbox_messages": "received_at",
}
MONTHS_AHEAD = 3  # months created before any row needs them
PARTITION_NAME = re.compile("^(" + "|".join(PARTITIONED) + r")_(y\d{4}m\d{2}|default|before)$")

# A post's id carries the month of its platform time in its high bits (the month's number
# counted from January 1990, then a sequence number), so the four tables that refer to a
# post keep referring to its id alone, and posts are cut by id ranges that are months. A
# unique key must hold the partition column, which would make (platform, external_id) no
# key at all; each partition keeps it on its own instead, and that suffices: a post has one
# platform time, so every copy of it is routed to the same partition.
ID_COLUMN = "id"
MONTH_BITS = 40
EPOCH_YEAR = 1990
LAST_MONTH = (1 << (53 - MONTH_BITS)) - 1  # ids stay exact in JavaScript's numbers
BEFORE = "before"  # posts stored before posts were partitioned keep their small ids here
LOCAL_KEYS: dict[str, tuple[str, ...]] = {"posts": ("platform", "external_id")}


@dataclass(frozen=True)
class Partition:
    table: str
    name: str
    month: date | None  # the first day of its month; None for the default partition
    rows: int
    bytes: int


def is_partition(name: str) -> bool:
    """A partition's own table (the schema comparison looks at the parents only)."""
    return PARTITION_NAME.match(name) is not None


def month_name(table: str, month: date) -> str:
    return f"{table}_y{month.year:04d}m{month.month:02d}"


def default_name(table: str) -> str:
    return f"{table}_default"


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def first_of(moment: datetime) -> date:
    moment = moment.astimezone(UTC)
    return date(moment.year, moment.month, 1)


def month_number(month: date) -> int:
    """The month a post id carries: 1 for January 1990, kept within what an id can hold."""
    return min(max((month.year - EPOCH_YEAR) * 12 + month.month, 1), LAST_MONTH)


def month_of_number(number: int) -> date:
    return date(EPOCH_YEAR + (number - 1) // 12, (number - 1) % 12 + 1, 1)


def post_id_sql(created_at: str = "created_at", sequence: str = "posts_id_seq") -> str:
    """The SQL that gives a new post its id from its platform time (`month_number` in SQL)."""
    utc = f"{created_at} AT TIME ZONE 'UTC'"
    number = f"(EXTRACT(YEAR FROM {utc})::int - {EPOCH_YEAR}) * 12 + EXTRACT(MONTH FROM {utc})::int"
    return (
        f"(LEAST(GREATEST({number}, 1), {LAST_MONTH})::bigint << {MONTH_BITS})"
        f" + nextval('{sequence}')"
    )


def _bound(month: date, column: str) -> str:
    if column == ID_COLUMN:
        return str(month_number(month) << MONTH_BITS)
    return f"'{month.isoformat()} 00:00:00+00'"


def _range(month: date, column: str) -> str:
    return f"FOR VALUES FROM ({_bound(month, column)}) TO ({_bound(next_month(month), column)})"


def add_local_keys(conn: Connection, table: str, name: str) -> None:
    """The unique keys the partition `name` of `table` keeps on its own."""
    for columns in [LOCAL_KEYS[table]] if table in LOCAL_KEYS else []:
        key = f"{name}_{'_'.join(columns)}_key"
        conn.execute(
            text(f"CREATE UNIQUE INDEX IF NOT EXISTS {key} ON {name} ({', '.join(columns)})")
        )


def create_default(conn: Connection, table: str, first: date) -> None:
    """The partition for rows of a month not made yet; for posts, also the one for every id
    below the month `first` (the posts stored before posts were partitioned, which keep
    their small ids, and posts of earlier months stored later). Rows of a table others
    refer to cannot move between partitions, so posts' months are all made before a row
    could need them, from `first` on."""
    default = default_name(table)
    conn.execute(text(f"CREATE TABLE {default} PARTITION OF {table} DEFAULT"))
    add_local_keys(conn, table, default)
    if PARTITIONED[table] == ID_COLUMN:
        before = f"{table}_{BEFORE}"
        ids = f"FOR VALUES FROM (MINVALUE) TO ({_bound(first, ID_COLUMN)})"
        conn.execute(text(f"CREATE TABLE IF NOT EXISTS {before} PARTITION OF {table} {ids}"))
        add_local_keys(conn, table, before)


def _waiting_months(conn: Connection, table: str, column: str) -> set[date]:
    default = default_name(table)
    if column == ID_COLUMN:
        numbers = conn.scalars(text(f"SELECT DISTINCT {column} >> {MONTH_BITS} FROM {default}"))
        return {month_of_number(int(n)) for n in numbers}
    month_of = f"date_trunc('month', {column} AT TIME ZONE 'UTC')"
    waiting = conn.scalars(text(f"SELECT DISTINCT {month_of} FROM {default}"))
    return {date(m.year, m.month, 1) for m in waiting}


def is_partitioned(conn: Connection, table: str) -> bool:
    if conn.dialect.name != "postgresql":
        return False
    found = conn.scalar(
        text("SELECT relkind FROM pg_class WHERE oid = to_regclass(:t)"), {"t": table}
    )
    return bool(found == "p")


def existing_months(conn: Connection, table: str) -> set[date]:
    names = conn.scalars(
        text(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = to_regclass(:t)"
        ),
        {"t": table},
    )
    months: set[date] = set()
    for name in names:
        tail = name[len(table) + 1 :]
        if tail.startswith("y"):
            months.add(date(int(tail[1:5]), int(tail[6:8]), 1))
    return months


def create_month(conn: Connection, table: str, month: date, column: str = "") -> int:
    """The month's partition, made now; rows of that month waiting in the default
    partition move into it (in the caller's transaction). The number of rows moved."""
    name, default = month_name(table, month), default_name(table)
    column = column or PARTITIONED[table]
    lower, upper = _bound(month, column), _bound(next_month(month), column)
    waiting = f"{column} >= {lower} AND {column} < {upper}"
    moved = 0
    if conn.scalar(text(f"SELECT to_regclass('{default}')")) is not None:
        moved = conn.scalar(text(f"SELECT count(*) FROM {default} WHERE {waiting}")) or 0
    if not moved:
        conn.execute(text(f"CREATE TABLE {name} PARTITION OF {table} {_range(month, column)}"))
        add_local_keys(conn, table, name)
        return 0
    # attaching a month the default partition holds rows of is refused: move them first
    conn.execute(text(f"CREATE TABLE {name} (LIKE {table} INCLUDING DEFAULTS)"))
    conn.execute(text(f"INSERT INTO {name} SELECT * FROM {default} WHERE {waiting}"))
    conn.execute(text(f"DELETE FROM {default} WHERE {waiting}"))
    add_local_keys(conn, table, name)
    conn.execute(text(f"ALTER TABLE {table} ATTACH PARTITION {name} {_range(month, column)}"))
    return int(moved)


def ensure_months(conn: Connection, now: datetime, ahead: int = MONTHS_AHEAD) -> dict[str, int]:
    """Every partitioned table gets a partition for this month and `ahead` months after it,
    and one for each month that has rows waiting in its default partition. Posts are the
    exception: clues and findings refer to them, so their rows never move; a month of
    posts waits in the default partition for good once a row of it is there (a post dated
    months ahead of the months made), and months before the first made stay in
    `posts_before`. The partitions made, per table (nothing on SQLite)."""
    made: dict[str, int] = {}
    for table, column in PARTITIONED.items():
        if not is_partitioned(conn, table):
            continue
        have = existing_months(conn, table)
        wanted = {first_of(now)}
        for _ in range(ahead):
            wanted.add(next_month(max(wanted)))
        default = default_name(table)
        if conn.scalar(text(f"SELECT to_regclass('{default}')")) is None:
            create_default(conn, table, min(have | wanted))
        elif column != ID_COLUMN:
            wanted |= _waiting_months(conn, table, column)
        else:
            wanted = {
                m
                for m in wanted - _waiting_months(conn, table, column)
                if m >= min(have, default=m)
            }
        moved = sum(create_month(conn, table, month) for month in sorted(wanted - have))
        if moved and conn.scalar(text(f"SELECT NOT EXISTS (SELECT 1 FROM {default})")):
            # the moved rows' dead copies would stay in the default partition and its
            # indexes until a vacuum, and every query that cannot rule it out reads them
            conn.execute(text(f"TRUNCATE {default}"))
        made[table] = len(wanted - have)
    return made


def listing(conn: Connection) -> list[Partition]:
    """Each partition of each partitioned table: its month, rows (the planner's estimate
    when the table was analysed, else counted) and size on disk."""
    found: list[Partition] = []
    for table in PARTITIONED:
        if not is_partitioned(conn, table):
            continue
        rows = conn.execute(
            text(
                "SELECT c.relname, c.reltuples, pg_total_relation_size(c.oid) "
                "FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                "WHERE i.inhparent = to_regclass(:t) ORDER BY c.relname"
            ),
            {"t": table},
        )
        for name, estimate, size in rows:
            counted = (
                int(estimate)
                if estimate > 0
                else int(conn.scalar(text(f"SELECT count(*) FROM {name}")) or 0)
            )
            tail = name[len(table) + 1 :]
            month = date(int(tail[1:5]), int(tail[6:8]), 1) if tail.startswith("y") else None
            found.append(Partition(table, name, month, counted, int(size)))
    return found


def drop_month(conn: Connection, table: str, month: date) -> None:
    """Detach and drop one month's partition: its rows go in one step, their space is
    returned to the system at once (no dead rows left for vacuum)."""
    name = month_name(table, month)
    conn.execute(text(f"ALTER TABLE {table} DETACH PARTITION {name}"))
    conn.execute(text(f"DROP TABLE {name}"))
