"""Storage of the audit chain and the dashboard's aggregates."""

from __future__ import annotations

from collections.abc import Generator, Sequence
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
    ) -> list[tuple[str, str, float | None]]: ...
    def breaches_by_day(
        self, unit_ids: Sequence[int] | None, since: datetime
    ) -> list[tuple[str, str, int]]: ...
