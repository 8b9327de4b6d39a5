"""The one-pass tally behind judge() gives what the plain definitions give: noisy-OR of each
detector's strongest piece of evidence per violation category, and the highest rounded
classifier weight of `normal` and `ad`."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from netpatrol.bootstrap import load_policy
from netpatrol.detect.base import TOPIC_DETECTORS, Signal
from netpatrol.detect.scoring import SeverityPolicy, _tally, _top, combine, judge
from netpatrol.domain.categories import BENIGN, Category, Severity


def _combine(signals: list[Signal]) -> dict[Category, float]:
    seen: dict[Category, dict[tuple[str, str], float]] = defaultdict(dict)
    for s in signals:
        if s.category in BENIGN or s.weight <= 0:
            continue
        key = (
            ("topic", "")
            if s.detector in TOPIC_DETECTORS
            else (s.detector, s.ref or s.text.lower())
        )
        seen[s.category][key] = max(seen[s.category].get(key, 0.0), s.weight)
    scores = {}
    for category, weights in seen.items():
        remaining = 1.0
        for weight in weights.values():
            remaining *= 1.0 - weight
        scores[category] = round(1.0 - remaining, 4)
    return scores


def _benign(signals: list[Signal]) -> dict[Category, float]:
    out: dict[Category, float] = {}
    for s in signals:
        if s.category in BENIGN and s.weight > out.get(s.category, -1.0):
            out[s.category] = round(s.weight, 4)
    return out


signals = st.lists(
    st.builds(
        Signal,
        st.sampled_from(list(Category)),
        st.sampled_from([0.0, 0.2, 0.35, 0.5, 0.50004, 0.7, 0.9, 1.0]) | st.floats(-0.1, 1.0),
        st.integers(0, 5),
        st.integers(0, 9),
        st.sampled_from(["冰毒", "Ab", "ab", ""]),
        st.sampled_from(["lexicon", "intent", "classifier", "street_classifier"]),
        st.sampled_from(["", "r1", "r2"]),
    ),
    max_size=12,
)


@settings(max_examples=400, deadline=None)
@given(signals)
def test_the_tally_equals_the_plain_definitions(found: list[Signal]) -> None:
    scores, benign = _tally(found)
    assert list(scores.items()) == list(_combine(found).items())
    assert list(benign.items()) == list(_benign(found).items())
    assert combine(found) == scores


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([Category.NORMAL, Category.AD]), st.floats(0, 1))))
def test_a_post_without_a_finding_takes_the_highest_classifier_weight(
    weights: list[tuple[Category, float]],
) -> None:
    policy = SeverityPolicy.from_data(load_policy())
    found = [Signal(c, w, 0, 0, "", "classifier") for c, w in weights]
    verdict = judge(found, policy)
    benign = _benign(found)
    if benign:
        top = max(benign, key=lambda c: (benign[c], c))
        assert (verdict.category, verdict.score) == (top, benign[top])
    else:
        assert verdict.category is Category.NORMAL


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(list(Category)), st.sampled_from([0.1, 0.5, 0.5, 0.9]), min_size=1
    )
)
def test_the_top_category_is_what_max_picks(weights: dict[Category, float]) -> None:
    top = max(weights.items(), key=lambda item: (item[1], item[0]))
    assert _top(weights) == top


def test_severity_ranks_are_the_enum_order() -> None:
    order = list(Severity)
    for severity in Severity:
        assert severity.rank == order.index(severity)
        assert severity.lowered() is order[max(order.index(severity) - 1, 0)]
