"""The shared indicator store from the command line: propose, review, renew, remove,
list, and exchange lists as CSV or STIX 2.1."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from netpatrol.cli.common import app, container, fail, require_schema
from netpatrol.domain.errors import DomainError
from netpatrol.domain.indicators import ReportSource, ReviewState

indicator_app = typer.Typer(no_args_is_help=True, help="Known scam indicators (共享线索库).")
app.add_typer(indicator_app, name="indicator")
Actor = Annotated[str, typer.Option(help="who does it (an account name)")]


@indicator_app.command("add")
def add(
    kind: Annotated[str, typer.Argument(help="phone, landline, qq, wechat, url, domain, ...")],
    value: Annotated[str, typer.Argument(help="as seen; stored in canonical form")],
    category: Annotated[str, typer.Option(help="the category it is evidence of")] = "fraud",
    unit: Annotated[str, typer.Option(help="the unit code that proposes it")] = "000000",
    sharing: Annotated[str, typer.Option(help="unit, province or national")] = "national",
    actor: Actor = "cli",
    note: str = "",
    clue: Annotated[int | None, typer.Option(help="the clue it came from")] = None,
) -> None:
    """Propose a known indicator; it is matched once a second person confirms it."""
    from netpatrol.services.matrix import indicators as store
    from netpatrol.services.ports import Conflict

    proposal = store.Proposal(kind, value, category, unit, sharing, actor, note, clue)
    with container() as built:
        require_schema(built)
        try:
            added = store.propose_indicator(built.uow(), proposal, built.clock)
        except (DomainError, Conflict) as exc:
            raise fail(str(exc), 2) from None
    typer.echo(f"indicator {added.id}: {added.kind} {added.value} ({added.category}) proposed")


@indicator_app.command("confirm")
def confirm(indicator_id: int, actor: Actor, reason: str = "") -> None:
    """A supervisor or unit admin other than the proposer confirms it."""
    _decide(indicator_id, actor, True, reason)


@indicator_app.command("reject")
def reject(indicator_id: int, actor: Actor, reason: str = "") -> None:
    """A supervisor or unit admin other than the proposer rejects it."""
    _decide(indicator_id, actor, False, reason)


@indicator_app.command("renew")
def renew(indicator_id: int, actor: Actor) -> None:
    """Another term from today for a confirmed indicator."""
    from netpatrol.services.matrix import indicators as store
    from netpatrol.services.matrix.access import require_reviewer

    with container() as built:
        require_schema(built)
        try:
            require_reviewer(built.uow(), actor)
            found = store.renew_indicator(
                built.uow(), indicator_id, actor, built.indicator_expiry(), built.clock
            )
        except DomainError as exc:
            raise fail(str(exc), 2) from None
    typer.echo(f"indicator {found.id} in force until {found.expires_at:%Y-%m-%d}")


@indicator_app.command("remove")
def remove(
    indicator_id: int, actor: Actor, reason: Annotated[str, typer.Option(help="why")]
) -> None:
    """Take an indicator out of matching and the lookup for good (audited)."""
    from netpatrol.services.matrix import indicators as store
    from netpatrol.services.matrix.access import require_reviewer

    with container() as built:
        require_schema(built)
        try:
            require_reviewer(built.uow(), actor)
            store.remove_indicator(built.uow(), indicator_id, actor, reason, built.clock)
        except DomainError as exc:
            raise fail(str(exc), 2) from None
    typer.echo(f"indicator {indicator_id} removed")


@indicator_app.command("report-false-positive")
def report_false_positive(indicator_id: int, actor: Actor, reason: str = "") -> None:
    """An officer says it is no scam: it goes under review until decided again."""
    from netpatrol.services.matrix import indicators as store

    with container() as built:
        require_schema(built)
        try:
            store.report_false_positive(
                built.uow(), indicator_id, ReportSource.OFFICER, actor, reason, built.clock
            )
        except DomainError as exc:
            raise fail(str(exc), 2) from None
    typer.echo(f"indicator {indicator_id} is under review")


@indicator_app.command("list")
def list_(
    review: Annotated[ReviewState | None, typer.Option(help="only in this state")] = None,
) -> None:
    """Indicators, newest first: id, kind, value, category, sharing, review, expiry."""
    from netpatrol.services.matrix import queries

    with container() as built:
        require_schema(built)
        found = queries.find_indicators(
            built.uow(), queries.IndicatorFilter(review), lambda _: True, built.clock()
        )
    for i in found:
        expires = f"{i.expires_at:%Y-%m-%d}" if i.expires_at else "-"
        typer.echo(
            f"{i.id}\t{i.kind}\t{i.value}\t{i.category}\t{i.sharing_level}\t{i.review}\t{expires}"
        )


@indicator_app.command("export")
def export(
    format: Annotated[str, typer.Option(help="csv or stix")] = "csv",
    out: Annotated[Path | None, typer.Option(help="file to write; default stdout")] = None,
    review: Annotated[ReviewState, typer.Option(help="indicators in this state")] = (
        ReviewState.CONFIRMED
    ),
) -> None:
    """Write the store as CSV or a STIX 2.1 bundle, to exchange with other systems."""
    from netpatrol.services.matrix import exchange, queries
    from netpatrol.services.matrix import indicators as store

    with container() as built:
        require_schema(built)
        found = queries.find_indicators(
            built.uow(), queries.IndicatorFilter(review), lambda _: True, built.clock()
        )
        codes = store.unit_codes(built.uow())
    if format not in ("csv", "stix"):
        raise fail("the format is csv or stix", 2)
    text = exchange.export_stix(found) if format == "stix" else exchange.export_csv(found, codes)
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"{len(found)} indicators written to {out}", err=True)


@indicator_app.command("import")
def import_(
    source: Annotated[str, typer.Argument(help="a CSV file or STIX bundle; - for stdin")],
    format: Annotated[str, typer.Option(help="csv or stix")] = "csv",
    unit: Annotated[str, typer.Option(help="the unit code that proposes them")] = "000000",
    actor: Actor = "cli",
) -> None:
    """Propose every good row (each waits for a second person); print each bad row with
    its reason and store none of them. Exit 1 when any row was bad."""
    from netpatrol.services.matrix import exchange

    raw = sys.stdin.buffer.read() if source == "-" else _read(Path(source))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail(f"{source} is not UTF-8 text: byte {exc.start + 1} is {exc.reason}", 2) from None
    with container() as built:
        require_schema(built)
        try:
            rows = exchange.read_stix(text) if format == "stix" else exchange.read_csv(text)
            report = exchange.import_rows(built.uow(), rows, unit, actor, built.clock)
        except DomainError as exc:
            raise fail(str(exc), 2) from None
    for number, reason in report.errors:
        typer.echo(f"row {number}: {reason}", err=True)
    typer.echo(f"{len(report.added)} proposed, {len(report.errors)} refused")
    if report.errors:
        raise typer.Exit(1)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise fail(f"cannot read {path}: {exc.strerror}", 2) from None


def _decide(indicator_id: int, actor: str, confirm: bool, reason: str) -> None:
    from netpatrol.services.matrix import indicators as store
    from netpatrol.services.matrix.access import require_reviewer

    with container() as built:
        require_schema(built)
        try:
            require_reviewer(built.uow(), actor)
            found = store.decide_indicator(
                built.uow(),
                indicator_id,
                actor,
                confirm,
                built.indicator_expiry(),
                built.clock,
                reason,
            )
        except DomainError as exc:
            raise fail(str(exc), 2) from None
    typer.echo(f"indicator {found.id}: {found.review}")
