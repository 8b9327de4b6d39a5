"""The legal-basis catalogue from the command line: list it as a unit sees it, edit it."""

from __future__ import annotations

from typing import Annotated

import typer

from netpatrol.cli.common import app, container, fail, require_schema
from netpatrol.domain.errors import NotFound, RuleViolation
from netpatrol.domain.legal import LegalBasis

legal_app = typer.Typer(no_args_is_help=True, help="Legal bases (法律依据).")
app.add_typer(legal_app, name="legal")


@legal_app.command("list")
def list_(unit: Annotated[str, typer.Option(help="unit code")] = "000000") -> None:
    """The catalogue as it applies to a unit (shipped entries with the edits above it)."""
    from netpatrol.services.measures import legal

    with container() as built:
        require_schema(built)
        try:
            catalogue = legal.catalogue_for(built.uow(), built.catalogue, unit)
        except NotFound as exc:
            raise fail(str(exc), 2) from None
    for b in catalogue:
        fits = f"{','.join(b.categories)}\t{','.join(b.measures)}"
        typer.echo(f"{b.code}\t{b.law} {b.article}\t{b.covers}\t{fits}")


@legal_app.command("set")
def set_(
    code: str,
    law: Annotated[str, typer.Option()],
    article: Annotated[str, typer.Option()],
    covers: Annotated[str, typer.Option()],
    category: Annotated[list[str] | None, typer.Option(help="repeat for several")] = None,
    measure: Annotated[
        list[str] | None, typer.Option(help="a measure kind it fits; repeat for several")
    ] = None,
    unit: Annotated[str, typer.Option(help="the editing unit's code")] = "000000",
    actor: Annotated[str, typer.Option(help="who edits it (the legal office)")] = "cli",
) -> None:
    """Edit an entry, or add one, for a unit and the units below it."""
    from netpatrol.services.measures import legal

    basis = LegalBasis(code, law, article, covers, tuple(category or ()), tuple(measure or ()))
    with container() as built:
        require_schema(built)
        try:
            new = legal.set_entry(
                built.uow(),
                built.catalogue,
                unit_code=unit,
                basis=basis,
                actor=actor,
                clock=built.clock,
            )
        except (NotFound, RuleViolation) as exc:
            raise fail(str(exc), 2) from None
    typer.echo(f"{code} {'added' if new else 'edited'} for unit {unit}")
