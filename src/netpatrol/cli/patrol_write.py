"""One batch of a patrol, committed: what the patrol's writer does, in this process or in
one of several writer processes (on PostgreSQL, which takes many writers at once). What
comes back is counts, rejected lines and the findings as JSON lines: small to send. A batch
that cannot be committed raises `WriteFailed` with what to tell the user: a plain exception
that travels back from a writer process as it is, for the command to report (a writer
process never prints, nor exits)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeGuard

from netpatrol.cli.common import CONFLICT_RETRIES
from netpatrol.domain.findings import Finding
from netpatrol.domain.posts import Post

if TYPE_CHECKING:
    from netpatrol.bootstrap import Container
    from netpatrol.detect.scoring import Verdict
    from netpatrol.services.patrol.batch import PatrolResult
    from netpatrol.services.patrol.post_input import Rejected

Batch = list[tuple[int, Post]]  # (line number, post)
Chunk = list[tuple[int, bytes]]  # (line number, a JSON line as read): cheaper to send
# SQLSTATEs of a race between writers, after which the batch runs again from the start:
# a unique key taken by another writer, a deadlock, a serialisation failure
RACES = frozenset({"23505", "40P01", "40001"})


class WriteFailed(Exception):
    """A batch the database would not take; the message says why."""


@dataclass
class Counts:
    """Posts stored and seen before, findings, new clues and findings merged into clues."""

    stored: int = 0
    duplicates: int = 0
    findings: int = 0
    clues: int = 0
    merged: int = 0

    def count(self, other: Counts) -> None:
        self.stored += other.stored
        self.duplicates += other.duplicates
        self.findings += other.findings
        self.clues += other.clues
        self.merged += other.merged


@dataclass
class Written(Counts):
    """What committing one batch did."""

    rejected: list[Rejected] = field(default_factory=list)
    found: list[dict[str, object]] = field(default_factory=list)  # findings, for --json

    def add(self, result: PatrolResult, as_json: bool) -> None:
        self.count(
            Counts(
                len(result.stored),
                len(result.duplicates),
                len(result.findings),
                len(result.clues),
                result.merged,
            )
        )
        if as_json:
            self.found += [finding_json(post, finding) for post, finding in result.findings]


def finding_json(post: Post, finding: Finding) -> dict[str, object]:
    return {
        "post_id": post.external_id,
        "platform": post.platform.value,
        "category": finding.category.value,
        "score": finding.score,
        "severity": finding.severity.value,
        "evidence": [e.as_dict() for e in finding.evidence],
    }


def write_batch(
    built: Container, batch: Batch, verdicts: list[Verdict] | None, as_json: bool
) -> Written:
    """Commit the batch; if the database refuses a value in it, each post alone, so a line
    it will not hold is rejected with its number while the others are stored. Any other
    failure of the database raises `WriteFailed`. Without `verdicts` the engine runs
    here."""
    from sqlalchemy.exc import DBAPIError

    try:
        return _written(built, batch, verdicts, as_json)
    except DBAPIError as exc:  # the database down, full, or refusing what no line causes
        first, last = batch[0][0], batch[-1][0]
        lines = f"lines {first} to {last}" if last > first else f"line {first}"
        raise WriteFailed(f"the database failed storing {lines}: {exc.orig}") from None


def is_chunk(unit: Batch | Chunk) -> TypeGuard[Chunk]:
    """Whether the unit holds lines still to parse (units are never empty)."""
    return isinstance(unit[0][1], bytes)


def parsed(chunk: Chunk) -> tuple[Batch, list[Rejected]]:
    """The chunk's lines as posts, and those that are none, with the reason."""
    from netpatrol.services.patrol.post_input import Rejected, read_numbered

    batch: Batch = []
    rejected: list[Rejected] = []
    for number, item in read_numbered(chunk):
        if isinstance(item, Rejected):
            rejected.append(item)
        else:
            batch.append((number, item))
    return batch, rejected


def write_lines(built: Container, chunk: Chunk, as_json: bool) -> Written:
    """Parse the chunk's lines and commit the posts among them (`write_batch`); the lines
    that are no post come back with the lines the database refused."""
    batch, rejected = parsed(chunk)
    written = write_batch(built, batch, None, as_json) if batch else Written()
    written.rejected[:0] = rejected
    return written


def _written(
    built: Container, batch: Batch, verdicts: list[Verdict] | None, as_json: bool
) -> Written:
    from sqlalchemy.exc import DataError

    from netpatrol.services.patrol.post_input import Rejected

    written = Written()
    posts = [p for _, p in batch]
    try:
        written.add(_patrolled(built, posts, verdicts), as_json)
        return written
    except DataError as exc:
        refused = exc
    for post in posts:
        post.id = None
    for i, (number, post) in enumerate(batch):
        try:
            alone = None if verdicts is None else [verdicts[i]]
            written.add(_patrolled(built, [post], alone), as_json)
        except DataError as exc:
            post.id = None
            written.rejected.append(Rejected(number, f"the database refused it: {exc.orig}"))
    if len(written.rejected) == len(batch):  # not the lines' fault: the database is unwell
        raise WriteFailed(f"the database refused the batch: {refused.orig}")
    return written


def _patrolled(built: Container, posts: list[Post], verdicts: list[Verdict] | None) -> PatrolResult:
    from sqlalchemy.exc import DBAPIError

    from netpatrol.services.patrol.batch import patrol_batch
    from netpatrol.services.ports import Conflict

    for _ in range(CONFLICT_RETRIES):
        try:
            return patrol_batch(
                built.uow(), posts, built.detection(), built.triage, built.clock, verdicts
            )
        except Conflict:
            pass
        except DBAPIError as exc:  # writers in other processes: a race lost, or a deadlock
            if getattr(exc.orig, "sqlstate", None) not in RACES:
                raise
        for post in posts:
            post.id = None
    raise WriteFailed("other writers kept storing the same posts or clues; try again")
