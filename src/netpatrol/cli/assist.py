"""Assistance between units (协查) from the command line, on behalf of a unit: list, ask,
show, accept, decline, answer, close. A refusal exits 3 with the rule broken."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

if TYPE_CHECKING:
    from netpatrol.bootstrap import Container
    from netpatrol.services.assistance import reads
    from netpatrol.services.assistance.acting import Acting

from netpatrol.cli.common import EXIT_REJECTED, app, container, fail, require_schema
from netpatrol.domain.assistance import AssistanceKind, AssistanceRequest
from netpatrol.domain.categories import SharingLevel
from netpatrol.domain.errors import DomainError

assist_app = typer.Typer(no_args_is_help=True, help="Assistance between units (协查).")
app.add_typer(assist_app, name="assist")

Unit = Annotated[str, typer.Option("--unit", help="the unit acted for (its code)")]
Actor = Annotated[str, typer.Option("--actor", help="who acts")]
T = TypeVar("T")


@contextmanager
def _acting(unit: str, actor: str) -> Iterator[tuple[Container, Acting]]:
    from netpatrol.services.assistance.acting import acting_for_unit

    with container() as built:
        require_schema(built)
        try:
            yield built, acting_for_unit(built.uow(), actor, unit)
        except DomainError as exc:
            rule = f" (rule: {exc.rule})" if exc.rule else ""
            raise fail(f"{exc}{rule}", EXIT_REJECTED) from None


def _line(v: reads.RequestView) -> str:
    r = v.request
    marks = ("*" if v.unread else " ") + ("!" if v.overdue else " ")
    return (
        f"{marks} #{r.id} clue {r.clue_id} {v.from_unit.code}->{v.to_unit.code} "
        f"{r.kind.value} {r.status.value} due {r.deadline:%Y-%m-%d %H:%M} {r.note[:40]}"
    )


@assist_app.command("list")
def list_requests(unit: Unit, actor: Actor = "cli") -> None:
    """Requests to the unit and from it (* unread, ! overdue)."""
    from netpatrol.services.assistance import reads

    with _acting(unit, actor) as (built, by):
        found = reads.inbox(built.uow(), by)
    typer.echo(f"to {unit}: {len(found.to_us)}")
    for v in found.to_us:
        typer.echo(_line(v))
    typer.echo(f"from {unit}: {len(found.from_us)}")
    for v in found.from_us:
        typer.echo(_line(v))


@assist_app.command("ask")
def ask(
    clue: int,
    to: Annotated[list[str], typer.Option("--to", help="an asked unit's code (repeatable)")],
    kind: Annotated[AssistanceKind, typer.Option(help="what is asked")],
    note: Annotated[str, typer.Option(help="the request in words")],
    unit: Unit,
    actor: Actor = "cli",
    hours: Annotated[int, typer.Option(help="deadline, hours from now")] = 72,
    sharing: Annotated[SharingLevel, typer.Option(help="how far the attached may go")] = (
        SharingLevel.UNIT
    ),
    evidence: Annotated[list[int] | None, typer.Option(help="an evidence item to attach")] = None,
) -> None:
    """Ask one or more units (or the national desk, 000000) for help on the unit's clue."""
    from netpatrol.services.assistance import requests

    with _acting(unit, actor) as (built, by):
        wanted = requests.Ask(clue, to, kind, note, hours, sharing, evidence or [])
        made = requests.ask(built.uow(), wanted, by, built.clock)
    for r in made:
        typer.echo(f"assistance request {r.id}: asked, due {r.deadline.isoformat()}")


@assist_app.command("show")
def show(request: int, unit: Unit, actor: Actor = "cli") -> None:
    """One request with its thread (reading it clears the unit's unread notice)."""
    from netpatrol.services.assistance import reads

    with _acting(unit, actor) as (built, by):
        v = reads.view(built.uow(), request, by, built.clock)
    typer.echo(_line(v))
    if v.request.decision_reason:
        typer.echo(f"  declined: {v.request.decision_reason}")
    for a in v.answers:
        typer.echo(f"  {a.created_at:%Y-%m-%d %H:%M} {a.author}: {a.text}")
        for i in a.evidence_ids:
            item = v.brought.get(i)
            typer.echo(f"    evidence {i} sha256 {item.sha256 if item else '?'}")


def _move(unit: str, actor: str, step: Callable[[Container, Acting], T]) -> T:
    with _acting(unit, actor) as (built, by):
        return step(built, by)


def _said(done: AssistanceRequest) -> None:
    typer.echo(f"assistance request {done.id}: {done.status.value}")


@assist_app.command("accept")
def accept(request: int, unit: Unit, actor: Actor = "cli") -> None:
    """The asked unit accepts."""
    from netpatrol.services.assistance import requests

    _said(_move(unit, actor, lambda b, by: requests.accept(b.uow(), request, by, b.clock)))


@assist_app.command("decline")
def decline(
    request: int,
    reason: Annotated[str, typer.Option(help="why, for the asking unit")],
    unit: Unit,
    actor: Actor = "cli",
) -> None:
    """The asked unit declines, with a reason."""
    from netpatrol.services.assistance import requests

    _said(_move(unit, actor, lambda b, by: requests.decline(b.uow(), request, reason, by, b.clock)))


@assist_app.command("close")
def close(request: int, unit: Unit, actor: Actor = "cli") -> None:
    """Either side closes the request."""
    from netpatrol.services.assistance import requests

    _said(_move(unit, actor, lambda b, by: requests.close(b.uow(), request, by, b.clock)))


@assist_app.command("answer")
def answer(
    request: int,
    text: Annotated[str, typer.Option(help="the answer")],
    unit: Unit,
    actor: Actor = "cli",
    item: Annotated[
        list[str] | None, typer.Option(help="an evidence item, 'title=content' (repeatable)")
    ] = None,
) -> None:
    """An answer in the shared thread, with evidence items."""
    from netpatrol.services.assistance import requests

    items = [requests.Item(*i.partition("=")[::2]) for i in item or []]
    done = _move(
        unit, actor, lambda b, by: requests.answer(b.uow(), request, text, items, by, b.clock)
    )
    typer.echo(f"answer {done.id} on assistance request {request}: {len(done.evidence_ids)} items")
