"""Exports for third parties: statements of reasons for every measure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from netpatrol.cli.common import app, container, fail, require_schema
from netpatrol.services.transparency import statements_of_reasons

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
