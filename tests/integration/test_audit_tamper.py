"""The audit chain proves itself: every way of tampering with the stored log is caught,
and the report names the entry where it shows (on SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import Connection, delete, insert, select, update

from netpatrol.adapters.db.tables.core import AuditRow, CheckpointRow
from netpatrol.bootstrap import Container
from netpatrol.domain.audit import AuditEntry
from netpatrol.services.oversight.checkpoints import verify_chain, write_checkpoint

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _chain(container: Container, count: int) -> None:
    with container.uow() as uow:
        for i in range(count):
            uow.audit.append(
                AuditEntry(
                    "officer",
                    "clue.read",
                    "clue",
                    str(i),
                    NOW,
                    unit_id=1,
                    after={"i": i, "名": "张"},
                )
            )
        uow.commit()


def _edit(conn: Connection) -> int:
    conn.execute(update(AuditRow).where(AuditRow.seq == 5).values(reason="nothing to see"))
    return 5


def _delete_middle(conn: Connection) -> int:
    conn.execute(delete(AuditRow).where(AuditRow.seq == 5))
    return 6


def _delete_newest(conn: Connection) -> int:
    newest = conn.scalar(select(AuditRow.seq).order_by(AuditRow.seq.desc()).limit(1))
    conn.execute(delete(AuditRow).where(AuditRow.seq == newest))
    return int(newest) - 1


def _delete_newest_and_the_checkpoint_row(conn: Connection) -> int:
    conn.execute(delete(CheckpointRow))  # the directory still holds its copy
    return _delete_newest(conn)


def _insert(conn: Connection) -> int:
    head = conn.execute(select(AuditRow.seq, AuditRow.hash).order_by(AuditRow.seq.desc())).first()
    assert head is not None
    forged = hashlib.sha256(head[1] + b"forged").digest()
    conn.execute(
        insert(AuditRow).values(
            seq=head[0] + 1,
            at=NOW,
            actor="officer",
            action="clue.read",
            subject_type="clue",
            subject_id="x",
            before=None,
            after=None,
            reason="",
            prev_hash=head[1],
            hash=forged,
        )
    )
    return int(head[0]) + 1


def _reorder(conn: Connection) -> int:
    conn.execute(update(AuditRow).where(AuditRow.seq == 5).values(seq=10_000))
    conn.execute(update(AuditRow).where(AuditRow.seq == 6).values(seq=5))
    conn.execute(update(AuditRow).where(AuditRow.seq == 10_000).values(seq=6))
    return 5


def _recompute_without_key(conn: Connection) -> int:
    """Edit entry 3, then recompute every link with a guessed key, so the chain is whole."""
    conn.execute(update(AuditRow).where(AuditRow.seq == 3).values(reason="rewritten"))
    prev = bytes(32)
    rows = conn.execute(select(AuditRow).order_by(AuditRow.seq)).all()
    for row in rows:
        entry = AuditEntry(
            row.actor,
            row.action,
            row.subject_type,
            row.subject_id,
            row.at,
            row.unit_id,
            row.before,
            row.after,
            row.reason,
        )
        message = json.dumps(list(entry.fields())).encode()
        forged = hmac.digest(b"guessed", prev + message, "sha256")
        conn.execute(
            update(AuditRow).where(AuditRow.seq == row.seq).values(prev_hash=prev, hash=forged)
        )
        prev = forged
    return 1


TAMPERING: dict[str, Callable[[Connection], int]] = {
    "edit": _edit,
    "delete middle": _delete_middle,
    "delete newest": _delete_newest,
    "delete newest and the checkpoint row": _delete_newest_and_the_checkpoint_row,
    "insert": _insert,
    "reorder": _reorder,
    "recompute without key": _recompute_without_key,
}


@pytest.mark.parametrize("how", list(TAMPERING))
def test_tampering_is_caught_and_named(container: Container, how: str) -> None:
    _chain(container, 10)
    checkpoint = write_checkpoint(container.uow(), container.audit_keys, "auditor", container.clock)
    report = verify_chain(container.uow(), container.audit_keys)
    assert report.intact and report.checked == checkpoint.seq and report.checkpoints == 1
    with container.engine.begin() as conn:
        where = TAMPERING[how](conn)
    report = verify_chain(container.uow(), container.audit_keys)
    assert not report.intact
    assert report.broken_seq == where, report.problem
    assert f"entry {where}" in report.problem


def test_a_forged_checkpoint_signature_is_refused(container: Container) -> None:
    _chain(container, 3)
    write_checkpoint(container.uow(), container.audit_keys, "auditor", container.clock)
    with container.engine.begin() as conn:
        conn.execute(update(CheckpointRow).values(signature=bytes(64)))
    report = verify_chain(container.uow(), container.audit_keys)
    assert not report.intact and "signature" in report.problem
