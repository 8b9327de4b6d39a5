"""Upgrading a database whose audit chain was written before the key (schema 0012): the old
hashes are re-encoded as raw bytes and still verify, and new entries follow keyed."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic import command
from sqlalchemy import text, update

from netpatrol.adapters.db import migrate
from netpatrol.adapters.db.tables.core import AuditRow
from netpatrol.bootstrap import Container, bootstrap
from netpatrol.config import Settings
from netpatrol.domain.audit import AuditEntry
from netpatrol.services.oversight.checkpoints import verify_chain, write_checkpoint

START = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def _old_hash(prev: str, entry: AuditEntry) -> str:
    """The recipe of schema 0012: SHA-256 over the hex of the previous hash and the JSON."""
    payload = {
        "actor": entry.actor,
        "action": entry.action,
        "subject_type": entry.subject_type,
        "subject_id": entry.subject_id,
        "at": entry.at.isoformat(),
        "unit_id": entry.unit_id,
        "before": entry.before,
        "after": entry.after,
        "reason": entry.reason,
    }
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev + canonical).encode()).hexdigest()


def test_an_old_chain_is_kept_verifiable_across_the_upgrade(db_url: str, tmp_path: Path) -> None:
    built = bootstrap(Settings(database_url=db_url, checkpoint_dir=str(tmp_path / "cp")))
    try:
        _upgrade_and_verify(built, db_url)
    finally:
        built.dispose()


def _upgrade_and_verify(built: Container, db_url: str) -> None:
    config = migrate.alembic_config(db_url)
    with built.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0012")
        prev = "0" * 64
        for i in range(5):
            entry = AuditEntry(
                "officer",
                "clue.read",
                "clue",
                str(i),
                START + timedelta(i),
                after={"i": i, "字段": "文本"},
                reason="查看" if i else "",
            )
            digest = _old_hash(prev, entry)
            conn.execute(
                text(
                    "INSERT INTO audit_entries (at, actor, action, subject_type, subject_id,"
                    " unit_id, before, after, reason, prev_hash, hash) VALUES (:at, :actor,"
                    " :action, 'clue', :sid, NULL, 'null', :after, :reason, :prev, :hash)"
                ),
                {
                    "at": entry.at
                    if built.engine.dialect.name == "postgresql"
                    else entry.at.strftime("%Y-%m-%d %H:%M:%S.%f"),
                    "actor": entry.actor,
                    "action": entry.action,
                    "sid": entry.subject_id,
                    "after": json.dumps(entry.after),
                    "reason": entry.reason,
                    "prev": prev,
                    "hash": digest,
                },
            )
            prev = digest
    migrate.upgrade(built.engine)
    report = verify_chain(built.uow(), built.audit_keys)
    assert report.intact and report.checked == 5, report.problem

    checkpoint = write_checkpoint(built.uow(), built.audit_keys, "auditor", built.clock)
    assert checkpoint.seq == 6
    report = verify_chain(built.uow(), built.audit_keys)
    assert report.intact and report.checked == 6 and report.checkpoints == 1

    with built.engine.begin() as conn:
        conn.execute(update(AuditRow).where(AuditRow.seq == 2).values(reason="改过"))
    report = verify_chain(built.uow(), built.audit_keys)
    assert report.broken_seq == 2 and "does not match its hash" in report.problem


def test_a_downgrade_and_upgrade_keep_the_chain_verifiable(container: Container) -> None:
    write_checkpoint(container.uow(), container.audit_keys, "auditor", container.clock)
    config = migrate.alembic_config(container.settings.database_url)
    with container.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0012")
    migrate.upgrade(container.engine)
    report = verify_chain(container.uow(), container.audit_keys)
    assert report.intact and report.checked == 2, report.problem
