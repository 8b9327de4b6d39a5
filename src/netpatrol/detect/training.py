"""Fitting the classifier: reproducible from ../shared/data/train, written as plain arrays."""

from __future__ import annotations

import platform
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
import sklearn
from scipy import sparse
from sklearn.calibration import CalibratedClassifierCV
from sklearn.svm import LinearSVC

from netpatrol.detect.classifier import Featurizer, LinearModel
from netpatrol.detect.dataset import Labelled
from netpatrol.detect.features import NgramHasher, TfidfWeights
from netpatrol.detect.normalise import Normaliser

Progress = Callable[[str], None]
SUBCLASS = "@"  # between a category and the source of a class fitted per source


@dataclass(frozen=True)
class TrainConfig:
    # characters and character bigrams in 2^20 buckets (at 2^18 the corpus's bigrams
    # collide). Single characters cost little, since the street model counts them too; with
    # bigrams alone (normal fitted per source), out of fold on train gave cold -0.6
    # points, fbs macro-F1 -0.8 and 8 more of 1,640 innocent street posts flagged
    blocks: tuple[tuple[int, int, int], ...] = ((1, 2, 20),)
    c: float = 1.0
    class_weight: str | None = "balanced"
    length_scale: float = 0.0
    # CED is the smallest source and the only one with rumours, and the street set the only
    # one written as offenders and ordinary users post: weigh their rows up (CED at 6 rather
    # than 3: out of fold on train, the classifier alone, CED +0.8 points, the rest within
    # 0.1; at 9 rather than 6 once the street set had grown to 6,593 rows: the engine out of
    # fold, CED +0.3 points, the rest within 0.1)
    source_weights: dict[str, float] = field(default_factory=lambda: {"ced": 9.0, "street": 3.0})
    calibration_folds: int = 3
    seed: int = 0
    # categories fitted as one class per source and read back as the category: lawful chat,
    # news posts and SMS fragments are not one linear region, nor are SMS and street
    # adverts, and as one class the news that CED's rumours must be told from weighs little
    # against the chat. With the two settings above, against bigrams alone, CED at 3 and one
    # class each, out of fold on train (the engine's figures): CED accuracy +1.6 points,
    # cold +0.7, fbs macro-F1 +1.5, street plain and hand-evaded illegal posts found +1.0
    # and +0.7, innocent ones flagged 6 more of 1,640. Insult fitted per source too read
    # a little better out of fold, but its highest class then outweighs the rumour in a
    # hoax that rails at its villains
    split_by_source: tuple[str, ...] = ("normal", "ad")


# The street model: trained on the street set, so that how offenders and ordinary users write
# (and the innocent posts that use the same words) is not drowned by the corpus; words as
# well as bigrams, since street posts are short. A share of the corpus's commercial spam
# joins as negatives, or every SMS advert reads as a scam to it; so does a share of the
# offensive-speech corpus's lawful posts (COLD's `normal`: talk about regions, sexes and
# groups that insults nobody), or it learns that a group's name is an insult. The
# corpus's other normal rows stay out: their news would teach it topic again, except a
# share of the lawful SMS and COLD posts that hold a word in Latin letters (a brand, a song,
# a phone model): the street set's Latin words are mostly phishing domains, and without
# these the model read any English word as phishing. The shares grew with the street set:
# 0.3, 0.3 and 0.5 at 11,702 street rows, all of each at 61,000 (at the old shares the
# corpus's adverts weighed a fifth as much as before, and more SMS adverts read as scams:
# fbs macro-F1 0.9488 against 0.9501).
STREET_CONFIG = TrainConfig(blocks=((1, 2, 18),), source_weights={}, split_by_source=())
STREET_AD_SHARE = 1.0
STREET_LAWFUL_SHARE = 1.0
STREET_LAWFUL_SOURCE = "cold"
STREET_LATIN_SHARE = 1.0
STREET_LATIN_SOURCES = ("sms80w", "cold")
_LATIN_WORD = re.compile(r"[A-Za-z]{4,}")


