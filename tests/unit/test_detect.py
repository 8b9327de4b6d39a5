from collections.abc import Sequence

import pytest

from netpatrol import data
from netpatrol.bootstrap import build_detection
from netpatrol.detect.base import Detector, DetectorRegistry, DuplicateDetector, Signal
from netpatrol.detect.lexicon import LexiconDetector, LexiconError
from netpatrol.detect.normalise import normalise
from netpatrol.detect.scoring import SeverityPolicy, combine, judge
from netpatrol.domain.categories import Category, Severity

POLICY = SeverityPolicy.from_data(data.load_json("policy.json"))


def tiny_lexicon(**extra: object) -> dict[str, object]:
    return {
        "name": "tiny",
        "version": "1",
        "terms": [
            {"term": "冰毒出售", "category": "drugs", "weight": 0.9},
            {"term": "vx", "category": "fraud", "weight": 0.3},
        ],
        **extra,
    }


class DetectorContract:
    """Every detector honours these; subclasses give `make()`."""

    def make(self) -> Detector:
        raise NotImplementedError

    def test_names_and_versions_itself(self) -> None:
        detector = self.make()
        assert detector.get_name() and detector.get_version()
        assert isinstance(detector, Detector)

    def test_one_result_per_text_in_order(self) -> None:
        texts = ["", "你好", "冰毒出售，加VX", "今天天气不错"]
        assert len(self.make().detect(texts)) == len(texts)

    def test_evidence_points_at_the_original_text(self) -> None:
        texts = ["开头　冰毒出售　加ＶＸ：abc", "正常内容"]
        for text, signals in zip(texts, self.make().detect(texts), strict=True):
            for s in signals:
                assert 0 <= s.start < s.end <= len(text)
                assert text[s.start : s.end] == s.text
                assert s.detector == self.make().get_name()


class TestLexiconDetector(DetectorContract):
    def make(self) -> Detector:
        return LexiconDetector(tiny_lexicon())


class TestStarterLexicon(DetectorContract):
    def make(self) -> Detector:
        return LexiconDetector(data.load_json("lexicon/starter.json"))


def test_full_width_and_upper_case_are_folded_and_spans_map_back() -> None:
    [signals] = LexiconDetector(tiny_lexicon()).detect(["加ＶＸ详聊"])
    assert [(s.category, s.start, s.end, s.text) for s in signals] == [
        (Category.FRAUD, 1, 3, "ＶＸ")
    ]


def test_normalise_keeps_an_offset_map() -> None:
    norm = normalise("Ａ①ｂ")
    assert norm.text == "a1b"
    assert norm.span(1, 2) == (1, 2)


@pytest.mark.parametrize(
    "innocent",
    [
        "周末带孩子买了个水枪玩具，夏天玩正好",
        "化学课上老师讲了氢气的爆炸极限，做了演示实验",
        "楼下新开的炸鸡店排队排到马路上",
        "警方提醒：凡是要求转账到安全账户的都是诈骗，请勿相信",
    ],
)
def test_everyday_posts_make_no_finding(innocent: str) -> None:
    [verdict] = build_detection().run([innocent])
    assert verdict.category is Category.NORMAL and verdict.severity is None


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("冰毒出售，同城当面交易，懂的来", Category.DRUGS),
        ("出售仿真枪，气枪出售，包邮", Category.GUNS),
        ("网上赌场百家乐稳赚不赔，注册就送彩金", Category.GAMBLING),
        ("办证刻章，代办身份证，当天取", Category.FAKE_DOCUMENTS),
    ],
)
def test_plain_violations_are_found(text: str, category: Category) -> None:
    [verdict] = build_detection().run([text])
    assert verdict.category is category
    assert verdict.severity is not None and verdict.evidence


def test_registry_refuses_a_second_detector_with_the_same_name() -> None:
    registry = DetectorRegistry()
    registry.register(LexiconDetector(tiny_lexicon()))
    with pytest.raises(DuplicateDetector):
        registry.register(LexiconDetector(tiny_lexicon()))


@pytest.mark.parametrize(
    "broken",
    [
        {"version": "1", "terms": []},
        tiny_lexicon(terms=[]),
        tiny_lexicon(terms=[{"term": "x", "category": "politics", "weight": 0.5}]),
        tiny_lexicon(terms=[{"term": "x", "category": "normal", "weight": 0.5}]),
        tiny_lexicon(terms=[{"term": "x", "category": "fraud", "weight": 1.5}]),
        tiny_lexicon(
            terms=[
                {"term": "Ab", "category": "fraud", "weight": 0.5},
                {"term": "ab", "category": "fraud", "weight": 0.5},
            ]
        ),
    ],
)
def test_malformed_lexicons_are_refused(broken: dict[str, object]) -> None:
    with pytest.raises(LexiconError):
        LexiconDetector(broken)


def _signal(category: Category, weight: float, text: str, start: int = 0) -> Signal:
    return Signal(category, weight, start, start + len(text), text, "t")


def test_independent_evidence_reinforces_but_repetition_does_not() -> None:
    two = [_signal(Category.FRAUD, 0.5, "a"), _signal(Category.FRAUD, 0.5, "b")]
    same = [_signal(Category.FRAUD, 0.5, "a"), _signal(Category.FRAUD, 0.5, "a", 5)]
    assert combine(two)[Category.FRAUD] == 0.75
    assert combine(same)[Category.FRAUD] == 0.5


def test_weak_evidence_is_not_a_finding_and_moderate_evidence_lowers_severity() -> None:
    weak = judge([_signal(Category.DRUGS, 0.3, "x")], POLICY)
    assert weak.category is Category.NORMAL and weak.severity is None
    moderate = judge([_signal(Category.DRUGS, 0.6, "x")], POLICY)
    assert moderate.severity is Severity.HIGH  # drugs are critical at full strength
    strong = judge([_signal(Category.DRUGS, 0.9, "x")], POLICY)
    assert strong.severity is Severity.CRITICAL


def test_the_strongest_category_wins_and_only_its_evidence_is_kept() -> None:
    signals: Sequence[Signal] = [
        _signal(Category.DRUGS, 0.9, "冰毒出售"),
        _signal(Category.FRAUD, 0.5, "vx", 10),
    ]
    verdict = judge(signals, POLICY)
    assert verdict.category is Category.DRUGS
    assert {s.category for s in verdict.evidence} == {Category.DRUGS}
    assert set(verdict.scores) == {"drugs", "fraud"}
