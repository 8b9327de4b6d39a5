"""Long-running work: the timer loop."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from netpatrol.cli.common import app, container, err, require_schema
from netpatrol.services.timers import run_due

worker_app = typer.Typer(no_args_is_help=True, help="Workers (后台任务).")
app.add_typer(worker_app, name="worker")


@worker_app.command("timers")
def timers(
    once: Annotated[bool, typer.Option(help="handle what is due now, then stop")] = False,
    interval: Annotated[float, typer.Option(min=1.0, help="seconds between rounds")] = 30.0,
) -> None:
    """Handle what falls due: overdue takedown notices, breached service levels."""
    with container() as built:
        require_schema(built)
        while True:
            done = run_due(built.uow(), built.clock)
            if done.total or once:
                err.print(
                    f"timers: {done.takedowns_overdue} takedown notices overdue, "
                    f"{done.clues_breached} clues past their service level",
                    highlight=False,
                )
            if once:
                return
            time.sleep(interval)
