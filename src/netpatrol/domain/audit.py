"""Audit entries (审计, M11): an append-only log where each entry holds the previous hash.

Each link is an HMAC-SHA-256 under a key kept outside the database, so whoever can write
to the database but lacks the key cannot recompute the chain after editing it. Signed
checkpoints (seq and head hash) pin the chain's length, so deleting its newest entries
shows too.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = bytes(32)
HASH_SIZE = 32
AT_FORMAT = "%Y-%m-%d %H:%M:%S.%f"

# seq, prev hash, hash, then the fields a link covers, as stored: actor, action,
# subject type, subject id, time (AT_FORMAT, UTC), unit id, before and after (JSON text),
# reason
ChainRow = tuple[int, bytes, bytes, str, str, str, str, str, int | None, str, str, str]


def at_text(at: datetime) -> str:
    """An instant as the database keeps it: UTC, microseconds always written."""
    return at.astimezone(UTC).strftime(AT_FORMAT)


def json_text(value: dict[str, Any] | None) -> str:
    """A JSON column's value as it is written (json.dumps, the drivers' serialiser)."""
    return json.dumps(value)


class Hmac:
    """HMAC-SHA-256 (RFC 2104) with the key's inner and outer pads hashed once: the same
    digest as `hmac.digest(key, message, "sha256")`, at a third of the cost per message."""

    def __init__(self, key: bytes) -> None:
        if len(key) > 64:
            key = hashlib.sha256(key).digest()
        key = key.ljust(64, b"\0")
        self.inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
        self.outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))

    def __call__(self, message: bytes) -> bytes:
        inner = self.inner.copy()
        inner.update(message)
        outer = self.outer.copy()
        outer.update(inner.digest())
        return outer.digest()


@functools.lru_cache(maxsize=8)
def keyed(key: bytes) -> Hmac:
    return Hmac(key)


def link_message(
    prev: bytes,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str,
    at: str,
    unit_id: int | None,
    before: str,
    after: str,
    reason: str,
) -> bytes:
    """What a link covers: the previous hash, then the fields separated by NUL. An entry's
    fields never hold a NUL (sealing replaces it), so two different entries never read the
    same: a NUL moved into a field would add one to the count."""
    unit = "" if unit_id is None else unit_id
    return (
        prev
        + (
            f"{actor}\0{action}\0{subject_type}\0{subject_id}\0{at}\0{unit}\0{before}\0{after}\0{reason}"
        ).encode()
    )


def link_hash(key: bytes, prev: bytes, fields: Sequence[Any]) -> bytes:
    return keyed(key)(link_message(prev, *fields))


@dataclass
class AuditEntry:
    """One change of state or read of personal data: who, where, what, when and why."""

    actor: str
    action: str
    subject_type: str
    subject_id: str
    at: datetime
    unit_id: int | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    reason: str = ""
    prev_hash: bytes = GENESIS_HASH
    hash: bytes = b""
    seq: int | None = None

    def fields(self) -> tuple[str, str, str, str, str, int | None, str, str, str]:
        return (
            self.actor,
            self.action,
            self.subject_type,
            self.subject_id,
            at_text(self.at),
            self.unit_id,
            json_text(self.before),
            json_text(self.after),
            self.reason,
        )

    def compute_hash(self, key: bytes) -> bytes:
        return link_hash(key, self.prev_hash, self.fields())

    def seal(self, prev_hash: bytes, key: bytes) -> None:
        for name in ("actor", "action", "subject_type", "subject_id", "reason"):
            setattr(self, name, getattr(self, name).replace("\0", "\ufffd"))
        self.prev_hash = prev_hash
        self.hash = self.compute_hash(key)

    def row(self) -> ChainRow:
        return (self.seq or 0, self.prev_hash, self.hash, *self.fields())


def first_broken(
    entries: Iterable[AuditEntry], key: bytes, start_hash: bytes = GENESIS_HASH
) -> AuditEntry | None:
    """The first entry whose content or link does not match the chain, or None if intact.

    `start_hash` is the hash of the entry before the first one given (a page of the log).
    """
    expected_prev = start_hash
    for entry in entries:
        if entry.prev_hash != expected_prev or entry.compute_hash(key) != entry.hash:
            return entry
        expected_prev = entry.hash
    return None


@dataclass(frozen=True)
class Checkpoint:
    """A signed statement that the chain had `seq` entries ending in `head` at `at`.

    A legacy checkpoint (no signature) marks where the unkeyed SHA-256 chain written
    before the keyed one ends; entries up to it are checked with the old recipe.
    """

    seq: int
    head: bytes
    at: datetime
    signature: bytes = b""
    key_id: str = ""

    @property
    def legacy(self) -> bool:
        return not self.signature

    def message(self) -> bytes:
        return (
            f"netpatrol-audit-checkpoint:{self.seq}:{self.head.hex()}:{at_text(self.at)}".encode()
        )


def legacy_hash(row: ChainRow) -> bytes:
    """The unkeyed recipe of entries written before the keyed chain (schema 0012 and older)."""
    _, prev, _, actor, action, subject_type, subject_id, at, unit_id, before, after, reason = row
    payload = {
        "actor": actor,
        "action": action,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "at": datetime.strptime(at, AT_FORMAT).replace(tzinfo=UTC).isoformat(),
        "unit_id": unit_id,
        "before": json.loads(before),
        "after": json.loads(after),
        "reason": reason,
    }
    canonical = json.dumps(
        payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256((prev.hex() + canonical).encode("utf-8")).digest()


@dataclass
class ChainReport:
    """What a check of the whole chain found; `problem` names the place when it failed."""

    checked: int = 0
    head_seq: int = 0
    checkpoints: int = 0
    broken_seq: int | None = None
    problem: str = ""
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problem

    @property
    def rate(self) -> float:
        """Entries per second of wall time."""
        return self.checked / self.seconds if self.seconds > 0 else 0.0

    @property
    def cpu_rate(self) -> float:
        """Entries per second of this process's CPU time (fair on a shared machine)."""
        return self.checked / self.cpu_seconds if self.cpu_seconds > 0 else 0.0


