"""The checkpoint directory: one JSON file per signed checkpoint, created once and never
rewritten, one folder per chain; and its in-memory twin."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from netpatrol.domain.audit import Checkpoint


def _to_json(checkpoint: Checkpoint) -> str:
    return json.dumps(
        {
            "seq": checkpoint.seq,
            "head": checkpoint.head.hex(),
            "at": checkpoint.at.isoformat(),
            "signature": checkpoint.signature.hex(),
            "key_id": checkpoint.key_id,
        }
    )


def _from_json(text: str) -> Checkpoint:
    raw = json.loads(text)
    return Checkpoint(
        int(raw["seq"]),
        bytes.fromhex(raw["head"]),
        datetime.fromisoformat(raw["at"]),
        bytes.fromhex(raw["signature"]),
        str(raw.get("key_id", "")),
    )


class DirCheckpointFiles:
    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, chain: str, checkpoint: Checkpoint) -> None:
        folder = self.root / chain
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / f"{checkpoint.seq:012d}.json").open("x", encoding="utf-8") as out:
            out.write(_to_json(checkpoint))

    def read(self, chain: str) -> list[Checkpoint]:
        folder = self.root / chain
        if not folder.is_dir():
            return []
        return [_from_json(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


class MemoryCheckpointFiles:
    def __init__(self) -> None:
        self.chains: dict[str, list[Checkpoint]] = {}

    def write(self, chain: str, checkpoint: Checkpoint) -> None:
        self.chains.setdefault(chain, []).append(checkpoint)

    def read(self, chain: str) -> list[Checkpoint]:
        return list(self.chains.get(chain, []))
