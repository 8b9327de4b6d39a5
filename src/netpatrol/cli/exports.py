"""Exports and figures: statements of reasons for every measure, takedown response times."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from netpatrol.cli.common import app, container, fail, require_schema
from netpatrol.domain.errors import RuleViolation

export_app = typer.Typer(no_args_is_help=True, help="Exports (导出).")
app.add_typer(export_app, name="export")


@export_app.command("dsa")
def export_dsa(
    out: Annotated[Path | None, typer.Option(help="file to write; default stdout")] = None,
) -> None:
    """Every measure as a statement of reasons with the DSA transparency database's fields
    (JSON Lines): the clue's real origin, whether a detector raised it, content type and
    platform."""
    from netpatrol.services.oversight.transparency import statements_of_reasons

    with container() as built:
        require_schema(built)
        records = statements_of_reasons(built.uow(), built.catalogue)
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if out is None:
        typer.echo(lines, nl=False)
    else:
        out.write_text(lines, encoding="utf-8")
        typer.echo(f"{len(records)} statements written to {out}", err=True)


@app.command("transparency")
def transparency_report(
    period: Annotated[str, typer.Argument(help="a month, YYYY-MM")],
) -> None:
    """The month's transparency report as JSON (the same as GET /api/v1/transparency)."""
    from netpatrol.services.oversight.monthly import monthly_report

    with container() as built:
        require_schema(built)
        try:
            report = monthly_report(built.uow(), period, built.clock)
        except RuleViolation as exc:
            raise fail(str(exc), 2) from None
    typer.echo(json.dumps(asdict(report), ensure_ascii=False, indent=2))


@app.command("stats")
def stats_() -> None:
    """Takedown notices per platform: sent, removed, overdue, waiting, hours to answer,
    refused and the share removed."""
    from netpatrol.services.oversight.stats import takedown_responses

    with container() as built:
        require_schema(built)
        rows = takedown_responses(built.uow())
    typer.echo(
        "platform\tnotices\tconfirmed\toverdue\twaiting\tmedian_h\tslowest_h\trefused\tremoved_share"
    )
    for r in rows:
        typer.echo(
            f"{r.platform}\t{r.notices}\t{r.confirmed}\t{r.overdue}\t{r.waiting}\t"
            f"{r.median_hours if r.median_hours is not None else '-'}\t"
            f"{r.slowest_hours if r.slowest_hours is not None else '-'}\t{r.refused}\t"
            f"{r.removed_share if r.removed_share is not None else '-'}"
        )