def check_chain(
    rows: Iterable[ChainRow],
    key: bytes,
    signed: Mapping[int, bytes],
    legacy_until: int = 0,
) -> ChainReport:
    """Walk the rows in seq order: each must link to the one before and carry its own
    HMAC; each signed checkpoint (seq -> head) must be met on the way."""
    report = ChainReport()
    expected, last = GENESIS_HASH, 0
    # the HMAC of link_message(...) inlined: the pads' states copied, the previous hash and
    # the fields fed in turn (the same digest, without building the message)
    mac = keyed(key)
    inner, outer = mac.inner.copy, mac.outer.copy
    checked = 0
    for row in rows:
        seq, prev, own, actor, action, kind, subject, at, unit, before, after, reason = row
        if prev != expected:
            report.checked = checked
            where = f"entry {last}" if last else "the start of the chain"
            problem = "an entry was removed, inserted or reordered there"
            return _broken(report, seq, f"entry {seq} does not link to {where}: {problem}")
        digest = inner()
        digest.update(prev)
        digest.update(
            f"{actor}\0{action}\0{kind}\0{subject}\0{at}\0{'' if unit is None else unit}"
            f"\0{before}\0{after}\0{reason}".encode()
        )
        linked = outer()
        linked.update(digest.digest())
        sound = linked.digest() == own
        if not sound and seq <= legacy_until:
            # written before the key (a schema downgrade and upgrade leaves keyed ones here)
            sound = legacy_hash(row) == own
        if not sound:
            report.checked = checked
            problem = "it was edited, or the chain was recomputed without the audit key"
            return _broken(report, seq, f"entry {seq} does not match its hash: {problem}")
        if signed and seq in signed and signed[seq] != own:
            report.checked = checked
            return _broken(report, seq, f"entry {seq} differs from the signed checkpoint at it")
        expected, last = own, seq
        checked += 1
    report.checked = checked
    report.head_seq = last
    report.checkpoints = sum(1 for s in signed if s <= last)
    missing = sorted(s for s in signed if s > last)
    if missing:
        return _broken(
            report,
            last,
            f"the chain ends at entry {last}, but a signed checkpoint "
            f"names entry {missing[-1]}: entries after {last} were deleted",
        )
    return report


def _broken(report: ChainReport, seq: int, problem: str) -> ChainReport:
    report.broken_seq, report.problem = seq, problem
    return report
