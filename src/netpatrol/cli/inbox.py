"""The accounts' inbox on the command line: pull what netizens sent the units' accounts,
and (for trying it) have the simulator's netizens write to them."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from netpatrol import data

if TYPE_CHECKING:
    from netpatrol.bootstrap import Container
    from netpatrol.services.inbox.intake import Intake
    from netpatrol.services.ports import PlatformConnector

from netpatrol.cli.common import app, container, err, fail, require_schema

inbox_app = typer.Typer(no_args_is_help=True, help="The accounts' inbox (私信/评论/@).")
app.add_typer(inbox_app, name="inbox")


def inbox_step(built: Container, connectors: Mapping[str, PlatformConnector]) -> Intake:
    """The timers' round: the inbox pulled when platforms are configured."""
    from netpatrol.services.inbox.intake import Intake
    from netpatrol.services.inbox.pull import pull_inbox

    if not connectors:
        return Intake()
    got, unreachable = pull_inbox(
        built.uow, connectors, built.detection(), built.triage, built.clock
    )
    for line in unreachable:
        err.print(f"timers: inbox: {line}", highlight=False)
    return got


@inbox_app.command("pull")
def pull() -> None:
    """Ask each platform (NETPATROL_PLATFORM_URL) for what was sent to the units' accounts
    since the newest message stored, and take it in: replies to warnings are linked, and
    threats and scams become clues."""
    from netpatrol.services.inbox.pull import pull_inbox

    with container() as built:
        require_schema(built)
        connectors = built.connectors()
        if not connectors:
            raise fail("set NETPATROL_PLATFORM_URL to the platforms' API (or the simulator's)")
        got, unreachable = pull_inbox(
            built.uow, connectors, built.detection(), built.triage, built.clock
        )
    for line in unreachable + got.rejected:
        err.print(f"inbox: {line}", highlight=False)
    typer.echo(
        f"{got.stored} messages stored, {got.duplicates} seen before, "
        f"{got.warning_replies} answering warnings, {len(got.clues)} clues opened or joined, "
        f"{len(got.rejected)} rejected"
    )
    if unreachable:
        raise typer.Exit(1)


@inbox_app.command("traffic")
def traffic(
    count: Annotated[int, typer.Argument(min=1, max=100_000, help="how many messages")],
    seed: Annotated[int, typer.Option(help="the same seed gives the same messages")] = 0,
) -> None:
    """Netizens of the simulator (NETPATROL_PLATFORM_URL) write `count` messages to the
    active units' accounts: tips, questions, thanks, abuse, now and then a threat or a scam."""
    from netpatrol.services.accounts.units import units_from_data
    from netpatrol.sim.inbox_traffic import InboxTraffic

    with container() as built:
        url = built.settings.platform_url.rstrip("/")
        if not url:
            raise fail("set NETPATROL_PLATFORM_URL to the simulator")

        units = [u for u in units_from_data(data.load_json("units.json")) if u.among_first_50]
    generator = InboxTraffic(
        [(p, a) for u in units for p, a in sorted(u.channel_accounts.items())], seed=seed
    )
    messages = generator.batch(count, datetime.now(UTC))
    for platform in sorted({m["platform"] for m in messages}):
        body = json.dumps([m for m in messages if m["platform"] == platform], ensure_ascii=False)
        request = urllib.request.Request(
            f"{url}/{platform}/inbox",
            data=body.encode("utf-8"),
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                added = json.loads(answer.read())["added"]
        except (urllib.error.URLError, TimeoutError) as exc:
            raise fail(f"{platform}: the simulator is unreachable: {exc}") from None
        typer.echo(f"{platform}: {added} messages written to the accounts")
