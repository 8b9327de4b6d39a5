"""Patrol and detect from files: read as bytes a line at a time, detected a batch at a
time (in N processes), each batch committed before the next is read, and only counts kept,
so memory stays flat however large the file."""

from __future__ import annotations

import itertools
import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, cast

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from netpatrol.bootstrap import Container
    from netpatrol.detect.scoring import Verdict
    from netpatrol.services.patrol.post_input import Rejected


from netpatrol import data
from netpatrol.cli.common import EXIT_REJECTED, app, container, err, fail, require_schema
from netpatrol.cli.patrol_write import (
    Batch,
    Chunk,
    Counts,
    WriteFailed,
    Written,
    is_chunk,
    parsed,
    write_batch,
)
from netpatrol.cli.pool import DetectionPool, WriterPool, prestart
from netpatrol.domain.posts import Post

SHOWN = 50  # rejected lines listed at the end; the rest are counted
ANALYSE_FROM = 10_000  # posts stored by a run before the planner's statistics are refreshed
DETECT_BATCH = 1000
JOBS_HELP = "processes that run the engine (default: the cores)"
PATROL_JOBS_HELP = (
    "processes that patrol: on PostgreSQL each detects and commits batches of its own "
    "(default: the cores); on SQLite, which takes one writer, this one writes and N-1 "
    "others detect (default: 1, since the writer is the slower part)"
)


@dataclass
class Tally(Counts):
    lines: int = 0
    rejected: int = 0
    shown: list[Rejected] = field(default_factory=list)
    analysed_at: int = 0

    def reject(self, item: Rejected) -> None:
        self.rejected += 1
        if len(self.shown) < SHOWN:
            self.shown.append(item)

    def add(self, written: Written) -> None:
        self.count(written)
        for item in written.rejected:
            self.reject(item)

    def refresh_statistics(self, engine: Engine) -> None:
        """ANALYZE each time the posts stored by this run double (from ANALYSE_FROM on): a
        planner whose statistics date from the small tables scans, where an index serves,
        what has grown since (on PostgreSQL at a million posts, the clue look-up by key read
        all 250,000 keys at every batch). Doubling keeps the cost a fixed share of the load."""
        from netpatrol.adapters.db.maintenance import analyse

        if self.stored - self.analysed_at >= max(ANALYSE_FROM, self.analysed_at):
            analyse(engine)
            self.analysed_at = self.stored


@contextmanager
def _source(path: Path) -> Iterator[IO[bytes]]:
    if str(path) == "-":
        yield sys.stdin.buffer
    else:
        with path.open("rb") as f:
            yield f


def _line_count(path: Path) -> int | None:
    """Lines in the file, for the progress bar (None for stdin), read in blocks."""
    if str(path) == "-":
        return None
    count, last = 0, b"\n"
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            count += block.count(b"\n")
            last = block[-1:]
    return count + (last != b"\n")


def _counted(lines: Iterable[bytes], tally: Tally) -> Iterator[bytes]:
    # JSON Lines end at "\n" only: a U+2028 inside a string is text, not a line break
    for tally.lines, line in enumerate(lines, start=1):
        yield line


def _batches(
    rows: Iterable[tuple[int, Post | Rejected]], size: int, tally: Tally
) -> Iterator[Batch]:
    from netpatrol.services.patrol.post_input import Rejected

    batch: Batch = []
    for number, item in rows:
        if isinstance(item, Rejected):
            tally.reject(item)
            continue
        batch.append((number, item))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]巡查 patrol"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[found]} findings"),
        TimeRemainingColumn(),
        console=err,
        transient=False,
    )


