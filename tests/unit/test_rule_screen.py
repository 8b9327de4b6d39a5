"""The batch screen of the intent rules lets go only posts that fire no rule: the detector
with it gives, post for post, what the full per-post path gives."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest

from netpatrol.bootstrap import build_normaliser
from netpatrol.data import load_json
from netpatrol.detect.base import Item
from netpatrol.detect.indicators import extract
from netpatrol.detect.rules import IntentRuleDetector, Rule, _negated, _stands_alone

DOCUMENT = {
    "version": "t1",
    "groups": {
        "drug": ["冰糖", "猪肉"],
        "sell": ["出售", "有货"],
        "cue": ["加我", "私聊"],
        "pet": ["狗粮"],
    },
    "patterns": {"price": "[0-9]{2,4}元", "insult": "你(?:是)?(?:垃圾|废物)"},
    "rules": [
        {"name": "drug.sell", "category": "drugs", "weight": 0.8, "need": ["drug", "sell"]},
        {
            "name": "drug.price",
            "category": "drugs",
            "weight": 0.6,
            "need": ["drug", ["price", "cue"]],
            "some": {"of": ["sell", "$contact", "price"], "at_least": 1},
            "unless": ["pet"],
        },
        {"name": "insult.direct", "category": "insult", "weight": 0.7, "need": ["insult"]},
    ],
}


def _items(texts: list[str]) -> list[Item]:
    norms = build_normaliser().normalise_many(texts)
    return [Item(n, extract(n.folded)) for n in norms]


def _full_path(detector: IntentRuleDetector, items: list[Item]) -> list[list[object]]:
    found = detector._matcher.find([i.norm.compact for i in items])
    return [
        detector._signals(item, matches, detector.builtins(item))
        for item, matches in zip(items, found, strict=True)
    ]


def test_the_screen_keeps_each_kind_of_firing_post() -> None:
    detector = IntentRuleDetector(DOCUMENT, build_normaliser())
    texts = [
        "冰糖 出售",  # words alone
        "猪肉 50元",  # a pattern meets the second requirement, the price a `some`
        "猪肉 私聊 13912345678",  # a contact from an indicator
        "你是垃圾",  # a rule that only a pattern carries
        "冰糖 狗粮 私聊 50元",  # `unless`: let go
        "猪肉 不收 50元 有货",  # a denied cue still leaves another rule's words
        "今天天气不错",
        "",
    ]
    items = _items(texts)
    index, owner, _, _ = detector._matcher.find_arrays([i.norm.compact for i in items])
    builtins = [detector.builtins(i) for i in items]
    kept = detector._screen.keep(
        [i.norm.compact for i in items], index, owner, builtins, detector._search
    )
    assert kept.tolist() == [True, True, True, True, False, True, False, False]
    found = detector.detect(items)
    assert [bool(s) for s in found] == [True, True, True, True, False, True, False, False]
    assert found == _full_path(detector, items)


def test_a_rule_that_needs_no_words_keeps_every_post() -> None:
    document = dict(DOCUMENT)
    document["rules"] = [
        {
            "name": "any.two",
            "category": "drugs",
            "weight": 0.5,
            "need": [],
            "some": {"of": ["price", "insult"], "at_least": 1},
        }
    ]
    detector = IntentRuleDetector(document, build_normaliser())
    keep = detector._screen.keep(
        ["a", "b"], np.zeros(0, np.int64), np.zeros(0, np.int64), [{}, {}], detector._search
    )
    assert keep.tolist() == [True, True]


def _mixed(
    rules: dict[str, Any], filler: list[str], seed: int, share: float, longest: int, count: int
) -> list[str]:
    """`count` texts of up to `longest` pieces, each a word of the rules' groups with the
    chance `share`, else a piece of filler."""
    words = [w for ws in rules["groups"].values() for w in ws]
    rng = random.Random(seed)
    return [
        "".join(
            rng.choice(words if rng.random() < share else filler)
            for _ in range(rng.randint(0, longest))
        )
        for _ in range(count)
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_shipped_rules_give_what_the_full_path_gives(seed: int) -> None:
    rules = load_json("rules/v1/intent.json")
    normaliser = build_normaliser()
    detector = IntentRuleDetector(rules, normaliser)
    filler = [*"的了是我你他在有这个们不一好吃天", "，", " ", "5元", "3克", "qq12345678"]
    items = _items(_mixed(rules, filler, seed, share=0.3, longest=12, count=400))
    found = detector.detect(items)
    assert found == _full_path(detector, items)
    assert sum(1 for s in found if s) > 20


@pytest.mark.parametrize("seed", [4, 5])
def test_the_batch_word_checks_equal_the_per_match_checks(seed: int) -> None:
    rules = load_json("rules/v1/intent.json")
    detector = IntentRuleDetector(rules, build_normaliser())
    filler = [
        *"不无免没零非收需要会ab1 ",
        "不收",
        "无需",
        "不需要",
        "任何",
        "一切",
        "x9",
        "\U0001d431",
    ]
    compacts = _mixed(rules, filler, seed, share=0.4, longest=9, count=300)
    word, owner, start, end = detector._matcher.find_arrays(compacts)
    counting = detector._counting(compacts, word, owner, start, end)
    expected = [
        not (detector._ascii[w] and not _stands_alone(compacts[o], s, e))
        and not _negated(compacts[o], s)
        for w, o, s, e in zip(
            word.tolist(), owner.tolist(), start.tolist(), end.tolist(), strict=True
        )
    ]
    assert counting.tolist() == expected
    assert 0 < sum(expected) < len(expected)


def _fires(rule: Rule, present: set[str]) -> list[str] | None:
    if any(g in present for g in rule.unless):
        return None
    used: list[str] = []
    for options in rule.need:
        hit = next((g for g in options if g in present), None)
        if hit is None:
            return None
        used.append(hit)
    if rule.at_least:
        extra = [g for g in rule.some if g in present]
        if len(extra) < rule.at_least:
            return None
        used += extra
    return used


def test_a_rule_fires_on_the_groups_the_plain_definition_names() -> None:
    detector = IntentRuleDetector(load_json("rules/v1/intent.json"), build_normaliser())
    groups = sorted({g for r in detector.rules for o in (*r.need, r.some, r.unless) for g in o})
    rng = random.Random(6)
    for _ in range(3000):
        present = set(rng.sample(groups, rng.randint(0, 12)))
        rule = rng.choice(detector.rules)
        assert rule.fires(dict.fromkeys(present, (0, 1))) == _fires(rule, present)
