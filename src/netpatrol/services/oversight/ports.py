"""Storage of the audit chain and the dashboard's aggregates."""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from netpatrol.domain.audit import AuditEntry, ChainRow, Checkpoint


class AuditLog(Protocol):
    def append(self, entry: AuditEntry) -> AuditEntry:
        """Seal the entry onto the end of the chain and store it."""
        ...

    def ends(self) -> tuple[bytes, int, bytes]:
        """(hash of the first entry, seq and hash of the last); (b"", 0, genesis) if empty."""
        ...

    def rows(self, batch: int) -> Generator[ChainRow, None, None]:
        """Every entry in seq order as stored, read `batch` rows at a time."""
        ...

    def add_checkpoint(self, checkpoint: Checkpoint) -> None: ...
    def checkpoints(self) -> list[Checkpoint]: ...
    def entries(self, after_seq: int = 0, limit: int | None = None) -> list[AuditEntry]: ...
    def for_subject(self, subject_type: str, subject_id: str) -> list[AuditEntry]: ...
    def page_for_subjects(
        self, subjects: Sequence[tuple[str, str]], before_seq: int, limit: int, skip: str = ""
    ) -> list[AuditEntry]:
        """Newest first, the entries about any of these (type, id) subjects before
        `before_seq` (0: from the end), leaving out actions that end with `skip`."""
        ...

    def recent(
        self, unit_ids: Sequence[int] | None, action: str, actor: str, before_seq: int, limit: int
    ) -> list[AuditEntry]:
        """Newest first, before `before_seq` (0: from the end), of these units (None: all,
        entries without a unit included), whose action starts with `action` and whose actor
        is `actor` (empty: any)."""
        ...


class CheckpointFiles(Protocol):
    """The append-only directory that keeps a copy of every signed checkpoint outside the
    database, one folder per chain (named by its first entry's hash)."""

    def write(self, chain: str, checkpoint: Checkpoint) -> None: ...
    def read(self, chain: str) -> list[Checkpoint]: ...


@dataclass(frozen=True)
class FindingFact:
    unit_id: int
    category: str
    posted_at: datetime
    found_at: datetime


@dataclass(frozen=True)
class MeasureFact:
    unit_id: int
    kind: str
    status: str
    created_at: datetime
    clue_opened_at: datetime
    platform: str
    appealed: bool
    response_hours: float | None
    refusal: str | None = None  # a refused takedown notice's reason


@dataclass(frozen=True)
class ReportFact:
    unit_id: int | None  # the unit of the clue it joined; None while it has none
    received_at: datetime
    answered_at: datetime | None  # the first measure on its clue


@dataclass
class MonthFacts:
    """What happened in a period, without any personal data: the transparency report's
    raw material (M10)."""

    findings: list[FindingFact] = field(default_factory=list)
    clue_units: list[int] = field(default_factory=list)
    measures: list[MeasureFact] = field(default_factory=list)
    reports: list[ReportFact] = field(default_factory=list)


class FigureRepository(Protocol):
    """Counts for the dashboard; `unit_ids` None means every unit; days are China days."""

    def findings_by_day(
        self, unit_ids: Sequence[int] | None, since: datetime
    ) -> list[tuple[str, str, int]]: ...
    def measures_by_outcome(
        self, unit_ids: Sequence[int] | None, since: datetime
    ) -> list[tuple[str, str, str, int]]: ...
    def takedowns(
        self, unit_ids: Sequence[int] | None, since: datetime
    ) -> list[tuple[str, str, float | None, str | None]]:
        """(platform, status, hours to the first answer, refusal reason) of each notice."""
        ...

    def month_facts(self, start: datetime, end: datetime) -> MonthFacts:
        """Findings, clues, measures and reports created in [start, end)."""
        ...

    def breaches_by_day(
        self, unit_ids: Sequence[int] | None, since: datetime
    ) -> list[tuple[str, str, int]]: ...
