"""The inbox pull: ask each platform what was sent to the units' accounts since the newest
message already stored from it, and take it in (a CLI command and a worker step)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from netpatrol.detect.pipeline import Engine
from netpatrol.services.inbox.intake import Intake, parse_batch, receive
from netpatrol.services.patrol.batch import TriagePolicy
from netpatrol.services.ports import ConnectorError, PlatformConnector, UnitOfWork

BATCH = 500


def pull_inbox(
    uow_factory: Callable[[], UnitOfWork],
    connectors: Mapping[str, PlatformConnector],
    engine: Engine,
    triage: TriagePolicy,
    clock: Callable[[], datetime],
) -> tuple[Intake, list[str]]:
    """What came in, and the platforms that could not be reached (with why)."""
    result, unreachable = Intake(), []
    with uow_factory() as uow:
        units = uow.units.all()
    for platform, connector in sorted(connectors.items()):
        with uow_factory() as uow:
            since = uow.inbox.latest(platform)
        try:
            found = connector.fetch_inbox(since)
        except ConnectorError as exc:
            unreachable.append(f"{platform}: {exc}")
            continue
        messages, reasons = parse_batch(platform, found, units, strict=False)
        result.rejected += [f"{platform} #{i}: {why}" for i, why in sorted(reasons.items())]
        for i in range(0, len(messages), BATCH):
            result.merge(receive(uow_factory, messages[i : i + BATCH], engine, triage, clock))
    return result, unreachable
