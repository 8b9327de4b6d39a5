"""Bulk inserts on PostgreSQL as one statement over column arrays (`INSERT ... SELECT FROM
unnest(...)`): a batch of any size is one short statement with one parameter a column, so
neither the driver nor the server parses thousands of placeholders, as a multi-row
VALUES list (SQLAlchemy's insertmanyvalues) makes them do for every batch."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import JSON, Table, TextClause, text
from sqlalchemy.engine import Dialect


def unnest_insert(
    table: Table,
    columns: Sequence[str],
    dialect: Dialect,
    *,
    returning: Sequence[str] = (),
    ignore_conflicts: bool = False,
    in_order: bool = False,
) -> TextClause:
    """The statement; `in_order` inserts the rows in the arrays' order, so generated keys
    ascend with it (`RETURNING` itself names no order)."""
    arrays = []
    for name in columns:
        kind = table.c[name].type
        if isinstance(kind, JSON):  # JSON text from the client, one element a row
            arrays.append(f"CAST(CAST(:{name} AS TEXT[]) AS JSON[])")
        else:
            arrays.append(f"CAST(:{name} AS {kind.compile(dialect=dialect)}[])")
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(name) for name in columns)
    source = f"unnest({', '.join(arrays)})"
    if in_order:
        source += f" WITH ORDINALITY AS u({names}, ord) ORDER BY ord"
    else:
        source += f" AS u({names})"
    sql = f"INSERT INTO {quote(table.name)} ({names}) SELECT {names} FROM {source}"
    if ignore_conflicts:
        sql += " ON CONFLICT DO NOTHING"
    if returning:
        sql += f" RETURNING {', '.join(returning)}"
    return text(sql)


def unnest_params(
    table: Table, columns: Sequence[str], rows: Sequence[Mapping[str, Any]]
) -> dict[str, list[Any]]:
    """One array a column; JSON values as their text (json.dumps, as SQLAlchemy writes)."""
    params: dict[str, list[Any]] = {}
    for name in columns:
        values = [row[name] for row in rows]
        if isinstance(table.c[name].type, JSON):
            values = [None if v is None else json.dumps(v) for v in values]
        params[name] = values
    return params
