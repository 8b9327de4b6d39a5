"""The classifiers' weights are unpacked once into the cache folder and read from there."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from netpatrol import data
from netpatrol.bootstrap import STREET_MODEL_FILE, build_normaliser
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