def street_rows(
    street: Sequence[Labelled], corpus: Sequence[Labelled], seed: int = 0
) -> list[Labelled]:
    """The street set plus fixed samples of the corpus's adverts and lawful COLD posts."""
    rng = np.random.RandomState(seed)
    ads = [r for r in corpus if r.category == "ad"]
    keep = rng.random_sample(len(ads)) < STREET_AD_SHARE
    lawful = [r for r in corpus if r.source == STREET_LAWFUL_SOURCE and r.category == "normal"]
    keep_lawful = rng.random_sample(len(lawful)) < STREET_LAWFUL_SHARE
    chosen = {id(r) for r, k in zip(lawful, keep_lawful, strict=True) if k}
    latin = [
        r
        for r in corpus
        if r.source in STREET_LATIN_SOURCES
        and r.category == "normal"
        and id(r) not in chosen
        and _LATIN_WORD.search(r.text)
    ]
    keep_latin = rng.random_sample(len(latin)) < STREET_LATIN_SHARE
    return [
        *street,
        *(r for r, k in zip(ads, keep, strict=True) if k),
        *(r for r, k in zip(lawful, keep_lawful, strict=True) if k),
        *(r for r, k in zip(latin, keep_latin, strict=True) if k),
    ]


def fit(
    rows: Sequence[Labelled],
    normaliser: Normaliser,
    config: TrainConfig,
    version: str,
    progress: Progress = lambda _: None,
) -> LinearModel:
    # Calibration folds are cut in order: shuffle first, or each fold holds other sources
    # than the rest and the sigmoids learn the wrong thing.
    rows = [rows[i] for i in np.random.RandomState(config.seed).permutation(len(rows))]
    progress("normalising")
    texts = [n.compact for n in normaliser.normalise_many([r.text for r in rows])]
    labels = [
        f"{r.category}{SUBCLASS}{r.source}" if r.category in config.split_by_source else r.category
        for r in rows
    ]
    progress("hashing features")
    blocks = []
    for lo, hi, bits in config.blocks:
        hasher = NgramHasher(lo, hi, bits)
        blocks.append((hasher, TfidfWeights.fit(hasher.counts(texts))))
    featurizer = Featurizer(tuple(blocks), config.length_scale)
    features = featurizer.transform(texts)
    weights = np.array([config.source_weights.get(r.source, 1.0) for r in rows])
    progress("fitting and calibrating")
    base = LinearSVC(C=config.c, class_weight=config.class_weight, random_state=config.seed)
    calibrated = CalibratedClassifierCV(
        base, method="sigmoid", cv=config.calibration_folds, ensemble=False
    )
    calibrated.fit(sparse.csr_matrix(features), labels, sample_weight=weights)
    fitted = calibrated.calibrated_classifiers_[0]
    estimator: Any = fitted.estimator
    fitted_classes = [str(c) for c in calibrated.classes_]
    classes = [c.split(SUBCLASS)[0] for c in fitted_classes]
    return LinearModel(
        classes=tuple(classes),
        featurizer=featurizer,
        coef=np.ascontiguousarray(estimator.coef_.T, dtype=np.float32),
        intercept=estimator.intercept_.astype(np.float32),
        cal_a=np.array([c.a_ for c in fitted.calibrators], dtype=np.float32),
        cal_b=np.array([c.b_ for c in fitted.calibrators], dtype=np.float32),
        card=_card(rows, config, version, fitted_classes),
    )


def _card(
    rows: Sequence[Labelled], config: TrainConfig, version: str, classes: list[str]
) -> dict[str, Any]:
    return {
        "version": version,
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "classes": classes,
        "rows": len(rows),
        "rows_by_source": dict(sorted(Counter(r.source for r in rows).items())),
        "rows_by_category": dict(sorted(Counter(r.category for r in rows).items())),
        "config": asdict(config),
        "software": {
            "python": platform.python_version(),
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
        },
    }
