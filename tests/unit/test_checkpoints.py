"""The checkpoint directory and its in-memory twin keep the same contract, and the chain
checks out on the in-memory unit of work as on the databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from netpatrol.adapters.checkpoint_files import DirCheckpointFiles, MemoryCheckpointFiles
from netpatrol.adapters.memory.oversight import MEMORY_AUDIT_KEY
from netpatrol.adapters.memory.uow import MemoryUnitOfWork
from netpatrol.domain.audit import AuditEntry, Checkpoint
from netpatrol.services.oversight.checkpoints import (
    AuditKeys,
    Signer,
    checkpoint_due,
    verify_chain,
    write_checkpoint,
)
from netpatrol.services.oversight.ports import CheckpointFiles

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


@pytest.fixture(params=["directory", "memory"])
def files(request: pytest.FixtureRequest, tmp_path: Path) -> CheckpointFiles:
    return (
        DirCheckpointFiles(tmp_path / "cp")
        if request.param == "directory"
        else (MemoryCheckpointFiles())
    )


def test_checkpoint_files_keep_each_chain_apart(files: CheckpointFiles) -> None:
    first = Checkpoint(3, b"h" * 32, NOW, b"s" * 64, "k1")
    files.write("chain-a", first)
    files.write("chain-a", Checkpoint(9, b"i" * 32, NOW, b"t" * 64, "k1"))
    assert files.read("chain-a")[0] == first and len(files.read("chain-a")) == 2
    assert files.read("chain-b") == []


def test_the_directory_never_rewrites_a_checkpoint(tmp_path: Path) -> None:
    files = DirCheckpointFiles(tmp_path)
    files.write("c", Checkpoint(3, b"h" * 32, NOW, b"s" * 64))
    with pytest.raises(FileExistsError):
        files.write("c", Checkpoint(3, b"x" * 32, NOW, b"s" * 64))


def test_the_chain_checks_out_in_memory() -> None:
    uow = MemoryUnitOfWork()
    keys = AuditKeys(
        MEMORY_AUDIT_KEY, Signer(Ed25519PrivateKey.generate()), MemoryCheckpointFiles()
    )
    with uow:
        for i in range(4):
            uow.audit.append(AuditEntry("officer", "clue.read", "clue", str(i), NOW))
        uow.commit()
    assert checkpoint_due(uow, HOUR, NOW)
    signed = write_checkpoint(uow, keys, "auditor", lambda: NOW)
    assert signed.seq == 5 and not checkpoint_due(uow, HOUR, NOW)
    report = verify_chain(uow, keys)
    assert report.intact and report.checked == 5 and report.checkpoints == 1
    uow.committed.audit.pop()
    report = verify_chain(uow, keys)
    assert report.broken_seq == 4 and "entries after 4 were deleted" in report.problem
