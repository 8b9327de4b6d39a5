"""The classifiers' scores in C are, bit for bit, the numpy path's (which training uses)."""

import json
import random

import numpy as np
import pytest

from netpatrol import data
from netpatrol.bootstrap import MODEL_FILE, STREET_MODEL_FILE
from netpatrol.detect import hashed_scores
from netpatrol.detect._hashed_scores import scores
from netpatrol.detect.classifier import LinearModel
from netpatrol.detect.normalise import Normaliser


@pytest.fixture(scope="module", params=[MODEL_FILE, STREET_MODEL_FILE])
def model(request: pytest.FixtureRequest) -> LinearModel:
    return LinearModel.load(data.path(request.param))


def _street_texts() -> list[str]:
    path = data.path("street/dev.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [n.compact for n in Normaliser().normalise_many([r["text"] for r in rows])]


def test_the_extension_is_built_where_the_tests_run() -> None:
    assert hashed_scores.available()


def test_street_posts_score_exactly_as_the_numpy_path(model: LinearModel) -> None:
    texts = _street_texts()
    for start in range(0, len(texts), 500):
        batch = texts[start : start + 500]
        assert np.array_equal(model.decision(batch), model.numpy_decision(batch))


def test_long_repetitive_and_odd_texts_score_exactly_as_the_numpy_path(
    model: LinearModel,
) -> None:
    rng = random.Random(3)
    texts = [
        "",
        "冰",
        "哈" * 5000,  # one column counted 5,000 times, a row of a few runs
        "ab" * 3000,
        "".join(chr(rng.randrange(0x4E00, 0x9FFF)) for _ in range(4000)),  # > 128 runs
        "😀𠀀\U0010ffff",
        *("".join(rng.choice("出售冰毒加v信ab1 ，。") for _ in range(n)) for n in range(0, 300, 7)),
    ]
    assert np.array_equal(model.decision(texts), model.numpy_decision(texts))
    assert model.decision([]).shape == (0, len(model.classes))


def test_a_text_holding_the_separator_is_refused_and_the_compact_view_never_holds_it(
    model: LinearModel,
) -> None:
    with pytest.raises(ValueError, match="NUL"):
        model.decision(["加微信\x00领取补贴", "你好"])
    assert "\x00" not in Normaliser().normalise("加微信\x00领取补贴").compact


def test_buffers_that_do_not_fit_are_refused() -> None:
    idf = np.ones(16, dtype=np.float32)
    coef = np.zeros((16, 2), dtype=np.float32)
    logs = np.zeros(8, dtype=np.float32)
    out = np.zeros((1, 2), dtype=np.float32)
    codes = "ab\x00".encode("utf-32-le")
    scores(codes, 1, 2, 4, idf, coef, 2, logs, out)  # fits
    with pytest.raises(ValueError, match="2\\*\\*bits"):
        scores(codes, 1, 2, 5, idf, coef, 2, logs, out)
    with pytest.raises(ValueError, match="fewer rows"):
        scores("a\x00b\x00".encode("utf-32-le"), 1, 2, 4, idf, coef, 2, logs, out)
    with pytest.raises(ValueError, match="end with 0"):
        scores("ab".encode("utf-32-le"), 1, 2, 4, idf, coef, 2, logs, out)
    with pytest.raises(ValueError, match="out of range"):
        scores(codes, 0, 2, 4, idf, coef, 2, logs, out)
    with pytest.raises(BufferError):
        scores(codes, 1, 2, 4, idf, coef, 2, logs, b"read-only")
