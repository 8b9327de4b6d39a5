"""Labelled posts in the format of ../shared/data: {"id", "text", "category", "source"}."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from netpatrol.domain.categories import Category


class DatasetError(ValueError):
    """A labelled file is missing or malformed; the message names the file and line."""


@dataclass(frozen=True)
class Labelled:
    id: str
    text: str
    category: str
    source: str
    family: str = ""  # the street set's script or slang family
    evasion: str = ""  # the evasion the author wrote by hand, '' for a plain post


def load_labelled(path: Path) -> list[Labelled]:
    """One file, or every *.jsonl in a folder (sorted, so runs are reproducible)."""
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    if not files or not all(f.is_file() for f in files):
        raise DatasetError(f"no labelled JSON Lines at {path}")
    rows: list[Labelled] = []
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").split("\n"), start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                row = Labelled(
                    str(raw["id"]),
                    str(raw["text"]),
                    str(raw["category"]),
                    str(raw.get("source") or file.stem),
                    str(raw.get("family") or ""),
                    str(raw.get("evasion") or ""),
                )
                Category(row.category)
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise DatasetError(f"{file}:{number}: {exc}") from None
            rows.append(row)
    return rows
