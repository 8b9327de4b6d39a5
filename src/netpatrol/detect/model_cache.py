"""What the engine derives from its shipped data, worked out once and kept in a cache
folder: the classifiers' weight matrices, unpacked, and the pinyin spellings of the
watched words.

A model ships as a compressed .npz (half-precision weights: small to ship). Unpacking it
cost every process that starts an engine about 0.25 s of CPU. The first process to load a
model writes its weights once, unpacked, to the cache folder; every later process (the N
processes of `patrol --jobs N`, the stream's workers, the next command) reads that file in
about 0.02 s. A folder that cannot be written only costs the unpacking.

An entry is named by what one stat of the model file tells: its path, size, modification
and change times (the change time moves with every write, even one that sets the
modification time back). Reading the whole file to digest it would cost each process
more than reading the entry. A file written in the last seconds could be written again
within one tick of its file system's clock and keep its size and times: its name then
also holds a digest of the contents, until the file has settled.

The weights are read into the process's own memory rather than mapped from the file:
mapped, the processes would share one copy, but the classifiers look weights up at random
and a file's small pages made the engine about 4% slower (bench/patrol_bench.py, in turn)
than private memory, which the kernel backs with huge pages.

The pinyin table is keyed by a digest of everything it is made from (the lexicons, the
rule words, the shipped variants), so a unit's own lexicon gets its own entry; reading it
saves the 0.4 s of importing pypinyin's phrase dictionary and 0.2 s of spelling.

The folder is NETPATROL_CACHE_DIR, else $XDG_CACHE_HOME/netpatrol, else ~/.cache/netpatrol.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]

WEIGHTS_FORMAT = 1  # of the entries: a change to what they hold makes new ones
SETTLED_NS = 2 * 10**9  # coarser than any file system's clock tick (FAT's is 2 s)


def cache_dir() -> Path:
    named = os.environ.get("NETPATROL_CACHE_DIR")
    if named:
        return Path(named)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "netpatrol"


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            sha.update(block)
    return sha.hexdigest()[:24]


def _now_ns() -> int:
    return time.time_ns()


def _weights_key(model: Path) -> str:
    """The model file's path, size and times, and its digest while it is fresh (see the
    module's notes): what names its entry."""
    stat = model.stat()
    changed = max(stat.st_mtime_ns, stat.st_ctime_ns)
    made_from: list[object] = [
        WEIGHTS_FORMAT,
        os.path.abspath(model),
        stat.st_size,
        stat.st_mtime_ns,
        stat.st_ctime_ns,
    ]
    if _now_ns() - changed < SETTLED_NS:  # a time in the future is fresh too
        made_from.append(_digest(model))
    return hashlib.sha256(json.dumps(made_from).encode()).hexdigest()[:24]


def cached_weights(model: Path, unpack: Callable[[], FloatArray]) -> FloatArray:
    """The model's weights as float32, read from the cache when it holds them (written
    there first when it does not); `unpack` reads them from the model file."""
    folder = cache_dir()
    target = folder / f"{model.stem}-{_weights_key(model)}.npy"
    try:
        return _open(target)
    except (OSError, ValueError):
        pass  # not there yet, or left half-written by a process that died: write it anew
    weights = np.ascontiguousarray(unpack(), dtype=np.float32)
    _keep(target, lambda out: np.save(out, weights, allow_pickle=False))
    return weights  # kept or not (a read-only or full disk), this process has its own copy


def _keep(target: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write the file whole or not at all: to a temporary name, then renamed (atomic), so
    readers never see half of it; a folder that cannot be written is let be."""
    part: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".part", delete=False) as out:
            part = out.name
            write(out)
        os.replace(part, target)
    except OSError:
        if part is not None:
            Path(part).unlink(missing_ok=True)


def _open(target: Path) -> FloatArray:
    weights = np.load(target, allow_pickle=False)
    if weights.dtype != np.float32 or weights.ndim != 2:
        raise ValueError(f"{target} is not a weight matrix")
    return weights  # type: ignore[no-any-return]


def cached_json(name: str, made_from: Any, make: Callable[[], Any]) -> Any:
    """`make()`, kept as JSON under a name made of `name` and a digest of `made_from` (which
    must be JSON): read from the cache when it is there, written there when it is not."""
    key = hashlib.sha256(json.dumps(made_from, sort_keys=True, ensure_ascii=False).encode())
    target = cache_dir() / f"{name}-{key.hexdigest()[:24]}.json"
    try:
        return json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass  # not there yet, or damaged: make it anew
    made = make()
    _keep(target, lambda out: out.write(json.dumps(made, ensure_ascii=False).encode()))
    return made
