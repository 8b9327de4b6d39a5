"""The partner-agency directory from the command line: list it, edit a province's entry."""

from __future__ import annotations

from typing import Annotated

import typer

from netpatrol.cli.common import app, container, fail, require_schema
from netpatrol.domain.agencies import Agency, AgencyKind, Channel
from netpatrol.domain.errors import NotFound, RuleViolation

agencies_app = typer.Typer(no_args_is_help=True, help="Partner agencies (联动单位).")
app.add_typer(agencies_app, name="agencies")


@agencies_app.command("list")
def list_(
    unit: Annotated[
        str | None,
        typer.Option(help="only those this unit may refer to"),
    ] = None,
) -> None:
    """code, kind, province (- for national), channel, address, name: one entry a line."""
    from netpatrol.services.agencies import directory

    with container() as built:
        require_schema(built)
        try:
            found = directory.list_agencies(built.uow(), unit)
        except NotFound as exc:
            raise fail(str(exc), 2) from None
    for a in found:
        typer.echo(
            f"{a.code}\t{a.kind}\t{a.province or '-'}\t{a.channel}\t{a.address or '-'}\t{a.name}"
        )


@agencies_app.command("set")
def set_(
    code: str,
    address: Annotated[str, typer.Option(help="e-mail address, or the webhook's URL")] = "",
    channel: Annotated[Channel | None, typer.Option(help="email or webhook")] = None,
    name: Annotated[str, typer.Option(help="a new name; unchanged if not given")] = "",
    kind: Annotated[AgencyKind | None, typer.Option(help="for a new entry")] = None,
    province: Annotated[str | None, typer.Option(help="a new entry's province unit code")] = None,
    actor: Annotated[str, typer.Option(help="who edits it (the unit admin)")] = "cli",
) -> None:
    """Edit an entry (its address, channel, name) or add one (give --kind, --name and
    --province, none for a national entry)."""
    from netpatrol.services.agencies import directory

    with container() as built:
        require_schema(built)
        known = next((a for a in directory.list_agencies(built.uow()) if a.code == code), None)
        if known is None and (kind is None or not name):
            raise fail(f"{code} is not in the directory: give --kind and --name to add it", 2)
        agency = Agency(
            code,
            name or (known.name if known else ""),
            kind or (known.kind if known else AgencyKind.MARKET),
            known.province if known else province,
            channel or (known.channel if known else Channel.EMAIL),
            address.strip() or (known.address if known else ""),
        )
        try:
            new = directory.set_entry(built.uow(), agency, actor, built.clock)
        except RuleViolation as exc:
            raise fail(str(exc), 2) from None
    typer.echo(f"{code} {'added' if new else 'edited'}")