@app.command()
def patrol(
    file: Annotated[
        Path | None, typer.Argument(help="JSON Lines of posts (or a .csv file); '-' for stdin")
    ] = None,
    sample: Annotated[bool, typer.Option(help="patrol the bundled sample posts")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object per finding")] = False,
    batch_size: Annotated[int, typer.Option(min=1, max=10_000)] = 500,
    jobs: Annotated[int | None, typer.Option(min=1, max=64, help=PATROL_JOBS_HELP)] = None,
) -> None:
    """Ingest posts, detect, store findings and clues. Exit 3 if some lines were rejected."""
    if sample == (file is not None):
        raise fail("give either a FILE or --sample", 2)
    path = data.path("samples/posts.jsonl") if sample else file
    assert path is not None
    if str(path) != "-" and not path.is_file():
        raise fail(f"no such file: {path}", 2)
    tally = Tally()
    _prestart(jobs)
    with container() as built:
        require_schema(built)
        _patrol_file(built, path, as_json, batch_size, jobs, tally)
        # the last batches by the same rule: statistics within a factor of two plan as well
        tally.refresh_statistics(built.engine)
    err.print(
        f"{tally.lines} lines: {tally.stored} posts stored, {tally.duplicates} already "
        f"seen, {tally.rejected} rejected; {tally.findings} findings, "
        f"{tally.clues} new clues, {tally.merged} merged into open clues",
        highlight=False,
    )
    _report_rejected(tally, "  ")


def _prestart(jobs: int | None) -> None:
    """With processes to come (as `_patrol_file` decides), their fork server starts first."""
    from netpatrol.config import SettingsError, load_settings

    try:
        many = not load_settings().is_sqlite
    except SettingsError:
        return  # said by `container()`
    if _jobs(jobs, many) > 1:
        prestart()


def _jobs(asked: int | None, many: bool) -> int:
    """The processes a patrol runs in: as asked, or the cores where the database takes many
    writers and one where it takes one (SQLite)."""
    return asked or ((os.cpu_count() or 1) if many else 1)


def _report_rejected(tally: Tally, indent: str) -> None:
    for item in sorted(tally.shown, key=lambda r: r.line):
        err.print(f"{indent}line {item.line}: {item.reason}", highlight=False, markup=False)
    if tally.rejected > len(tally.shown):
        err.print(f"{indent}… and {tally.rejected - len(tally.shown)} more rejected lines")
    if tally.rejected:
        raise typer.Exit(EXIT_REJECTED)


def _patrol_file(
    built: Container, path: Path, as_json: bool, batch_size: int, jobs: int | None, tally: Tally
) -> None:
    from netpatrol.services.patrol.post_input import read_csv

    total = _line_count(path)
    with _source(path) as source, _progress() as progress:
        task = progress.add_task("patrol", total=total, found=0)
        lines = _counted(source, tally)
        units: Iterator[Batch | Chunk] = (
            _batches(read_csv(lines), batch_size, tally)
            if path.suffix.lower() == ".csv"
            else _chunks(lines, batch_size)  # JSON lines are parsed where they are written
        )
        head = list(itertools.islice(units, 2))  # one batch alone is not worth a process
        stream = itertools.chain(head, units)
        pool: DetectionPool | None = None
        many = built.engine.dialect.name == "postgresql"  # many writers; SQLite takes one
        jobs = _jobs(jobs, many)
        if jobs > 1 and len(head) > 1:  # on SQLite this process is one of the jobs: it writes
            pool = WriterPool(jobs) if many else DetectionPool(jobs - 1, with_database=True)
        try:
            for unit, written in _written(built, pool, stream, as_json, tally):
                tally.add(written)
                for found in written.found:
                    typer.echo(json.dumps(found, ensure_ascii=False))
                tally.refresh_statistics(built.engine)
                progress.update(task, completed=unit[-1][0], found=tally.findings)
        except WriteFailed as exc:  # from this process or a writer process, told here
            raise fail(str(exc)) from None
        finally:
            if pool:
                pool.close()
        progress.update(task, completed=total or tally.lines)


def _chunks(lines: Iterable[bytes], size: int) -> Iterator[Chunk]:
    """The non-blank lines, numbered from 1, `size` at a time."""
    chunk: Chunk = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            chunk.append((number, line))
            if len(chunk) >= size:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def _posts(unit: Batch | Chunk, tally: Tally) -> Batch:
    """The unit's posts: a chunk's lines parsed here, those that are no post tallied."""
    if not is_chunk(unit):
        return cast("Batch", unit)
    batch, rejected = parsed(unit)
    for item in rejected:
        tally.reject(item)
    return batch


def _written(
    built: Container,
    pool: DetectionPool | None,
    units: Iterable[Batch | Chunk],
    as_json: bool,
    tally: Tally,
) -> Iterator[tuple[Batch | Chunk, Written]]:
    """Each batch and what committing it did: written by the pool's processes (which parse
    the lines they are given), by this process with verdicts from the pool's engines, or
    here alone."""
    if isinstance(pool, WriterPool):
        yield from pool.write(units, as_json)
        return
    batches = (b for b in (_posts(u, tally) for u in units) if b)
    detected: Iterable[tuple[Batch, list[Verdict] | None]] = (
        pool.detect((b, [p.text for _, p in b]) for b in batches)
        if pool
        else ((b, None) for b in batches)
    )
    for batch, verdicts in detected:
        yield batch, write_batch(built, batch, verdicts, as_json)


def _print_detections(posts: list[Post], verdicts: list[Verdict]) -> None:
    for post, verdict in zip(posts, verdicts, strict=True):
        out = {
            "id": post.external_id,
            "platform": post.platform.value,
            "category": verdict.category.value,
            "scores": verdict.scores,
            "severity": verdict.severity.value if verdict.severity else None,
            "evidence": [
                {"start": s.start, "end": s.end, "text": s.text, "detector": s.detector}
                | ({"rule": s.ref} if s.ref else {})
                for s in verdict.evidence
            ],
            "context": verdict.context,
            "indicators": [
                {"kind": i.kind.value, "value": i.value, "start": i.start, "end": i.end}
                for i in verdict.indicators
            ],
        }
        typer.echo(json.dumps(out, ensure_ascii=False))


@app.command()
def detect(
    jobs: Annotated[int, typer.Option(min=1, max=64, help=JOBS_HELP)] = os.cpu_count() or 1,
) -> None:
    """The pure pipeline: JSON Lines of posts on stdin, one detection a line on stdout."""
    from netpatrol.bootstrap import build_detection
    from netpatrol.detect.pipeline import Engine as DetectionEngine
    from netpatrol.services.patrol.post_input import read_jsonl

    tally = Tally()
    batches = _batches(read_jsonl(sys.stdin.buffer), DETECT_BATCH, tally)
    head = list(itertools.islice(batches, 2))
    stream = ([p for _, p in b] for b in itertools.chain(head, batches))
    if jobs > 1 and len(head) > 1:
        pool = DetectionPool(jobs, with_database=False)
        try:
            for posts, verdicts in pool.detect((b, [p.text for p in b]) for b in stream):
                _print_detections(posts, verdicts)
        finally:
            pool.close()
    else:
        engine: DetectionEngine = build_detection()
        for posts in stream:
            _print_detections(posts, engine.run([p.text for p in posts]))
    _report_rejected(tally, "")
