"""train, eval and bench on small labelled files: the commands behind the README's figures."""

from __future__ import annotations

import json
import random
from pathlib import Path

from typer.testing import CliRunner

from netpatrol.cli import app
from tests.factories import write_jsonl

ORDINARY = ["今天天气很好，我们去公园散步", "新开的面馆牛肉面很好吃", "考研加油，还有三十天"]
ILLEGAL = [
    ("冰毒出售，同城送货，价格私聊", "drugs"),
    ("网上赌场百家乐稳赚不赔，注册送彩金", "gambling"),
]


def labelled(path: Path, n: int, seed: int) -> Path:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        if i % 3:
            text, category = f"{rng.choice(ORDINARY)}{i}", "normal"
        else:
            text, category = rng.choice(ILLEGAL)
            text = f"{text}{i}"
        rows.append({"id": str(i), "text": text, "category": category, "source": f"s{i % 2}"})
    return write_jsonl(path, rows)


def test_eval_prints_per_category_and_per_source_figures(tmp_path: Path) -> None:
    path = labelled(tmp_path / "dev.jsonl", 60, 1)
    result = CliRunner().invoke(app, ["eval", str(path), "--json", "--evasions"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout.splitlines()[-1])
    assert set(out["by_source"]) == {"s0", "s1"}
    pooled = out["pooled"]
    assert set(pooled["per_category"]) == {"normal", "drugs", "gambling"}
    assert pooled["accuracy"] > 0.9
    assert {"precision", "recall", "f1", "support"} <= set(pooled["per_category"]["drugs"])
    assert out["evasion"]["positives"] == 20
    table = CliRunner().invoke(app, ["eval", str(path)])
    assert "macro-F1" in table.output and "confusion" in table.output


def test_eval_reports_street_posts_apart_with_innocents_flagged(tmp_path: Path) -> None:
    rows = [
        {
            "id": "1",
            "text": "冰毒出售，一克三百，同城面交，懂的来",
            "category": "drugs",
            "source": "street",
        },
        {
            "id": "2",
            "text": "b!ng毒 一克三百 同城面交 懂的来",
            "category": "drugs",
            "source": "street",
            "evasion": "pinyin",
        },
        {
            "id": "3",
            "text": "冰糖雪梨做法：冰糖二十克，小火炖半小时",
            "category": "normal",
            "source": "street",
        },
        {
            "id": "4",
            "text": "今天天气很好，我们去公园散步",
            "category": "normal",
            "source": "street",
        },
    ]
    path = write_jsonl(tmp_path / "street.jsonl", rows)
    result = CliRunner().invoke(app, ["eval", str(path), "--json", "--evasions"])
    assert result.exit_code == 0, result.output
    street = json.loads(result.stdout.splitlines()[-1])["street"]
    assert street["plain"] == 1 and street["hand_evaded"] == 1 and street["innocent"] == 2
    assert street["plain_found"] == 1.0 and street["innocent_flagged"] == 0.0
    assert street["innocent_high_or_critical"] == 0
    table = CliRunner().invoke(app, ["eval", str(path)])
    assert "innocent flagged" in table.output


def test_eval_without_a_path_reports_the_corpus_and_the_street_set_apart() -> None:
    result = CliRunner().invoke(app, ["eval", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout.splitlines()[-1])
    assert set(out) <= {"corpus", "street"} and "street" in out
    assert out["street"]["street"]["plain"] > 100 and out["street"]["street"]["innocent"] > 100
    assert "street" not in out.get("corpus", {}).get("by_source", {})


def test_eval_refuses_a_malformed_file(tmp_path: Path) -> None:
    bad = write_jsonl(tmp_path / "bad.jsonl", ['{"id": "1", "text": "x", "category": "politics"}'])
    result = CliRunner().invoke(app, ["eval", str(bad)])
    assert result.exit_code == 2 and "bad.jsonl:1" in result.output


def test_train_writes_a_model_and_its_card(tmp_path: Path) -> None:
    train = labelled(tmp_path / "train.jsonl", 90, 2)
    dev = labelled(tmp_path / "dev.jsonl", 30, 3)
    out = tmp_path / "model" / "m.npz"
    args = ["train", "--train", str(train), "--dev", str(dev), "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    card = (out.parent / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert out.is_file() and "| s0 |" in card and "accuracy" in card


def test_bench_reports_both_rates_and_their_ratio(tmp_path: Path) -> None:
    path = labelled(tmp_path / "dev.jsonl", 60, 4)
    result = CliRunner().invoke(app, ["bench", "--data", str(path), "--posts", "1000", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout.splitlines()[-1])
    assert out["posts"] == 1000
    assert out["engine_posts_per_s"] > 0 and out["bare_scan_posts_per_s"] > 0
    assert abs(out["ratio"] - out["engine_posts_per_s"] / out["bare_scan_posts_per_s"]) < 0.01


def test_train_refits_the_street_model_alone(tmp_path: Path) -> None:
    train = labelled(tmp_path / "train.jsonl", 90, 5)
    out = tmp_path / "model" / "m.npz"
    args = ["train", "--train", str(train), "--out", str(out), "--no-corpus"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert not out.exists() and not (out.parent / "MODEL_CARD.md").exists()
    card = (out.parent / "STREET_MODEL_CARD.md").read_text(encoding="utf-8")
    assert (out.parent / "street_classifier.npz").is_file() and "| street |" in card


def test_train_refuses_to_fit_nothing(tmp_path: Path) -> None:
    train = labelled(tmp_path / "train.jsonl", 30, 6)
    result = CliRunner().invoke(app, ["train", "--train", str(train), "--no-corpus", "--no-street"])
    assert result.exit_code == 2 and "no model to fit" in result.output
