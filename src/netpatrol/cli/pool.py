"""The detection engine in worker processes: the engine is pure CPU work, so N processes
detect N batches at once while this process alone writes to the database."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from netpatrol.bootstrap import Container
    from netpatrol.detect.pipeline import Engine
    from netpatrol.detect.scoring import Verdict


T = TypeVar("T")

_engine: Engine | None = None
_built: Container | None = None


def _start(with_database: bool) -> None:
    """Load the engine once per process: with the database's indicator store and unit
    policy for a patrol, the shipped data alone for the bare pipeline."""
    from netpatrol.bootstrap import bootstrap, build_detection
    from netpatrol.config import load_settings

    global _engine, _built
    if with_database:
        _built = bootstrap(load_settings())
        _engine = _built.detection()
    else:
        _engine = build_detection()


def _detect(texts: list[str]) -> list[Verdict]:
    from netpatrol.services.patrol.spread import teach_debunked

    assert _engine is not None
    if _built is not None:  # debunked wordings, as the patrol in one process learns them
        with _built.uow() as uow:
            teach_debunked(uow, _engine)
    return _engine.run(texts)


class DetectionPool:
    """`jobs` processes, each with its engine; results come back in the order asked."""

    def __init__(self, jobs: int, with_database: bool) -> None:
        # spawned, not forked: this process holds database connections and a progress
        # thread that a fork would copy half-way
        self._executor = ProcessPoolExecutor(
            jobs,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start,
            initargs=(with_database,),
        )
        self._ahead = 2 * jobs

    def detect(self, batches: Iterable[tuple[T, list[str]]]) -> Iterator[tuple[T, list[Verdict]]]:
        """(item, verdicts of its texts), in order, with a few batches in flight."""

        pending: deque[tuple[T, Future[list[Verdict]]]] = deque()
        for item, texts in batches:
            pending.append((item, self._executor.submit(_detect, texts)))
            if len(pending) > self._ahead:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()

    def close(self) -> None:
        self._executor.shutdown(cancel_futures=True)
