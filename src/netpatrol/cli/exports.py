"""Exports and figures: statements of reasons for every measure, takedown response times."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from netpatrol.cli.common import app, container, fail, require_schema
from netpatrol.services.oversight.stats import takedown_responses
from netpatrol.services.oversight.transparency import statements_of_reasons

export_app = typer.Typer(no_args_is_help=True, help="Exports (导出).")
app.add_typer(export_app, name="export")


@export_app.command("measures")
def export_measures(
    format_: Annotated[str, typer.Option("--format", help="dsa-jsonl")] = "dsa-jsonl",
    out: Annotated[Path | None, typer.Option(help="file to write; default stdout")] = None,
) -> None:
    """Every measure as a statement of reasons with the DSA transparency database's fields."""
    if format_ != "dsa-jsonl":
        raise fail(f"unknown format {format_!r}; the one known format is dsa-jsonl", 2)
    with container() as built:
        require_schema(built)
        records = statements_of_reasons(built.uow(), built.catalogue)
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if out is None:
        typer.echo(lines, nl=False)
    else:
        out.write_text(lines, encoding="utf-8")
        typer.echo(f"{len(records)} statements written to {out}", err=True)


@app.command("stats")
def stats_() -> None:
    """Takedown notices per platform: sent, confirmed, overdue, waiting, response hours."""
    with container() as built:
        require_schema(built)
        rows = takedown_responses(built.uow())
    typer.echo("platform\tnotices\tconfirmed\toverdue\twaiting\tmedian_h\tslowest_h")
    for r in rows:
        typer.echo(
            f"{r.platform}\t{r.notices}\t{r.confirmed}\t{r.overdue}\t{r.waiting}\t"
            f"{r.median_hours if r.median_hours is not None else '-'}\t"
            f"{r.slowest_hours if r.slowest_hours is not None else '-'}"
        )
