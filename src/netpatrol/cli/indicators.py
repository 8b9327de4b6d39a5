"""The shared indicator store from the command line: add and list."""

from __future__ import annotations

from typing import Annotated

import typer

from netpatrol.cli.common import app, container, fail, require_schema
from netpatrol.domain.errors import NotFound, RuleViolation
from netpatrol.services.matrix.indicators import add_indicator, list_indicators
from netpatrol.services.ports import Conflict

indicator_app = typer.Typer(no_args_is_help=True, help="Known scam indicators (共享线索库).")
app.add_typer(indicator_app, name="indicator")


@indicator_app.command("add")
def add(
    kind: Annotated[str, typer.Argument(help="phone, landline, qq, wechat, url, domain, ...")],
    value: Annotated[str, typer.Argument(help="as seen; stored in canonical form")],
    category: Annotated[str, typer.Option(help="the category it is evidence of")] = "fraud",
    unit: Annotated[str, typer.Option(help="the unit code that records it")] = "000000",
    sharing: Annotated[str, typer.Option(help="unit, province or national")] = "national",
    actor: Annotated[str, typer.Option(help="who records it")] = "cli",
    note: str = "",
) -> None:
    """Record a known indicator; the patrol matches every post against the store."""
    with container() as built:
        require_schema(built)
        try:
            added = add_indicator(
                built.uow(),
                kind=kind,
                value=value,
                category=category,
                unit_code=unit,
                sharing=sharing,
                actor=actor,
                clock=built.clock,
                note=note,
            )
        except (RuleViolation, NotFound, Conflict) as exc:
            raise fail(str(exc), 2) from None
    typer.echo(f"indicator {added.id}: {added.kind} {added.value} ({added.category})")


@indicator_app.command("list")
def list_() -> None:
    """Every known indicator, oldest first."""
    with container() as built:
        require_schema(built)
        for i in list_indicators(built.uow()):
            typer.echo(f"{i.id}\t{i.kind}\t{i.value}\t{i.category}\t{i.sharing_level}")
