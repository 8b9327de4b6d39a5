"""Evidence (证据): captures of a clue's post, and packages that a third party can check."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from netpatrol.domain.clues import Clue
from netpatrol.domain.evidence import EvidenceItem, digest
from netpatrol.domain.posts import Post
from netpatrol.services.clues.queries import clue_context
from netpatrol.services.oversight.audit import record
from netpatrol.services.oversight.checkpoints import Signer, signature_holds
from netpatrol.services.ports import UnitOfWork

STORED_COPY = "netpatrol:stored-post"


def post_content(post: Post) -> dict[str, Any]:
    return {
        "platform": post.platform.value,
        "external_id": post.external_id,
        "author": {"id": post.author.id, "name": post.author.name, "region": post.author.region},
        "text": post.text,
        "links": list(post.links),
        "created_at": post.created_at.isoformat(),
        "reposts": post.reposts,
        "comments": post.comments,
        "likes": post.likes,
        "parent_id": post.parent_external_id,
        "extra": post.extra,
    }


def capture_in(uow: UnitOfWork, clue: Clue, post: Post, actor: str, now: datetime) -> EvidenceItem:
    """Capture inside an open unit of work (the caller commits)."""
    item = uow.evidence.add(
        EvidenceItem.capture(clue.id or 0, "post", post_content(post), now, STORED_COPY, actor)
    )
    record(
        uow,
        actor=actor,
        action="evidence.captured",
        subject_type="clue",
        subject_id=clue.id,
        at=now,
        unit_id=clue.unit_id,
        after={"evidence_id": item.id, "sha256": item.sha256, "source": item.source},
    )
    return item


def capture_every_post(
    uow: UnitOfWork, clue: Clue, actor: str, now: datetime
) -> list[EvidenceItem]:
    """Capture every post of the clue, the merged ones too (inside an open unit of work)."""
    ids = {clue.post_id} | {f.post_id for f in uow.findings.for_clue(clue.id or 0) if f.post_id}
    posts = uow.posts.get_many(ids)
    return [capture_in(uow, clue, posts[i], actor, now) for i in sorted(posts)]


def capture(
    uow: UnitOfWork, clue_id: int, actor: str, clock: Callable[[], datetime]
) -> EvidenceItem:
    """A new capture of the clue's post; earlier captures stay as they were."""
    with uow:
        clue, post, _ = clue_context(uow, clue_id)
        item = capture_in(uow, clue, post, actor, clock())
        uow.commit()
    return item


def items_for(
    uow: UnitOfWork, clue_id: int, reader: str | None = None, at: datetime | None = None
) -> list[EvidenceItem]:
    """The clue's captures; with a `reader`, the read is written to the audit log."""
    with uow:
        clue, _, _ = clue_context(uow, clue_id)  # refuses an unknown clue
        items = uow.evidence.for_clue(clue_id)
        if reader is not None and at is not None:
            record(
                uow,
                actor=reader,
                action="evidence.read",
                subject_type="clue",
                subject_id=clue_id,
                at=at,
                unit_id=clue.unit_id,
                after={"items": [i.id for i in items]},
            )
            uow.commit()
        return items


MANIFEST, SIGNATURE, PUBLIC_KEY = "manifest.json", "manifest.json.sig", "signing-key.pem"


def export_package(
    uow: UnitOfWork,
    clue_id: int,
    target: Path,
    actor: str,
    clock: Callable[[], datetime],
    signer: Signer,
) -> dict[str, Any]:
    """Write items/, manifest.json, its Ed25519 signature (manifest.json.sig, hex), the
    public key that checks it, and SHA256SUMS (checkable with `sha256sum -c`)."""
    with uow:
        clue, post, unit = clue_context(uow, clue_id)
        items = uow.evidence.for_clue(clue_id)
        now = clock()
        (target / "items").mkdir(parents=True, exist_ok=True)
        entries = []
        for item in items:
            name = f"items/{item.id:06d}-{item.kind}.json"
            (target / name).write_bytes(item.content)
            entries.append(
                {
                    "file": name,
                    "sha256": item.sha256,
                    "captured_at": item.captured_at.isoformat(),
                    "source": item.source,
                    "captured_by": item.captured_by,
                }
            )
        manifest = {
            "clue": {
                "id": clue.id,
                "unit": unit.code,
                "category": clue.category.value,
                "post": f"{post.platform.value}:{post.external_id}",
            },
            "exported_at": now.isoformat(),
            "exported_by": actor,
            "signing_key_id": signer.key_id,
            "items": entries,
        }
        body = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
        (target / MANIFEST).write_bytes(body)
        (target / SIGNATURE).write_text(signer.sign(body).hex() + "\n", encoding="ascii")
        (target / PUBLIC_KEY).write_text(signer.public_pem(), encoding="ascii")
        (target / "SHA256SUMS").write_text(
            "".join(f"{e['sha256']}  {e['file']}\n" for e in entries), encoding="utf-8"
        )
        record(
            uow,
            actor=actor,
            action="evidence.exported",
            subject_type="clue",
            subject_id=clue_id,
            at=now,
            unit_id=clue.unit_id,
            after={"items": len(entries), "to": str(target)},
        )
        uow.commit()
    return manifest


def verify_package(target: Path, public: Ed25519PublicKey) -> list[str]:
    """The problems found in a package: the manifest's signature under `public`, then
    each item's digest against the manifest."""
    try:
        body = (target / MANIFEST).read_bytes()
        manifest = json.loads(body.decode("utf-8"))
    except (OSError, ValueError) as exc:
        return [f"{MANIFEST} unreadable: {exc}"]
    try:
        signature = bytes.fromhex((target / SIGNATURE).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        signature = b""
    problems = []
    if not signature_holds(public, body, signature):
        problems.append(f"{MANIFEST}: the signature is missing or does not match the key")
    for entry in manifest.get("items", []):
        path = target / entry["file"]
        if not path.is_file():
            problems.append(f"{entry['file']}: missing")
        elif digest(path.read_bytes()) != entry["sha256"]:
            problems.append(f"{entry['file']}: digest does not match the manifest")
    return problems
