"""What every command shares: the app, error reporting, settings and the schema check.

Command modules import only typer, rich and the domain at the top: the engine, the
database and the web load inside the commands that use them, so `netpatrol --help`
starts in a fraction of a second (tests/unit/test_cli_start.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer
from rich.console import Console

if TYPE_CHECKING:
    from netpatrol.bootstrap import Container


EXIT_ERROR = 1
EXIT_REJECTED = 3
CONFLICT_RETRIES = 3

app = typer.Typer(add_completion=False, no_args_is_help=True, help="网警巡查执法平台 netpatrol")
err = Console(stderr=True)


def fail(message: str, code: int = EXIT_ERROR) -> typer.Exit:
    # soft_wrap: a long path or id stays whole on one line, for the reader to copy
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def container() -> Iterator[Container]:
    from netpatrol.bootstrap import bootstrap
    from netpatrol.config import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as exc:
        raise fail(str(exc)) from None
    built = bootstrap(settings)
    try:
        yield built
    finally:
        built.dispose()


def require_schema(built: Container) -> None:
    from netpatrol.adapters.db import migrate

    current, head = migrate.current_revision(built.engine), migrate.head_revision()
    if current != head:
        raise fail(
            f"the database is at schema {current or 'none'}, expected {head}: "
            "run `netpatrol init` first"
        )
