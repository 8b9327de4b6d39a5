"""A linear classifier over hashed character n-grams, with calibrated probabilities.

The model is plain arrays (one weight matrix, a bias, one sigmoid per class) saved as a
compressed .npz, so inference needs numpy and scipy only, and loading runs no code.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from itertools import pairwise, repeat
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from netpatrol.detect.base import Item, Signal
from netpatrol.detect.features import NgramHasher, TfidfWeights
from netpatrol.detect.hashed_scores import native_scores
from netpatrol.detect.model_cache import cached_weights
from netpatrol.detect.words import whole_words
from netpatrol.domain.categories import Category

FloatArray = npt.NDArray[np.float32]
EXPLAIN_MIN = 0.5  # below this probability a category gets no evidence spans
SIGNAL_MIN = 0.05  # a violation less likely than this is not worth a signal


@dataclass(frozen=True)
class Featurizer:
    """Stacked tf-idf blocks of hashed n-grams plus a one-hot length bucket."""

    blocks: tuple[tuple[NgramHasher, TfidfWeights], ...]
    length_scale: float = 0.0
    length_buckets: int = 12

    @property
    def width(self) -> int:
        extra = self.length_buckets if self.length_scale else 0
        return sum(h.width for h, _ in self.blocks) + extra

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        parts = [w.transform(h.counts(texts)) for h, w in self.blocks]
        if self.length_scale:
            parts.append(self._lengths(texts))
        if len(parts) == 1 and not self.length_scale:
            return parts[0]  # tf-idf weights are float32 and canonical: stacking would copy
        return sparse.hstack(parts, format="csr", dtype=np.float32)

    def transform_rows(
        self, texts: Sequence[str]
    ) -> tuple[sparse.csr_matrix, npt.NDArray[np.intp] | None]:
        """(the rows of transform(), which text each row is; None when in the texts' order).
        With one block and no lengths the rows come as the counts were sorted: each row's
        values are those of transform(), the work of putting them in order is left out."""
        if len(self.blocks) == 1 and not self.length_scale:
            hasher, weights = self.blocks[0]
            counts, order = hasher.counts_by_width(texts)
            return weights.transform(counts), order
        return self.transform(texts), None

    def _lengths(self, texts: Sequence[str]) -> sparse.csr_matrix:
        lengths = np.fromiter((len(t) for t in texts), dtype=np.float64, count=len(texts))
        bucket = np.minimum(np.log2(lengths + 1).astype(np.int64), self.length_buckets - 1)
        data = np.full(len(texts), self.length_scale, dtype=np.float32)
        rows = np.arange(len(texts))
        return sparse.csr_matrix((data, (rows, bucket)), shape=(len(texts), self.length_buckets))


@dataclass(frozen=True)
class LinearModel:
    # the category of each column; a category fitted as several classes (one per source)
    # has several columns, and its probability is the highest of theirs
    classes: tuple[str, ...]
    featurizer: Featurizer
    coef: FloatArray  # (features, classes)
    intercept: FloatArray  # (classes,)
    cal_a: FloatArray
    cal_b: FloatArray
    card: dict[str, Any]

    def decision(self, texts: Sequence[str]) -> FloatArray:
        native = native_scores(self.featurizer, self.coef, texts)
        if native is not None:
            native += self.intercept
            return native
        return self.numpy_decision(texts)

    def numpy_decision(self, texts: Sequence[str]) -> FloatArray:
        """decision() by numpy and scipy: the features training sees, and the reference the
        C path (`hashed_scores.py`) matches bit for bit."""
        features, order = self.featurizer.transform_rows(texts)
        scores: FloatArray = np.asarray(features @ self.coef, dtype=np.float32) + self.intercept
        if order is None:
            return scores
        # each row was computed on its own: only their places change
        in_order: FloatArray = np.empty_like(scores)
        in_order[order] = scores
        return in_order

    @cached_property
    def labels(self) -> tuple[str, ...]:
        """The categories the model tells apart, once each: the columns of predict_proba."""
        return tuple(dict.fromkeys(self.classes))

    @cached_property
    def _first(self) -> list[int]:
        """The first column of each label, in the order of `labels`."""
        return [self.classes.index(c) for c in self.labels]

    @cached_property
    def _merged(self) -> list[tuple[int, list[int]]]:
        """(label index, its columns) for each label fitted as more than one class."""
        columns: dict[str, list[int]] = {}
        for k, c in enumerate(self.classes):
            columns.setdefault(c, []).append(k)
        return [(j, columns[c]) for j, c in enumerate(self.labels) if len(columns[c]) > 1]

    def columns(self, texts: Sequence[str], labels: Sequence[str]) -> list[int]:
        """For each text, the column of its label: of a label fitted as several classes, the
        class that scores highest on that text."""
        first = dict(zip(self.labels, self._first, strict=True))
        found = [first[label] for label in labels]
        split = {self.labels[j]: columns for j, columns in self._merged}
        several = [i for i, label in enumerate(labels) if label in split]
        if several:
            scores = self.decision([texts[i] for i in several])
            for row, i in enumerate(several):
                columns = split[labels[i]]
                found[i] = columns[int(np.argmax(scores[row, columns]))]
        return found

    def predict_proba(self, texts: Sequence[str]) -> FloatArray:
        """Per-class sigmoid calibration, the highest of a category's classes taken for it,
        normalised to sum to one (as scikit-learn does); one column per label."""
        if not texts:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        scores = self.decision(texts)
        proba = 1.0 / (1.0 + np.exp(self.cal_a * scores + self.cal_b))
        if self._merged:
            merged = proba[:, self._first]
            for j, columns in self._merged:
                merged[:, j] = proba[:, columns].max(axis=1)
            proba = merged
        totals = proba.sum(axis=1, keepdims=True)
        uniform = np.full_like(proba, 1.0 / len(self.labels))
        out: FloatArray = np.where(totals > 0, proba / np.where(totals > 0, totals, 1), uniform)
        return out.astype(np.float32)

    def explain(
        self, texts: Sequence[str], class_indices: Sequence[int], top: int = 3
    ) -> list[list[tuple[int, int]]]:
        """For each text, the spans whose n-grams push hardest towards its class."""
        classes = np.asarray(class_indices, dtype=np.int64)
        rows_, starts_, lengths_, pushes_ = [], [], [], []
        offset = 0
        for hasher, weights in self.featurizer.blocks:
            for n in range(hasher.min_n, hasher.max_n + 1):
                rows, cols = NgramHasher(n, n, hasher.bits).indices(texts)
                # for one n the n-grams of a text come in order: the k-th starts at k
                first = np.searchsorted(rows, np.arange(len(texts)))
                rows_.append(rows)
                starts_.append(np.arange(len(rows)) - first[rows])
                lengths_.append(np.full(len(rows), n))
                pushes_.append(self.coef[offset + cols, classes[rows]] * weights.idf[cols])
            offset += hasher.width
        rows, starts, lengths, pushes = (
            np.concatenate(x) for x in (rows_, starts_, lengths_, pushes_)
        )
        positive = np.flatnonzero(pushes > 0)
        rows, starts, lengths, pushes = (x[positive] for x in (rows, starts, lengths, pushes))
        # one float sort: by text, then strongest push first (|push| is far below 1e6)
        order = np.argsort(rows * 1e6 - pushes, kind="stable")
        bounds = np.searchsorted(rows[order], np.arange(len(texts) + 1)).tolist()
        out: list[list[tuple[int, int]]] = []
        for i in range(len(texts)):
            best = order[bounds[i] : bounds[i + 1]][: top * 4]
            chosen: list[tuple[int, int]] = []
            for s, n in zip(starts[best].tolist(), lengths[best].tolist(), strict=True):
                if len(chosen) == top:
                    break
                if all(s + n <= cs or s >= ce for cs, ce in chosen):
                    chosen.append((s, s + n))
            out.append(chosen)
        return out

    def save(self, path: Path) -> None:
        arrays: dict[str, Any] = {
            "coef": self.coef.astype(np.float16),  # halves the shipped size; no visible loss
            "intercept": self.intercept,
            "cal_a": self.cal_a,
            "cal_b": self.cal_b,
        }
        config = {
            "classes": list(self.classes),
            "blocks": [[h.min_n, h.max_n, h.bits] for h, _ in self.featurizer.blocks],
            "length_scale": self.featurizer.length_scale,
            "length_buckets": self.featurizer.length_buckets,
            "card": self.card,
        }
        for i, (_, weights) in enumerate(self.featurizer.blocks):
            arrays[f"idf_{i}"] = weights.idf
        arrays["config"] = np.array(json.dumps(config, ensure_ascii=False))
        np.savez_compressed(path, **arrays)

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        with np.load(path, allow_pickle=False) as data:
            config = json.loads(str(data["config"]))
            blocks = tuple(
                (NgramHasher(lo, hi, bits), TfidfWeights(data[f"idf_{i}"].astype(np.float32)))
                for i, (lo, hi, bits) in enumerate(config["blocks"])
            )
            featurizer = Featurizer(blocks, config["length_scale"], config["length_buckets"])
            return cls(
                classes=tuple(config["classes"]),
                featurizer=featurizer,
                coef=cached_weights(path, lambda: data["coef"].astype(np.float32)),
                intercept=data["intercept"].astype(np.float32),
                cal_a=data["cal_a"].astype(np.float32),
                cal_b=data["cal_b"].astype(np.float32),
                card=config["card"],
            )


class ClassifierDetector:
    """Runs the linear model over the compact view; one signal per class probability."""

    def __init__(
        self,
        model: LinearModel,
        name: str = "classifier",
        categories: frozenset[Category] | None = None,
        explain_later: bool = False,
    ) -> None:
        """`categories`: the classes this model may speak for (all when None).
        `explain_later`: leave the evidence spans out of `detect`; the engine asks `explain`
        for the posts that become findings only (most posts never need them)."""
        self.explain_later = explain_later
        self._model = model
        self._name = name
        self._categories = [Category(c) for c in model.labels]
        self._violation = np.array([c.is_violation for c in self._categories])
        self._speaks = np.array(
            [categories is None or c in categories for c in self._categories], dtype=bool
        )

    def get_name(self) -> str:
        return self._name

    def get_version(self) -> str:
        return str(self._model.card.get("version", "unversioned"))

    def detect(self, items: Sequence[Item]) -> list[list[Signal]]:
        proba = self._model.predict_proba([item.norm.compact for item in items])
        best = proba.argmax(axis=1) if len(items) else np.zeros(0, dtype=np.int64)
        confident = (
            self._violation[best]
            & self._speaks[best]
            & (proba.max(axis=1, initial=0.0) >= EXPLAIN_MIN)
        )
        worth = (~self._violation | (proba >= SIGNAL_MIN)) & self._speaks
        rows, cols = np.nonzero(worth)  # row by row, each row's classes in order
        name, categories = self._name, self._categories
        # tuple.__new__ makes each Signal in C, as Signal(...) would in Python
        made = list(
            map(
                partial(tuple.__new__, Signal),
                zip(
                    map(categories.__getitem__, cols.tolist()),
                    proba[rows, cols].tolist(),
                    repeat(0),
                    repeat(0),
                    repeat(""),
                    repeat(name),
                    repeat(""),
                ),
            )
        )
        bounds = np.r_[0, np.cumsum(worth.sum(axis=1))].tolist()
        results: list[list[Signal]] = [made[a:b] for a, b in pairwise(bounds)]
        if self.explain_later:
            return results
        chosen = [int(i) for i in np.flatnonzero(confident)]
        spans = self.explain([items[i] for i in chosen], [categories[int(best[i])] for i in chosen])
        for i, found in zip(chosen, spans, strict=True):
            results[i].extend(found)
        return results

    def explain(self, items: Sequence[Item], categories: Sequence[Category]) -> list[list[Signal]]:
        """Evidence spans, in whole words of the original text, of the n-grams that push each
        item hardest towards the category given for it (none for a class the model lacks)."""
        out: list[list[Signal]] = [[] for _ in items]
        known = set(self._categories)
        chosen = [i for i, c in enumerate(categories) if c in known]
        texts = [items[i].norm.compact for i in chosen]
        spans = self._model.explain(
            texts, self._model.columns(texts, [categories[i] for i in chosen])
        )
        for i, found in zip(chosen, spans, strict=True):
            item, category = items[i], categories[i]
            for start, end in found:
                words = whole_words(item.text, *item.norm.to_original(start, end))
                if words is None:
                    continue
                o_start, o_end = words
                out[i].append(
                    Signal(category, 0.0, o_start, o_end, item.text[o_start:o_end], self._name)
                )
        return out
