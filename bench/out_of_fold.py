"""The engine's figures out of fold on the train data, where changes are chosen (the dev
splits are read once per change, to confirm).

    .venv/bin/python bench/out_of_fold.py [--folds 3] [--seed 42] [--json]
        [--train ../shared/data/train] [--policy PATH] [--models PATH] [--dump PATH]

The corpus train split and the street set's train part are cut into `--folds` folds at
random; for each fold the corpus model and the street model are fitted as `netpatrol
train` fits them, without that fold, and the engine (the working tree's rules, lexicons,
discourse data and policy, or `--policy`) is run on the fold with those models. It prints
accuracy and macro-F1 per source and the street part's figures (plain and hand-evaded
illegal posts found, innocent posts flagged and at high or critical), as `netpatrol eval`
does for dev. About 40 s per fold on one core.

Fitting is most of that time, and a change to the rules, lexicons, discourse data or policy
does not change the models: `--models PATH` keeps the fold models in PATH (a pickle, with a
fingerprint of the train data, the training settings, the folds and the seed) and reuses
them while the fingerprint holds, so such a change is judged in about 20 s. `--dump PATH`
writes one JSON line per street post (text, family, evasion, gold and predicted category,
severity, kind of speech, score, and whether the finding rests on the n-grams alone): the
out-of-fold false flags, to read for patterns.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import pickle
from pathlib import Path
from typing import Any

import numpy as np

from netpatrol import data
from netpatrol.bootstrap import build_detection, build_normaliser
from netpatrol.detect import training
from netpatrol.detect.base import TOPIC_DETECTORS
from netpatrol.detect.classifier import LinearModel
from netpatrol.detect.dataset import Labelled, load_labelled
from netpatrol.detect.evaluation import Outcome, report, street_figures
from netpatrol.detect.scoring import Verdict

BATCH = 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--train", type=Path, default=Path("../shared/data/train"))
    parser.add_argument("--policy", type=Path, default=None, help="a policy file to judge by")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--models", type=Path, default=None, help="keep the fold models here")
    parser.add_argument("--dump", type=Path, default=None, help="street verdicts, JSON lines")
    args = parser.parse_args()
    rows = load_labelled(args.train) + load_labelled(data.path("street/train.jsonl"))
    fold = np.random.RandomState(args.seed).randint(0, args.folds, len(rows))
    policy = json.loads(args.policy.read_text(encoding="utf-8")) if args.policy else None
    models = fold_models(rows, fold, args.folds, fingerprint(rows, args), args.models)
    verdicts: dict[int, Verdict] = {}
    for k in range(args.folds):
        held = [i for i, f in enumerate(fold) if f == k]
        engine = build_detection(policy=policy, models=models[k])
        for start in range(0, len(held), BATCH):
            chunk = held[start : start + BATCH]
            for i, verdict in zip(chunk, engine.run([rows[i].text for i in chunk]), strict=True):
                verdicts[i] = verdict
        if not args.json:
            print(f"fold {k}: {len(held)} posts", flush=True)
    out = figures(rows, [verdicts[i] for i in range(len(rows))])
    if args.dump:
        judged = policy or data.load_json("policy.json")
        dump(args.dump, rows, verdicts, float(judged["min_score"]))
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
        return
    for source, scores in out["by_source"].items():
        print(f"{source:8} accuracy {scores['accuracy']:.4f}  macro-F1 {scores['macro_f1']:.4f}")
    s = out["street"]
    print(
        f"street   plain found {s['plain_found']:.4f} (n={s['plain']}), hand-evaded found "
        f"{s['hand_evaded_found']:.4f} (n={s['hand_evaded']}), innocent flagged "
        f"{round(s['innocent_flagged'] * s['innocent'])} of {s['innocent']} "
        f"{s['innocent_flagged_by_category']}, at high or critical "
        f"{s['innocent_high_or_critical']}"
    )


Models = list[tuple[LinearModel, LinearModel]]


def fingerprint(rows: list[Labelled], args: argparse.Namespace) -> str:
    """What the fold models depend on: the rows, the training settings, folds and seed."""
    digest = hashlib.sha256()
    for row in rows:
        digest.update(f"{row.source}\t{row.category}\t{row.text}\n".encode())
    settings = (
        training.TrainConfig(),
        training.STREET_CONFIG,
        training.STREET_AD_SHARE,
        training.STREET_LAWFUL_SHARE,
        training.STREET_LAWFUL_SOURCE,
        training.STREET_LATIN_SHARE,
        args.folds,
        args.seed,
    )
    digest.update(repr(settings).encode())
    return digest.hexdigest()


def fold_models(
    rows: list[Labelled], fold: np.ndarray, folds: int, key: str, path: Path | None
) -> Models:
    """(corpus model, street model) per fold, each fitted without its fold; read from
    `path` when it holds models of the same fingerprint, and written there otherwise."""
    if path is not None and path.is_file():
        with path.open("rb") as f:
            kept_key, models = pickle.load(f)
        if kept_key == key:
            return models  # type: ignore[no-any-return]
    normaliser = build_normaliser()
    models = []
    for k in range(folds):
        kept = [r for r, f in zip(rows, fold, strict=True) if f != k]
        corpus = training.fit(kept, normaliser, training.TrainConfig(), f"fold{k}")
        street = training.fit(
            training.street_rows(
                [r for r in kept if r.source == "street"],
                [r for r in kept if r.source != "street"],
            ),
            normaliser,
            training.STREET_CONFIG,
            f"fold{k}-street",
        )
        models.append((as_shipped(corpus), as_shipped(street)))
    if path is not None:
        with path.open("wb") as f:
            pickle.dump((key, models), f)
    return models


def dump(path: Path, rows: list[Labelled], verdicts: dict[int, Verdict], strong: float) -> None:
    """One JSON line per street post, with its out-of-fold verdict; a finding rests on the
    n-grams alone when no other evidence weighs `strong` (the policy's min_score) or more."""
    with path.open("w", encoding="utf-8") as f:
        for i, row in enumerate(rows):
            if row.source != "street":
                continue
            v = verdicts[i]
            line = {
                "id": row.id,
                "text": row.text,
                "family": row.family,
                "evasion": row.evasion,
                "gold": row.category,
                "predicted": v.category.value,
                "severity": v.severity.value if v.severity else "",
                "context": v.context,
                "score": v.score,
                "ngrams_alone": v.is_finding
                and not any(
                    s.detector not in TOPIC_DETECTORS and s.weight >= strong for s in v.evidence
                ),
            }
            f.write(json.dumps(line, ensure_ascii=False) + "\n")


def as_shipped(model: LinearModel) -> LinearModel:
    """The model as its file holds it: the weights in half precision."""
    coef = model.coef.astype(np.float16).astype(np.float32)
    return dataclasses.replace(model, coef=coef)


def figures(rows: list[Labelled], verdicts: list[Verdict]) -> dict[str, Any]:
    predicted = [v.category.value for v in verdicts]
    out = report([r.category for r in rows], predicted, [r.source for r in rows]).as_dict()
    by_source = {
        k: {"accuracy": v["accuracy"], "macro_f1": v["macro_f1"]}
        for k, v in out["by_source"].items()
    }
    street = [(r, v) for r, v in zip(rows, verdicts, strict=True) if r.source == "street"]
    return {
        "by_source": by_source,
        "street": street_figures(
            [r.category for r, _ in street],
            [r.evasion for r, _ in street],
            [Outcome(v.category.value, v.severity.value if v.severity else "") for _, v in street],
        ),
    }


if __name__ == "__main__":
    main()
