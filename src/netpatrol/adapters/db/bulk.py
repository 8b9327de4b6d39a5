"""Bulk inserts on PostgreSQL as one statement over the batch sent as one JSON document
(`INSERT ... SELECT FROM json_to_recordset(...)`): a batch of any size is one short
statement with one parameter, so neither the driver nor the server parses thousands of
placeholders, as a multi-row VALUES list (SQLAlchemy's insertmanyvalues) makes them do for
every batch, and the driver adapts one string instead of a value at a time."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, TextClause, text
from sqlalchemy.engine import Dialect

ORDER = "bulk_order"  # the position of a row in its batch, sent along with it


def json_rows_insert(
    table: Table,
    columns: Sequence[str],
    dialect: Dialect,
    *,
    returning: Sequence[str] = (),
    ignore_conflicts: bool = False,
    in_order: bool = False,
    computed: Mapping[str, str] | None = None,
) -> TextClause:
    """The statement; `in_order` inserts the rows in the batch's order, so generated keys
    ascend with it (`RETURNING` itself names no order); `computed` gives columns whose
    values SQL works out from the row's (a post's id from its time)."""
    quote = dialect.identifier_preparer.quote
    extra = dict(computed or {})
    names = ", ".join(quote(name) for name in [*extra, *columns])
    values = ", ".join([*extra.values(), *(quote(name) for name in columns)])
    fields = [f"{quote(name)} {table.c[name].type.compile(dialect=dialect)}" for name in columns]
    source = f"json_to_recordset(CAST(:rows AS JSON)) AS u({', '.join(fields)}, {ORDER} INTEGER)"
    if in_order:
        source += f" ORDER BY {ORDER}"
    sql = f"INSERT INTO {quote(table.name)} ({names}) SELECT {values} FROM {source}"
    if ignore_conflicts:
        sql += " ON CONFLICT DO NOTHING"
    if returning:
        sql += f" RETURNING {', '.join(returning)}"
    return text(sql)


def _instant(value: object) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; give a timezone")
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a column value")


def json_rows(rows: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """The statement's parameter: the rows as one JSON array, each with its position."""
    numbered = [{**row, ORDER: number} for number, row in enumerate(rows)]
    return {"rows": json.dumps(numbered, ensure_ascii=False, default=_instant)}
