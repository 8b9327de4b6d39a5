"""Core commands: init, audit, serve."""

from __future__ import annotations

from typing import Annotated

import typer

from netpatrol import data
from netpatrol.adapters.db import migrate
from netpatrol.cli.common import (
    app,
    container,
    fail,
    require_schema,
)
from netpatrol.config import DEV_SECRET_KEY, SettingsError, load_settings
from netpatrol.services.accounts.units import load_units, units_from_data
from netpatrol.services.oversight.audit import verify_chain


@app.command()
def init() -> None:
    """Create or upgrade the schema (alembic upgrade head) and load the units. Idempotent."""
    with container() as built:
        before, after = migrate.upgrade(built.engine)
        units = units_from_data(data.load_json("units.json"))
        added, updated = load_units(built.uow(), units, "system:init", built.clock)
    shown = built.settings.database_url.split("@")[-1]
    typer.echo(f"schema {before or 'none'} -> {after} on {shown}")
    typer.echo(f"units: {added} added, {updated} updated, {len(units)} in the matrix")


audit_app = typer.Typer(no_args_is_help=True, help="The hash-chained audit log (审计).")
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def audit_verify() -> None:
    """Check every entry's hash and link; exit 1 naming the first broken entry."""
    with container() as built:
        require_schema(built)
        checked, broken = verify_chain(built.uow())
    if broken is not None:
        raise fail(
            f"audit chain broken at entry {broken.seq} ({broken.action} on "
            f"{broken.subject_type} {broken.subject_id}); {checked} entries before it are intact"
        )
    typer.echo(f"audit chain intact: {checked} entries")


LOOPBACK = ("127.0.0.1", "localhost", "::1")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="default NETPATROL_HOST")] = None,
    port: Annotated[int | None, typer.Option(help="default NETPATROL_PORT")] = None,
) -> None:
    """Serve the web app: API under /api/v1, console under /console."""
    import uvicorn

    from netpatrol.web.app import create_app

    try:
        settings = load_settings()
    except SettingsError as exc:
        raise fail(str(exc)) from None
    bound = host or settings.host
    if settings.secret_key == DEV_SECRET_KEY and bound not in LOOPBACK:
        # reporters' contacts are sealed under a key derived from it
        raise fail(f"set NETPATROL_SECRET_KEY before serving on {bound}: the default is public")
    uvicorn.run(
        create_app(settings),
        host=bound,
        port=port or settings.port,
        log_level=settings.log_level.lower(),
    )
