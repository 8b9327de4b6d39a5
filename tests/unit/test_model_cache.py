"""The classifiers' weights are unpacked once into the cache folder and read from there."""

from __future__ import annotations

import builtins
import io
import json
import os
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from netpatrol import data
from netpatrol.bootstrap import STREET_MODEL_FILE, build_normaliser
from netpatrol.detect import model_cache, pinyin
from netpatrol.detect.classifier import LinearModel
from netpatrol.detect.model_cache import cache_dir, cached_json, cached_weights

WEIGHTS = np.arange(12, dtype=np.float32).reshape(4, 3)


def _model_file(tmp_path: Path, content: bytes = b"model one") -> Path:
    path = tmp_path / "models" / "tiny.npz"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(content)
    return path


def _never() -> np.ndarray:
    raise AssertionError("the cached weights were unpacked again")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NETPATROL_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_first_load_writes_the_weights_and_the_next_reads_them(
    folder: Path, tmp_path: Path
) -> None:
    model = _model_file(tmp_path)
    first = cached_weights(model, lambda: WEIGHTS)
    [written] = folder.glob("tiny-*.npy")
    again = cached_weights(model, _never)
    assert np.array_equal(first, WEIGHTS) and np.array_equal(again, WEIGHTS)
    assert again.dtype == np.float32 and not list(folder.glob("*.part"))
    assert written.stat().st_size > WEIGHTS.nbytes


def test_another_model_file_gets_its_own_entry(folder: Path, tmp_path: Path) -> None:
    cached_weights(_model_file(tmp_path, b"model one"), lambda: WEIGHTS)
    other = cached_weights(_model_file(tmp_path, b"model two"), lambda: WEIGHTS * 2)
    assert np.array_equal(other, WEIGHTS * 2) and len(list(folder.glob("tiny-*.npy"))) == 2


@pytest.fixture
def an_hour_later(monkeypatch: pytest.MonkeyPatch) -> None:
    """The model files written by the test have settled."""
    later = time.time_ns() + 3600 * 10**9
    monkeypatch.setattr(model_cache, "_now_ns", lambda: later)


def _opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files opened from now on, by name."""
    names: list[str] = []
    real = io.open

    def spy(file: Any, *args: Any, **kwargs: Any) -> Any:
        names.append(os.fspath(file) if isinstance(file, str | os.PathLike) else repr(file))
        return real(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", spy)  # what Path.open calls
    monkeypatch.setattr(builtins, "open", spy)
    return names


@pytest.mark.usefixtures("an_hour_later")
def test_a_settled_model_file_is_not_read_to_find_its_entry(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = _model_file(tmp_path)
    cached_weights(model, lambda: WEIGHTS)
    opened = _opened(monkeypatch)
    assert np.array_equal(cached_weights(model, _never), WEIGHTS)
    [entry] = folder.glob("tiny-*.npy")
    assert str(entry) in opened and str(model) not in opened


@pytest.mark.usefixtures("an_hour_later")
def test_a_changed_model_file_gets_a_new_entry(folder: Path, tmp_path: Path) -> None:
    model = _model_file(tmp_path, b"model one")
    cached_weights(model, lambda: WEIGHTS)
    before = model.stat()
    model.write_bytes(b"model two")  # the same size, and the same modification time
    os.utime(model, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert np.array_equal(cached_weights(model, lambda: WEIGHTS * 2), WEIGHTS * 2)
    model.write_bytes(b"model three")
    assert np.array_equal(cached_weights(model, lambda: WEIGHTS * 3), WEIGHTS * 3)
    assert np.array_equal(cached_weights(model, _never), WEIGHTS * 3)
    assert len(list(folder.glob("tiny-*.npy"))) == 3


def test_a_fresh_model_file_is_told_apart_by_its_contents(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written twice within one tick of a coarse clock, a file keeps its size and times."""
    model = _model_file(tmp_path, b"model one")
    first, real = model.stat(), Path.stat

    def stat(path: Path, **kwargs: Any) -> os.stat_result:
        return first if path == model else real(path, **kwargs)  # the second write unseen

    monkeypatch.setattr(Path, "stat", stat)
    cached_weights(model, lambda: WEIGHTS)
    model.write_bytes(b"model two")
    assert np.array_equal(cached_weights(model, lambda: WEIGHTS * 2), WEIGHTS * 2)
    assert len(list(folder.glob("tiny-*.npy"))) == 2


def test_a_damaged_entry_is_written_anew(folder: Path, tmp_path: Path) -> None:
    model = _model_file(tmp_path)
    cached_weights(model, lambda: WEIGHTS)
    [entry] = folder.glob("tiny-*.npy")
    entry.write_bytes(entry.read_bytes()[:40])  # cut short, as by a full disk
    assert np.array_equal(cached_weights(model, lambda: WEIGHTS), WEIGHTS)
    assert np.array_equal(cached_weights(model, _never), WEIGHTS)


def test_a_folder_that_cannot_be_written_only_costs_the_unpacking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("NETPATROL_CACHE_DIR", str(blocked / "cache"))
    model = _model_file(tmp_path)
    assert np.array_equal(cached_weights(model, lambda: WEIGHTS), WEIGHTS)
    assert blocked.read_text() == "not a folder"


def test_the_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("NETPATROL_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "netpatrol"


def test_a_shipped_model_predicts_the_same_from_the_cache(folder: Path) -> None:
    texts = ["冰毒出售加微信", "今天天气不错，出去走走", "兼职刷单日结，先垫付"]
    fresh = LinearModel.load(data.path(STREET_MODEL_FILE))
    cached = LinearModel.load(data.path(STREET_MODEL_FILE))
    assert len(list(folder.glob("street_classifier-*.npy"))) == 1
    assert np.array_equal(fresh.predict_proba(texts), cached.predict_proba(texts))


def test_a_derived_table_is_made_once_for_the_same_inputs(folder: Path) -> None:
    made = cached_json("table", {"words": ["冰毒"]}, lambda: {"冰毒": ["bingdu"]})
    again = cached_json("table", {"words": ["冰毒"]}, _never)
    other = cached_json("table", {"words": ["大麻"]}, lambda: {"大麻": ["dama"]})
    assert made == again == {"冰毒": ["bingdu"]} and other == {"大麻": ["dama"]}
    [entry, _] = sorted(folder.glob("table-*.json"), key=lambda p: p.stat().st_mtime)
    entry.write_text("{not json", encoding="utf-8")
    assert cached_json("table", {"words": ["冰毒"]}, lambda: {"冰毒": ["x"]}) == {"冰毒": ["x"]}


def test_the_pinyin_table_read_back_folds_as_the_one_made(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cached_json("warm", [], dict)  # the folder exists
    build_normaliser()  # makes the entry
    [entry] = folder.glob("pinyin-*.json")
    table: dict[str, list[str]] = json.loads(entry.read_text(encoding="utf-8"))
    assert table["冰毒"] and "bingdu" in table["冰毒"]
    texts = [f"有{form}吗" for forms in table.values() for form in forms]
    read = [n.compact for n in build_normaliser().normalise_many(texts)]
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv("NETPATROL_CACHE_DIR", str(blocked / "cache"))  # made afresh
    made = [n.compact for n in build_normaliser().normalise_many(texts)]
    assert read == made


def test_the_spelling_version_is_read_once_a_process(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = os.path.abspath(pinyin.__file__)
    pinyin.spelling_version.cache_clear()
    opened = _opened(monkeypatch)
    build_normaliser()
    assert opened.count(source) == 1
    build_normaliser()
    assert opened.count(source) == 1
