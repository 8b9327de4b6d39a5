"""Detection quality and speed: train, eval, bench."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from netpatrol import data

if TYPE_CHECKING:
    from netpatrol.detect.dataset import Labelled
    from netpatrol.detect.evaluation import Report, Scores
    from netpatrol.detect.normalise import Normaliser
    from netpatrol.detect.pipeline import Engine
    from netpatrol.detect.scoring import Verdict

from netpatrol.cli.common import app, err, fail

DATA = Path("../shared/data")
STREET_DEV = "street/dev.jsonl"  # the street set's part that nothing is trained or tuned on
STREET_TRAIN = "street/train.jsonl"


def _progress(label: str) -> Progress:
    return Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
    )


def _load(path: Path) -> list[Labelled]:
    from netpatrol.detect.dataset import DatasetError, load_labelled

    try:
        return load_labelled(path)
    except DatasetError as exc:
        raise fail(str(exc), 2) from None


def predict_verdicts(
    engine: Engine, texts: list[str], label: str, batch_size: int = 1000
) -> list[Verdict]:

    verdicts: list[Verdict] = []
    with _progress(label) as progress:
        task = progress.add_task(label, total=len(texts))
        for i in range(0, len(texts), batch_size):
            verdicts += engine.run(texts[i : i + batch_size])
            progress.update(task, completed=len(verdicts))
    return verdicts


def predict(engine: Engine, texts: list[str], label: str) -> list[str]:
    return [v.category.value for v in predict_verdicts(engine, texts, label)]


@app.command()
def train(
    train_path: Annotated[Path, typer.Option("--train", help="labelled JSON Lines")] = DATA
    / "train",
    dev_path: Annotated[Path, typer.Option("--dev", help="labelled rows for the card")] = DATA
    / "dev",
    out: Annotated[Path | None, typer.Option(help="model file; default: the shipped one")] = None,
    version: Annotated[str, typer.Option(help="the model's version")] = "2026.11.30",
    street: Annotated[
        bool, typer.Option(help="also fit on the shipped street set's train part")
    ] = True,
    corpus: Annotated[
        bool, typer.Option(help="fit the corpus model (--no-corpus: the street model alone)")
    ] = True,
) -> None:
    """Fit the classifier on ../shared/data/train and the street set's train part, and the
    street model; write each with its card (--no-corpus: the street model alone, the corpus
    model left as it is; --no-street: the corpus model alone, on the corpus only)."""
    from netpatrol.bootstrap import MODEL_FILE, STREET_MODEL_FILE, build_normaliser

    if not corpus and not street:
        raise fail("--no-corpus with --no-street leaves no model to fit", 2)
    rows = _load(train_path)
    target = out or data.path(MODEL_FILE)
    normaliser = build_normaliser()
    if corpus:
        street_rows = _load(data.path(STREET_TRAIN)) if street else []
        _train_corpus(normaliser, version, target, rows + street_rows, dev_path)
    if street:
        path = target.with_name(Path(STREET_MODEL_FILE).name)
        _train_street(normaliser, version, path, rows)


def _train_corpus(
    normaliser: Normaliser, version: str, target: Path, rows: list[Labelled], dev_path: Path
) -> None:
    from netpatrol.detect import model_card, training
    from netpatrol.detect.evaluation import report

    with err.status("training") as status:
        model = training.fit(
            rows,
            normaliser,
            training.TrainConfig(),
            version,
            progress=lambda step: status.update(f"training: {step}"),
        )
    dev = None
    if dev_path.exists():
        dev_rows = _load(dev_path)
        texts = [n.compact for n in normaliser.normalise_many([r.text for r in dev_rows])]
        proba = model.predict_proba(texts)
        predicted = [model.labels[i] for i in proba.argmax(axis=1)]
        dev = report(
            [r.category for r in dev_rows], predicted, [r.source for r in dev_rows]
        ).as_dict()
        model.card["dev"] = {k: v for k, v in dev.items()}
    target.parent.mkdir(parents=True, exist_ok=True)
    model.save(target)
    target.with_name("MODEL_CARD.md").write_text(
        model_card.render(model.card, dev), encoding="utf-8"
    )
    typer.echo(f"trained on {len(rows)} rows ({', '.join(model.labels)}); wrote {target}")


def _train_street(
    normaliser: Normaliser, version: str, target: Path, corpus: list[Labelled]
) -> None:
    from netpatrol.detect import model_card, training
    from netpatrol.detect.evaluation import report

    rows = training.street_rows(_load(data.path(STREET_TRAIN)), corpus)
    with err.status("training the street model"):
        model = training.fit(rows, normaliser, training.STREET_CONFIG, f"{version}-street")
    dev_rows = _load(data.path(STREET_DEV))
    texts = [n.compact for n in normaliser.normalise_many([r.text for r in dev_rows])]
    predicted = [model.labels[i] for i in model.predict_proba(texts).argmax(axis=1)]
    dev = report([r.category for r in dev_rows], predicted, [r.source for r in dev_rows])
    model.card["dev"] = dev.as_dict()
    target.parent.mkdir(parents=True, exist_ok=True)
    model.save(target)
    target.with_name("STREET_MODEL_CARD.md").write_text(
        model_card.render(
            model.card,
            dev.as_dict(),
            "netpatrol street classifier",
            "`netpatrol train`, or `netpatrol train --no-corpus` for this model alone",
        ),
        encoding="utf-8",
    )
    typer.echo(f"street model: trained on {len(rows)} rows; wrote {target}")


@app.command("eval")
def evaluate(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="labelled JSON Lines, a file or a folder; default: the corpus dev split "
            "(../shared/data/dev) and the shipped street set's dev part, reported apart"
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
    evasions: Annotated[bool, typer.Option(help="also measure recall on evaded positives")] = False,
) -> None:
    """Per-category precision, recall and F1, macro-F1 and confusion, per source and pooled;
    for street posts also recall on plain and evaded illegal posts and innocent posts flagged."""
    from netpatrol.bootstrap import build_detection

    engine = build_detection()
    if path is not None:
        out = _evaluate(engine, _load(path), evasions)
        if as_json:
            typer.echo(json.dumps(out, ensure_ascii=False))
        else:
            _print_all(out)
        return
    parts: dict[str, Any] = {}
    if (DATA / "dev").exists():
        parts["corpus"] = _evaluate(engine, _load(DATA / "dev"), evasions)
    parts["street"] = _evaluate(engine, _load(data.path(STREET_DEV)), evasions)
    if as_json:
        typer.echo(json.dumps(parts, ensure_ascii=False))
        return
    for name, out in parts.items():
        Console().rule(f"[bold]{name}")
        _print_all(out)


def _evaluate(engine: Engine, rows: list[Labelled], evasions: bool) -> dict[str, Any]:
    from netpatrol.detect.evaluation import Outcome, report, street_figures

    verdicts = predict_verdicts(engine, [r.text for r in rows], "eval")
    predicted = [v.category.value for v in verdicts]
    out: dict[str, Any] = report(
        [r.category for r in rows], predicted, [r.source for r in rows]
    ).as_dict()
    street = [(r, v) for r, v in zip(rows, verdicts, strict=True) if r.source == "street"]
    if street:
        out["street"] = street_figures(
            [r.category for r, _ in street],
            [r.evasion for r, _ in street],
            [Outcome(v.category.value, v.severity.value if v.severity else "") for _, v in street],
        )
    if evasions:
        out["evasion"] = _robustness(engine, rows, predicted)
    return out


def _robustness(engine: Engine, rows: list[Labelled], predicted: list[str]) -> dict[str, Any]:
    """Recall on plain illegal posts before and after generated evasions, overall and by
    evasion class (hand-written evasions are left out: they are evaded already)."""
    from netpatrol.detect.evasion import evade_all, evade_by_class

    positives = [
        (r, p)
        for r, p in zip(rows, predicted, strict=True)
        if r.category not in ("normal", "ad") and not r.evasion
    ]
    shipped = data.load_json("lexicon/v1/variants.json")
    tables = {
        "stand_ins": shipped.get("stand_ins", {}),
        "splits": shipped.get("splits", {}),
        "variant_chars": shipped.get("variant_chars", {}),
    }
    texts = [r.text for r, _ in positives]
    gold = [r.category for r, _ in positives]
    before = _recall(gold, [p for _, p in positives])
    after = _recall(
        gold, predict(engine, evade_all(texts, shipped["variants"], **tables), "evasions")
    )
    by_class = {
        name: round(before - _recall(gold, predict(engine, one_class, name)), 4)
        for name, one_class in evade_by_class(texts, shipped["variants"], **tables).items()
    }
    return {
        "positives": len(gold),
        "recall_original": before,
        "recall_evaded": after,
        "drop_points": round(100 * (before - after), 2),
        "drop_by_class": by_class,
    }


def _recall(gold: list[str], predicted: list[str]) -> float:
    hits = sum(g == p for g, p in zip(gold, predicted, strict=True))
    return round(hits / max(len(gold), 1), 4)


def _print_all(out: dict[str, Any]) -> None:
    from netpatrol.detect.evaluation import Report

    result = Report(_scores(out["pooled"]), {k: _scores(v) for k, v in out["by_source"].items()})
    _print_report(result)
    if "street" in out:
        _print_street(out["street"])
    if "evasion" in out:
        _print_robustness(out["evasion"])


def _scores(raw: dict[str, Any]) -> Scores:
    from netpatrol.detect.evaluation import Scores

    return Scores(raw["accuracy"], raw["macro_f1"], raw["per_category"], raw["confusion"])


def _print_street(figures: dict[str, Any]) -> None:
    console = Console()
    console.print(
        f"street: plain illegal found {figures['plain_found']:.3f} "
        f"(right category {figures['plain_right_category']:.3f}, n={figures['plain']}); "
        f"hand-evaded found {figures['hand_evaded_found']:.3f} (n={figures['hand_evaded']}); "
        f"innocent flagged {figures['innocent_flagged']:.3f} (n={figures['innocent']}), "
        f"{figures['innocent_high_or_critical']} at high or critical"
    )
    table = Table(title="street: illegal posts by category")
    for column in ("category", "found", "right category", "support"):
        table.add_column(column, justify="right" if column != "category" else "left")
    for category, s in figures["per_category"].items():
        table.add_row(
            category, f"{s['found']:.3f}", f"{s['right_category']:.3f}", str(int(s["support"]))
        )
    console.print(table)


def _table(title: str, scores: Scores) -> Table:
    table = Table(title=f"{title}: accuracy {scores.accuracy:.3f}, macro-F1 {scores.macro_f1:.3f}")
    for column in ("category", "precision", "recall", "F1", "support"):
        table.add_column(column, justify="right" if column != "category" else "left")
    for category, s in scores.per_category.items():
        table.add_row(
            category,
            f"{s['precision']:.3f}",
            f"{s['recall']:.3f}",
            f"{s['f1']:.3f}",
            str(int(s["support"])),
        )
    return table


def _print_report(result: Report) -> None:
    console = Console()
    console.print(_table("pooled", result.pooled))
    labels = sorted(
        {p for row in result.pooled.confusion.values() for p in row} | set(result.pooled.confusion)
    )
    matrix = Table(title="confusion (rows: gold, columns: predicted)")
    matrix.add_column("gold")
    for label in labels:
        matrix.add_column(label[:8], justify="right")
    for gold in labels:
        row = result.pooled.confusion.get(gold, {})
        matrix.add_row(gold, *(str(row.get(p, "")) for p in labels))
    console.print(matrix)
    for source, scores in sorted(result.by_source.items()):
        console.print(_table(source, scores))


def _print_robustness(figures: object) -> None:
    typer.echo(f"evasion robustness: {json.dumps(figures)}")


@app.command()
def bench(
    data_path: Annotated[
        Path, typer.Option("--data", help="labelled rows to build posts from")
    ] = DATA / "dev",
    posts: Annotated[int, typer.Option(min=1000)] = 100_000,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Posts per second on one core: the whole engine and a bare lexicon scan, and the ratio."""
    from netpatrol.bootstrap import build_detection
    from netpatrol.detect.benchmark import realistic_posts, run_bench

    corpus = realistic_posts(_load(data_path), posts, illegal_share=0.02)
    engine = build_detection()
    with _progress("bench") as progress:
        task = progress.add_task("bench", total=len(corpus))
        result = run_bench(engine, corpus, progress=lambda n: progress.update(task, completed=n))
    if as_json:
        typer.echo(json.dumps(result.as_dict()))
    else:
        typer.echo(
            f"{result.posts} posts: engine {result.engine_posts_per_s:,.0f} posts/s, "
            f"bare ahocorasick_rs scan {result.bare_scan_posts_per_s:,.0f} posts/s, "
            f"ratio {result.ratio:.3f}"
        )
