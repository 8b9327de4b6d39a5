"""The patrol in worker processes. The engine is pure CPU work, so N processes detect N
batches at once while this process alone writes to the database (`DetectionPool`: SQLite
takes one writer at a time); PostgreSQL takes many writers, so there each process detects
and commits batches of its own (`WriterPool`), and only counts come back."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from netpatrol.bootstrap import Container
    from netpatrol.cli.patrol_write import Batch, Chunk, Written
    from netpatrol.detect.pipeline import Engine
    from netpatrol.detect.scoring import Verdict


T = TypeVar("T")
R = TypeVar("R")

_engine: Engine | None = None
_built: Container | None = None


def _start(with_database: bool, environ: dict[str, str]) -> None:
    """Load the engine once per process: with the database's indicator store and unit
    policy for a patrol, the shipped data alone for the bare pipeline. The settings are
    read from the environment of the command that asked (the fork server keeps the one
    it started with, which a later command in the same process may have changed)."""
    from netpatrol.bootstrap import bootstrap, build_detection
    from netpatrol.config import load_settings

    os.environ.clear()
    os.environ.update(environ)
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


def _write(unit: Batch | Chunk, as_json: bool) -> Written:
    """Commit a batch of posts, or of JSON lines parsed here (which spares the command
    parsing them and both processes pickling the posts); a batch the database will not
    take raises `WriteFailed`, which the pool hands to the command as it is
    (`future.result()`), for the command to report."""
    from netpatrol.cli.patrol_write import is_chunk, write_batch, write_lines

    assert _built is not None
    if is_chunk(unit):
        return write_lines(_built, unit, as_json)
    return write_batch(_built, cast("Batch", unit), None, as_json)


# what every process needs, imported once by the fork server rather than by each process
PRELOAD = [
    "netpatrol.bootstrap",
    "netpatrol.cli.pool",
    "netpatrol.cli.patrol_write",
    "netpatrol.cli.forked",
]


def _context() -> multiprocessing.context.BaseContext:
    """Processes forked from a fork server, which is started fresh (not forked from this
    process, which holds database connections and a progress thread that a fork would
    copy half-way) and imports the modules once for all of them: each process then costs
    the engine's tables only, not 1.2 s of imports. Spawned where there is no fork server."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def prestart() -> None:
    """Start the fork server now, for it to import the modules while the command does its
    own start-up (opening the database, counting the lines): the first processes are then
    forked at once when the first batches are ready, instead of after those imports."""
    if _context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


class DetectionPool:
    """`jobs` processes, each with its engine; results come back in the order asked."""

    def __init__(self, jobs: int, with_database: bool) -> None:
        self._executor = ProcessPoolExecutor(
            jobs,
            mp_context=_context(),
            initializer=_start,
            initargs=(with_database, dict(os.environ)),
        )
        self._ahead = 2 * jobs

    def detect(self, batches: Iterable[tuple[T, list[str]]]) -> Iterator[tuple[T, list[Verdict]]]:
        """(item, verdicts of its texts), in order, with a few batches in flight."""

        asked = ((item, (_detect, texts)) for item, texts in batches)
        return self._in_order(asked)

    def _in_order(
        self, asked: Iterable[tuple[T, tuple[Callable[..., R], Any]]]
    ) -> Iterator[tuple[T, R]]:
        pending: deque[tuple[T, Future[R]]] = deque()
        for item, (work, argument) in asked:
            pending.append((item, self._executor.submit(work, argument)))
            if len(pending) > self._ahead:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()

    def close(self) -> None:
        self._executor.shutdown(cancel_futures=True)


class WriterPool(DetectionPool):
    """`jobs` processes that each detect and commit whole batches (PostgreSQL only)."""

    def __init__(self, jobs: int) -> None:
        super().__init__(jobs, with_database=True)

    def write(
        self, batches: Iterable[Batch | Chunk], as_json: bool
    ) -> Iterator[tuple[Batch | Chunk, Written]]:
        """(batch, what committing it did), in the order given; a chunk of JSON lines is
        parsed in the process that commits it, and its rejected lines come back."""
        return self._in_order((b, (partial(_write, as_json=as_json), b)) for b in batches)
