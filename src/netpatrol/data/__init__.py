"""Shipped data: units, lexicons, legal bases, policy, templates and samples."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any


def path(name: str) -> Path:
    """The filesystem path of a shipped data file, e.g. 'samples/posts.jsonl'."""
    return Path(str(resources.files(__name__).joinpath(name)))


def load_json(name: str) -> Any:
    return json.loads(path(name).read_text(encoding="utf-8"))


def read_text(name: str) -> str:
    return path(name).read_text(encoding="utf-8")
