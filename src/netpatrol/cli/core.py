"""Core commands: init, audit, serve."""

from __future__ import annotations

from typing import Annotated

import typer

from netpatrol import data
from netpatrol.cli.common import (
    app,
    container,
    err,
    fail,
    require_schema,
)


@app.command()
def init() -> None:
    """Create or upgrade the schema (alembic upgrade head) and load the units. Idempotent."""
    from netpatrol.adapters.db import migrate
    from netpatrol.adapters.db.maintenance import analyse
    from netpatrol.adapters.db.partitions import ensure_months
    from netpatrol.services.accounts.units import load_units, units_from_data

    with container() as built:
        before, after = migrate.upgrade(built.engine)
        with built.engine.begin() as conn:
            ensure_months(conn, built.clock())  # PostgreSQL: this month's and the next ones
        units = units_from_data(data.load_json("units.json"))
        added, updated = load_units(built.uow(), units, "system:init", built.clock)
        analyse(built.engine)  # no plan is made from statistics of tables that never had any
    shown = built.settings.database_url.split("@")[-1]
    typer.echo(f"schema {before or 'none'} -> {after} on {shown}")
    typer.echo(f"units: {added} added, {updated} updated, {len(units)} in the matrix")


audit_app = typer.Typer(no_args_is_help=True, help="The hash-chained audit log (审计).")
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def audit_verify() -> None:
    """Check every entry's link and HMAC and every signed checkpoint; exit 1 naming the
    first place that fails."""
    from netpatrol.services.oversight.checkpoints import verify_chain

    with container() as built:
        require_schema(built)
        report = verify_chain(built.uow(), built.audit_keys)
    for note in report.notes:
        err.print(f"note: {note}", highlight=False, markup=False)
    if not report.intact:
        raise fail(
            f"audit chain broken at entry {report.broken_seq}: {report.problem}; "
            f"{report.checked} entries before it are intact"
        )
    typer.echo(
        f"audit chain intact: {report.checked} entries up to {report.head_seq}, "
        f"{report.checkpoints} signed checkpoints met; {report.rate:,.0f} entries/s "
        f"({report.cpu_rate:,.0f} per CPU second)"
    )


@audit_app.command("checkpoint")
def audit_checkpoint(actor: Annotated[str, typer.Option(help="who asks for it")] = "cli") -> None:
    """Sign the chain's head now: the table and the checkpoint directory keep it."""
    from netpatrol.services.oversight.checkpoints import write_checkpoint

    with container() as built:
        require_schema(built)
        checkpoint = write_checkpoint(built.uow(), built.audit_keys, actor, built.clock)
    typer.echo(
        f"checkpoint at entry {checkpoint.seq}: head {checkpoint.head.hex()} "
        f"signed by key {checkpoint.key_id}"
    )


LOOPBACK = ("127.0.0.1", "localhost", "::1")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="default NETPATROL_HOST")] = None,
    port: Annotated[int | None, typer.Option(help="default NETPATROL_PORT")] = None,
) -> None:
    """Serve the web app: API under /api/v1, console under /console."""
    import uvicorn

    from netpatrol.config import DEV_SECRET_KEY, SettingsError, load_settings
    from netpatrol.web.app import create_app

    try:
        settings = load_settings()
    except SettingsError as exc:
        raise fail(str(exc)) from None
    bound = host or settings.host
    if settings.secret_key == DEV_SECRET_KEY and bound not in LOOPBACK:
        # reporters' contacts are sealed under a key derived from it
        raise fail(f"set NETPATROL_SECRET_KEY before serving on {bound}: the default is public")
    if not settings.audit_key and bound not in LOOPBACK:
        # a key generated next to the database is copied along with it
        raise fail(f"set NETPATROL_AUDIT_KEY before serving on {bound}: see README, audit trail")
    uvicorn.run(
        create_app(settings),
        host=bound,
        port=port or settings.port,
        log_level=settings.log_level.lower(),
        # X-Forwarded-For is read by the app, from NETPATROL_TRUSTED_PROXIES only
        proxy_headers=False,
    )
