"""Storage upkeep from the command line: PostgreSQL's monthly partitions."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from netpatrol.cli.common import app, container, require_schema

# the months made ahead by default: partitions.MONTHS_AHEAD, kept equal by a test and read
# without importing the database layer (the command line starts without it)
MONTHS_AHEAD = 3


@app.command("partitions")
def partitions(
    ahead: Annotated[
        int, typer.Option(min=0, max=24, help="months to make after this one")
    ] = MONTHS_AHEAD,
) -> None:
    """Make this month's and the coming months' partitions of posts, findings, the audit log
    and the inbox (moving rows that wait in a default partition into their month, except
    posts, which stay where they were stored), then list every partition with its rows and
    size. PostgreSQL only; SQLite keeps plain tables."""
    from netpatrol.adapters.db.partitions import ensure_months, listing

    with container() as built:
        require_schema(built)
        if built.engine.dialect.name != "postgresql":
            typer.echo("SQLite keeps plain tables: there are no partitions to make")
            return
        with built.engine.begin() as conn:
            made = ensure_months(conn, built.clock(), ahead)
        with built.engine.connect() as conn:
            found = listing(conn)
    table = Table(title="monthly partitions")
    for name in ("table", "partition", "month", "rows", "size"):
        table.add_column(name, justify="right" if name in ("rows", "size") else "left")
    for p in found:
        month = p.month.strftime("%Y-%m") if p.month else p.name.rpartition("_")[2]
        table.add_row(p.table, p.name, month, f"{p.rows:,}", f"{p.bytes / 1024:,.0f} KiB")
    Console().print(table)
    typer.echo("partitions made: " + ", ".join(f"{name} {count}" for name, count in made.items()))
