"""The classifiers' weight matrices, unpacked once and kept in a cache folder.

A model ships as a compressed .npz (half-precision weights: small to ship). Unpacking it
cost every process that starts an engine about 0.25 s of CPU. The first process to load a
model writes its weights once, unpacked, to the cache folder under a name made of the
model file's digest; every later process (the N processes of `patrol --jobs N`, the
stream's workers, the next command) reads that file in about 0.02 s. A folder that cannot
be written only costs the unpacking.

The weights are read into the process's own memory rather than mapped from the file:
mapped, the processes would share one copy, but the classifiers look weights up at random
and a file's small pages made the engine about 4% slower (bench/patrol_bench.py, in turn)
than private memory, which the kernel backs with huge pages.

The folder is NETPATROL_CACHE_DIR, else $XDG_CACHE_HOME/netpatrol, else ~/.cache/netpatrol.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]


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


def cached_weights(model: Path, unpack: Callable[[], FloatArray]) -> FloatArray:
    """The model's weights as float32, read from the cache when it holds them (written
    there first when it does not); `unpack` reads them from the model file."""
    folder = cache_dir()
    target = folder / f"{model.stem}-{_digest(model)}.npy"
    try:
        return _open(target)
    except (OSError, ValueError):
        pass  # not there yet, or left half-written by a process that died: write it anew
    weights = np.ascontiguousarray(unpack(), dtype=np.float32)
    part: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".part", delete=False) as out:
            part = out.name
            np.save(out, weights, allow_pickle=False)
        os.replace(part, target)  # atomic: readers see the whole file or none
        return weights
    except OSError:
        if part is not None:
            Path(part).unlink(missing_ok=True)
        return weights  # a read-only or full disk: this process keeps its own copy


def _open(target: Path) -> FloatArray:
    weights = np.load(target, allow_pickle=False)
    if weights.dtype != np.float32 or weights.ndim != 2:
        raise ValueError(f"{target} is not a weight matrix")
    return weights  # type: ignore[no-any-return]
