"""Signed checkpoints of the audit chain (审计检查点): Ed25519 over the seq and head hash,
kept in the database and, as a second copy out of its reach, in a directory of files."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from netpatrol.domain.audit import ChainReport, Checkpoint, check_chain
from netpatrol.services.oversight.audit import record
from netpatrol.services.oversight.ports import CheckpointFiles
from netpatrol.services.ports import UnitOfWork

VERIFY_BATCH = 20_000


class Signer:
    """Signs with the Ed25519 key from settings; anyone with the public key can check."""

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private
        self.public = private.public_key()
        raw = self.public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.key_id = hashlib.sha256(raw).hexdigest()[:16]

    def sign(self, message: bytes) -> bytes:
        return self._private.sign(message)

    def public_pem(self) -> str:
        return self.public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()


def signature_holds(public: Ed25519PublicKey, message: bytes, signature: bytes) -> bool:
    try:
        public.verify(signature, message)
    except InvalidSignature:
        return False
    return True


@dataclass(frozen=True)
class AuditKeys:
    """The HMAC key of the chain, the checkpoint signer and the checkpoint directory."""

    hmac_key: bytes
    signer: Signer
    files: CheckpointFiles


def chain_name(first_hash: bytes) -> str:
    """A chain's folder in the checkpoint directory: its first entry's hash, shortened."""
    return first_hash.hex()[:16]


def write_checkpoint(
    uow: UnitOfWork, keys: AuditKeys, actor: str, clock: Callable[[], datetime]
) -> Checkpoint:
    """Sign the chain's head (this checkpoint's own audit entry included) and keep it."""
    with uow:
        now = clock()
        record(
            uow,
            actor=actor,
            action="audit.checkpoint",
            subject_type="audit",
            subject_id="chain",
            at=now,
            reason="signed checkpoint of the audit chain",
        )
        first, seq, head = uow.audit.ends()
        unsigned = Checkpoint(seq, head, now, key_id=keys.signer.key_id)
        checkpoint = replace(unsigned, signature=keys.signer.sign(unsigned.message()))
        uow.audit.add_checkpoint(checkpoint)
        uow.commit()
    keys.files.write(chain_name(first), checkpoint)
    return checkpoint


def checkpoint_due(uow: UnitOfWork, every: timedelta, now: datetime) -> bool:
    """True when the last signed checkpoint is older than `every` and entries came since."""
    with uow:
        _, seq, _ = uow.audit.ends()
        signed = [c for c in uow.audit.checkpoints() if not c.legacy]
    if not signed:
        return seq > 0
    last = signed[-1]
    return seq > last.seq and now - last.at >= every


def latest_checkpoint(uow: UnitOfWork) -> Checkpoint | None:
    with uow:
        signed = [c for c in uow.audit.checkpoints() if not c.legacy]
    return signed[-1] if signed else None


def verify_chain(uow: UnitOfWork, keys: AuditKeys, batch: int = VERIFY_BATCH) -> ChainReport:
    """Check every link and HMAC, and that the chain meets every signed checkpoint, from
    the table and from the directory; the report names the first place that fails."""
    started, cpu = time.perf_counter(), time.process_time()
    with uow:
        first, _, _ = uow.audit.ends()
        stored = uow.audit.checkpoints()
        filed = keys.files.read(chain_name(first)) if first else []
        legacy_until = max((c.seq for c in stored if c.legacy), default=0)
        signed: dict[int, bytes] = {}
        for checkpoint in [c for c in stored if not c.legacy] + filed:
            if not signature_holds(keys.signer.public, checkpoint.message(), checkpoint.signature):
                return ChainReport(
                    broken_seq=checkpoint.seq,
                    problem=(
                        f"the checkpoint at entry {checkpoint.seq} does not carry a valid signature"
                    ),
                )
            if signed.setdefault(checkpoint.seq, checkpoint.head) != checkpoint.head:
                return ChainReport(
                    broken_seq=checkpoint.seq,
                    problem=(f"two signed checkpoints at entry {checkpoint.seq} disagree"),
                )
        with closing(uow.audit.rows(batch)) as rows:
            report = check_chain(rows, keys.hmac_key, signed, legacy_until)
    in_table = {c.seq for c in stored if not c.legacy}
    report.notes += [
        f"checkpoint {s} is in the table but not in the directory"
        for s in sorted(in_table - {c.seq for c in filed})
    ]
    report.seconds = time.perf_counter() - started
    report.cpu_seconds = time.process_time() - cpu
    return report
