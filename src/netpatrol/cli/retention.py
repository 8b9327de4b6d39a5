"""Retention from the command line: apply the policy, or show what it would do."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from netpatrol.cli.common import app, container, require_schema

if TYPE_CHECKING:
    from netpatrol.services.retention.run import RetentionOutcome


BATCH = 500  # the service's default batch, kept equal by a test, read without importing it
retention_app = typer.Typer(no_args_is_help=True, help="Retention of personal data (数据留存).")
app.add_typer(retention_app, name="retention")


def outcome_line(o: RetentionOutcome, dry_run: bool) -> str:
    if o.action == "keep":
        return f"{o.data}: kept ({o.days} days): {o.due} past the period, left for review"
    if dry_run:
        return f"{o.data}: would {o.action} {o.due} (kept {o.days} days)"
    return f"{o.data}: {o.action}d {o.applied} in {o.batches} batches (kept {o.days} days)"


@retention_app.command("run")
def retention_run(
    dry_run: Annotated[bool, typer.Option(help="print what would be done; change nothing")] = False,
    batch: Annotated[int, typer.Option(min=1, max=10_000, help="rows per batch")] = BATCH,
) -> None:
    """Delete or pseudonymise what passed its retention period (never under legal hold);
    one audit entry of counts per batch."""
    from netpatrol.services.retention.run import run_retention

    with container() as built:
        require_schema(built)
        outcomes = run_retention(
            built.uow(), built.retention, built.clock, built.pseudonym_key(), dry_run, batch
        )
    for outcome in outcomes:
        typer.echo(outcome_line(outcome, dry_run))
