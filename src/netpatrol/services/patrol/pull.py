"""The pull loop (M2): search each platform for the watch terms, patrol what is new.

Where to start is the newest post already stored for the platform, so a restart neither
misses a window nor patrols a post twice (and ingest is idempotent anyway).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from netpatrol.detect.pipeline import Engine
from netpatrol.services.patrol.batch import PatrolResult, TriagePolicy, patrol_batch
from netpatrol.services.patrol.post_input import parse_post
from netpatrol.services.ports import ConnectorError, PlatformConnector, UnitOfWork

BATCH = 500


@dataclass
class PullRun:
    result: PatrolResult = field(default_factory=PatrolResult)
    rejected: list[str] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)


def pull(
    uow_factory: Callable[[], UnitOfWork],
    connectors: Mapping[str, PlatformConnector],
    terms: Sequence[str],
    engine: Engine,
    policy: TriagePolicy,
    clock: Callable[[], datetime],
) -> PullRun:
    run = PullRun()
    for platform, connector in sorted(connectors.items()):
        with uow_factory() as uow:
            since = uow.posts.latest(platform)
        try:
            found = connector.fetch(terms, since)
        except ConnectorError as exc:
            run.unreachable.append(f"{platform}: {exc}")
            continue
        posts = []
        for raw in found:
            try:
                posts.append(parse_post(raw))
            except ValueError as exc:
                run.rejected.append(f"{platform} {raw.get('id', '?')}: {exc}")
        for i in range(0, len(posts), BATCH):
            run.result.merge(
                patrol_batch(uow_factory(), posts[i : i + BATCH], engine, policy, clock)
            )
    return run
