"""Hashed n-grams, the linear model's arrays and its calibration against scikit-learn."""

from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from netpatrol.detect.base import Item
from netpatrol.detect.classifier import ClassifierDetector, LinearModel
from netpatrol.detect.dataset import Labelled
from netpatrol.detect.features import NgramHasher, TfidfWeights
from netpatrol.detect.normalise import Normaliser
from netpatrol.detect.training import TrainConfig, fit, street_rows
from netpatrol.domain.categories import Category


def test_ngrams_never_span_two_texts_and_count_each_occurrence() -> None:
    hasher = NgramHasher(1, 2, 12)
    together = hasher.counts(["ab", "ba", "aaa"])
    alone = sparse.vstack([hasher.counts([t]) for t in ["ab", "ba", "aaa"]])
    assert (together != alone).nnz == 0
    assert together[2].sum() == 3 + 2  # a a a, aa aa
    assert hasher.counts([""]).nnz == 0


def test_tfidf_rows_have_unit_length() -> None:
    hasher = NgramHasher(1, 2, 12)
    counts = hasher.counts(["冰毒出售", "今天天气不错", "出售"])
    weighted = TfidfWeights.fit(counts).transform(counts)
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    assert np.allclose(norms, 1.0, atol=1e-5)


ROWS = [
    Labelled(str(i), text, category, "t")
    for i, (text, category) in enumerate(
        [(f"高额回报稳赚不赔投资{i}号", "fraud") for i in range(30)]
        + [(f"今天天气很好我们去公园{i}", "normal") for i in range(30)]
        + [(f"百家乐真人荷官在线{i}", "gambling") for i in range(30)]
    )
]


@pytest.fixture(scope="module")
def model() -> LinearModel:
    return fit(ROWS, Normaliser(), TrainConfig(blocks=((1, 2, 12),)), "test")


def test_a_trained_model_predicts_calibrated_probabilities(model: LinearModel) -> None:
    proba = model.predict_proba(["稳赚不赔的投资", "公园天气很好", "真人荷官百家乐"])
    assert np.allclose(proba.sum(axis=1), 1.0, atol=1e-5)
    assert [model.classes[i] for i in proba.argmax(axis=1)] == ["fraud", "normal", "gambling"]
    assert model.predict_proba([]).shape == (0, 3)


def test_a_saved_model_loads_to_the_same_predictions(model: LinearModel, tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    model.save(path)
    again = LinearModel.load(path)
    texts = ["稳赚不赔", "天气", "百家乐"]
    assert np.allclose(model.predict_proba(texts), again.predict_proba(texts), atol=1e-3)
    assert again.card["version"] == "test" and again.card["rows"] == 90


def test_explanations_point_at_the_words_that_decide(model: LinearModel) -> None:
    text = "朋友说这个稳赚不赔"
    [spans] = model.explain([text], [model.classes.index("fraud")])
    assert spans and any("稳" in text[s:e] or "赔" in text[s:e] for s, e in spans)


def test_a_category_fitted_per_source_reads_back_as_one_label() -> None:
    chat = [Labelled(f"c{i}", f"今天天气很好我们去公园{i}", "normal", "chat") for i in range(30)]
    news = [Labelled(f"n{i}", f"本市地铁三号线明日通车{i}", "normal", "news") for i in range(30)]
    sms = [Labelled(f"s{i}", f"您的账户异常请点击链接验证{i}", "fraud", "sms") for i in range(30)]
    rows = [r for r in ROWS if r.category != "normal"] + chat + news + sms
    config = TrainConfig(blocks=((1, 2, 12),), split_by_source=("normal", "fraud"))
    split = fit(rows, Normaliser(), config, "test")
    assert split.classes.count("normal") == 2 and split.labels == ("fraud", "gambling", "normal")
    assert "normal@news" in split.card["classes"]
    texts = ["朋友说这个稳赚不赔", "账户异常请点击链接"]
    columns = split.columns(texts, ["fraud", "fraud"])
    assert [split.card["classes"][k] for k in columns] == ["fraud@t", "fraud@sms"]
    proba = split.predict_proba(["公园天气很好", "地铁明日通车", "稳赚不赔的投资"])
    assert proba.shape == (3, 3) and np.allclose(proba.sum(axis=1), 1.0, atol=1e-5)
    assert [split.labels[i] for i in proba.argmax(axis=1)] == ["normal", "normal", "fraud"]
    detector = ClassifierDetector(split)
    [signals] = detector.detect([Item(Normaliser().normalise("稳赚不赔的投资"))])
    assert {s.category for s in signals} >= {Category.FRAUD, Category.NORMAL}


def test_counts_shared_between_models_never_leak_from_another_batch() -> None:
    first = ["加微信领取补贴", "今天天气不错"]
    second = ["冰糖同城面交", "今天天气不错"]  # same length, one text differs
    bigrams, both = NgramHasher(2, 2, 12), NgramHasher(1, 2, 12)
    a = both.counts(first).toarray()
    b = both.counts(second).toarray()
    assert bigrams.counts(second).toarray().sum() == sum(len(t) - 1 for t in second)
    assert b.sum() == sum(2 * len(t) - 1 for t in second)
    assert (a[1] == b[1]).all() and (a[0] != b[0]).any()
    assert (both.counts(first).toarray() == a).all()


def test_the_shipped_corpus_model_is_what_the_training_config_fits() -> None:
    # the corpus model hashes characters and bigrams into 2^20 buckets: at 2^18 the bigrams
    # collided enough to cost cold and the street set's innocent posts, read out of fold on
    # train
    from netpatrol import data
    from netpatrol.bootstrap import MODEL_FILE

    shipped = LinearModel.load(data.path(MODEL_FILE))
    blocks = [[h.min_n, h.max_n, h.bits] for h, _ in shipped.featurizer.blocks]
    assert blocks == [list(b) for b in TrainConfig().blocks] == [[1, 2, 20]]
    assert shipped.coef.shape[0] == shipped.featurizer.width


def test_the_street_model_sees_lawful_posts_with_latin_words_beside_the_street_set() -> None:
    """Lawful SMS and COLD posts holding a word in Latin letters join the street model's rows
    (all of them, at the street set's size), or it reads any English word as phishing; lawful
    news (CED) and lawful SMS posts in Chinese only stay out."""
    street = [Labelled("s1", "出售冰毒", "drugs", "street")]
    latin = [Labelled(f"m{i}", f"iPhone{i}手机壳到了", "normal", "sms80w") for i in range(200)]
    chinese = [Labelled(f"c{i}", f"今天天气不错{i}", "normal", "sms80w") for i in range(50)]
    news = [Labelled(f"n{i}", f"Twitter上的新闻{i}", "normal", "ced") for i in range(50)]
    rows = street_rows(street, [*latin, *chinese, *news])
    ids = {r.id for r in rows}
    assert "s1" in ids
    assert ids >= {r.id for r in latin}
    assert not ids & {r.id for r in chinese + news}
    assert street_rows(street, [*latin, *chinese, *news]) == rows  # a fixed sample
