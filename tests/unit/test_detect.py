"""The engine and its detectors: contract, normalisation, lexicon rules, scoring."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from netpatrol import data
from netpatrol.bootstrap import LEXICON_CATEGORIES, build_detection, build_normaliser
from netpatrol.detect.base import Detector, DetectorRegistry, DuplicateDetector, Item, Signal
from netpatrol.detect.classifier import ClassifierDetector, LinearModel
from netpatrol.detect.indicator_match import IndicatorDetector
from netpatrol.detect.indicators import IndicatorStore, extract
from netpatrol.detect.lexicon import LexiconDetector, LexiconError
from netpatrol.detect.lookalike import LookalikeJudge
from netpatrol.detect.neardup import NearDuplicateDetector, NearDuplicateIndex
from netpatrol.detect.normalise import Normaliser
from netpatrol.detect.pipeline import Engine
from netpatrol.detect.rules import IntentRuleDetector
from netpatrol.detect.scoring import SeverityPolicy, combine, judge
from netpatrol.domain.categories import Category, Severity

POLICY = SeverityPolicy.from_data(data.load_json("policy.json"))
NORMALISER = build_normaliser()
EXAMPLES = Path(__file__).with_name("lexicon_examples.jsonl")


def items(texts: Sequence[str]) -> list[Item]:
    return [Item(n, extract(n.folded)) for n in NORMALISER.normalise_many(texts)]


def lexicon() -> LexiconDetector:
    docs = [data.load_json(f"lexicon/v1/{c}.json") for c in LEXICON_CATEGORIES]
    return LexiconDetector(docs, NORMALISER)


TEXTS = ["", "你好", "出售 冰*毒，加ＶＸ：abc123，电话13812345678", "今天天气不错", "買賣槍支"]


class DetectorContract:
    """Every detector honours these; subclasses give `make()`."""

    def make(self) -> Detector:
        raise NotImplementedError

    def test_names_and_versions_itself(self) -> None:
        detector = self.make()
        assert detector.get_name() and detector.get_version()
        assert isinstance(detector, Detector)

    def test_one_result_per_item_in_order(self) -> None:
        assert len(self.make().detect(items(TEXTS))) == len(TEXTS)
        assert self.make().detect([]) == []

    def test_evidence_points_at_the_original_text(self) -> None:
        detector = self.make()
        for text, signals in zip(TEXTS, detector.detect(items(TEXTS)), strict=True):
            for s in signals:
                assert 0 <= s.start <= s.end <= len(text)
                assert text[s.start : s.end] == s.text
                assert s.detector == detector.get_name()
                assert 0.0 <= s.weight <= 1.0


class TestLexicon(DetectorContract):
    def make(self) -> Detector:
        return lexicon()


class TestIndicators(DetectorContract):
    def make(self) -> Detector:
        return IndicatorDetector(IndicatorStore([("phone", "13812345678", "fraud")]))


class TestClassifier(DetectorContract):
    def make(self) -> Detector:
        return ClassifierDetector(LinearModel.load(data.path("model/classifier.npz")))


class TestStreetClassifier(DetectorContract):
    def make(self) -> Detector:
        model = LinearModel.load(data.path("model/street_classifier.npz"))
        return ClassifierDetector(model, "street_classifier", frozenset({Category.DRUGS}))

    def test_it_speaks_only_for_its_categories(self) -> None:
        for signals in self.make().detect(items(TEXTS)):
            assert {s.category for s in signals} <= {Category.DRUGS}


class TestIntentRules(DetectorContract):
    def make(self) -> Detector:
        brands = LookalikeJudge(data.load_json("rules/v1/brands.json"))
        return IntentRuleDetector(data.load_json("rules/v1/intent.json"), NORMALISER, brands)


class TestNearDuplicates(DetectorContract):
    def make(self) -> Detector:
        index = NearDuplicateIndex()
        index.add("k", NORMALISER.normalise(TEXTS[2]).compact, Category.DRUGS)
        return NearDuplicateDetector(index)


def test_the_registry_refuses_a_second_detector_with_the_same_name() -> None:
    registry = DetectorRegistry()
    registry.register(lexicon())
    with pytest.raises(DuplicateDetector):
        registry.register(lexicon())


@pytest.mark.parametrize(
    ("evaded", "plain"),
    [
        ("買賣槍支", "买卖枪支"),  # traditional characters
        ("ＶＸ：ＡＢＣ", "微信：abc"),  # full-width letters and a homophone abbreviation
        ("冰 毒·出★售", "冰毒出售"),  # separators slipped between characters
        ("加薇信", "加微信"),  # homophone
        ("bing du", "冰毒"),  # pinyin
        ("卖木仓", "卖枪"),  # a split character
        ("一三八一二三四五六七八", "13812345678"),  # Chinese digits
    ],
)
def test_normalisation_undoes_each_evasion_class(evaded: str, plain: str) -> None:
    assert NORMALISER.normalise(evaded).compact == NORMALISER.normalise(plain).compact


def test_spans_in_the_compact_view_map_back_to_the_original() -> None:
    text = "出售 冰*毒，加薇信 ab，一三八一二三四五六七八"
    norm = NORMALISER.normalise(text)
    for term, original in [
        ("冰毒", "冰*毒"),
        ("微信", "薇信"),
        ("13812345678", "一三八一二三四五六七八"),
    ]:
        start = norm.compact.index(term)
        s, e = norm.to_original(start, start + len(term))
        assert text[s:e] == original


def test_ordinary_chinese_numbers_stay_words() -> None:
    assert NORMALISER.normalise("一五一十地说，三三两两").compact == "一五一十地说，三三两两"


def _examples() -> list[dict[str, str]]:
    return [json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize("example", _examples(), ids=lambda e: e["text"][:20])
def test_lexicon_examples_including_innocent_look_alikes(example: dict[str, str]) -> None:
    engine = Engine(NORMALISER, _only(lexicon()), POLICY)
    [verdict] = engine.run([example["text"]])
    assert verdict.category.value == example["category"], example.get("note")


def _only(*detectors: Detector) -> DetectorRegistry:
    registry = DetectorRegistry()
    for detector in detectors:
        registry.register(detector)
    return registry


def test_context_rules_near_and_unless() -> None:
    doc = {
        "category": "drugs",
        "version": "t",
        "terms": [
            {"term": "溜冰", "weight": 0.8, "near": ["出货", "价格"], "window": 6},
            {"term": "麻古", "weight": 0.8, "unless": ["禁毒"], "window": 10},
        ],
    }
    detector = LexiconDetector([doc], Normaliser())
    found = [
        [s.ref for s in sig]
        for sig in detector.detect(
            items(["周末去溜冰场玩", "溜冰出货价格私聊", "禁毒宣传：认识麻古的危害", "麻古现货"])
        )
    ]
    assert found == [[], ["溜冰"], [], ["麻古"]]


@pytest.mark.parametrize(
    "broken",
    [
        {"version": "1", "terms": []},
        {"category": "drugs", "version": "1", "terms": []},
        {"category": "politics", "version": "1", "terms": [{"term": "x", "weight": 0.5}]},
        {"category": "normal", "version": "1", "terms": [{"term": "x", "weight": 0.5}]},
        {"category": "fraud", "version": "1", "terms": [{"term": "x", "weight": 1.5}]},
        {"category": "fraud", "version": "1", "terms": [{"term": "x", "weight": 0.5, "near": []}]},
        {
            "category": "fraud",
            "version": "1",
            "terms": [{"term": "Ab", "weight": 0.5}, {"term": "ab", "weight": 0.5}],
        },
    ],
)
def test_malformed_lexicons_are_refused(broken: dict[str, object]) -> None:
    with pytest.raises(LexiconError):
        LexiconDetector([broken], Normaliser())


def test_a_known_scam_number_makes_a_finding_even_in_plain_words() -> None:
    engine = build_detection(indicators=[("phone", "+86 138-1234-5678", "fraud")])
    [verdict] = engine.run(["有事请打电话 138 1234 5678 找我"])
    assert verdict.category is Category.FRAUD
    assert any(s.detector == "indicators" and "5678" in s.text for s in verdict.evidence)


def test_a_variant_of_a_known_rumour_is_recognised() -> None:
    rumour = "紧急扩散！北沙滩有两岁男孩被抢走，家长们一定要看好自己的孩子，千万不要让孩子单独出门"
    engine = build_detection(known=[("debunk:1", rumour, "rumour")])
    [verdict] = engine.run([rumour.replace("北沙滩", "望京") + "转发周知"])
    assert verdict.category is Category.RUMOUR
    assert any(s.ref == "debunk:1" for s in verdict.evidence)


def _signal(category: Category, weight: float, text: str, start: int = 0) -> Signal:
    return Signal(category, weight, start, start + len(text), text, "t", text)


def test_independent_evidence_reinforces_but_repetition_does_not() -> None:
    two = [_signal(Category.FRAUD, 0.5, "a"), _signal(Category.FRAUD, 0.5, "b")]
    same = [_signal(Category.FRAUD, 0.5, "a"), _signal(Category.FRAUD, 0.5, "a", 5)]
    assert combine(two)[Category.FRAUD] == 0.75
    assert combine(same)[Category.FRAUD] == 0.5


def test_weak_evidence_is_no_finding_and_moderate_evidence_lowers_severity() -> None:
    weak = judge([_signal(Category.DRUGS, 0.3, "x")], POLICY)
    assert weak.category is Category.NORMAL and weak.severity is None
    assert judge([_signal(Category.DRUGS, 0.6, "x")], POLICY).severity is Severity.HIGH
    assert judge([_signal(Category.DRUGS, 0.9, "x")], POLICY).severity is Severity.CRITICAL


def test_n_grams_alone_never_reach_high_severity() -> None:
    """A classifier's say carries a finding at most to medium: no case on topic alone."""
    topic = [Signal(Category.DRUGS, 0.95, 0, 2, "叶子", "classifier")]
    assert judge(topic, POLICY).severity is Severity.MEDIUM
    rule = [_signal(Category.DRUGS, 0.95, "叶子 一克三百")]
    assert judge(topic + rule, POLICY).severity is Severity.CRITICAL


def test_advertising_is_told_apart_but_is_not_a_finding() -> None:
    classifier = [
        Signal(Category.AD, 0.7, 0, 0, "", "c"),
        Signal(Category.NORMAL, 0.2, 0, 0, "", "c"),
        Signal(Category.FRAUD, 0.1, 0, 0, "", "c"),
    ]
    verdict = judge(classifier, POLICY)
    assert verdict.category is Category.AD and not verdict.is_finding


def test_the_strongest_category_wins_and_only_its_evidence_is_kept() -> None:
    verdict = judge(
        [_signal(Category.DRUGS, 0.9, "冰毒出售"), _signal(Category.FRAUD, 0.5, "vx", 9)], POLICY
    )
    assert verdict.category is Category.DRUGS
    assert {s.category for s in verdict.evidence} == {Category.DRUGS}
    assert set(verdict.scores) == {"drugs", "fraud"}


def test_a_hoax_that_rails_at_its_villains_is_reported_as_a_hoax() -> None:
    """Insult gives way to rumour (`yields_to`): a hoax full of anger is still a hoax."""
    assert POLICY.yields_to == {Category.INSULT: (Category.RUMOUR,)}
    angry_hoax = [
        Signal(Category.INSULT, 0.9, 0, 0, "", "classifier"),
        Signal(Category.RUMOUR, 0.6, 0, 0, "", "classifier"),
    ]
    verdict = judge(angry_hoax, POLICY, length=40)
    assert verdict.category is Category.RUMOUR and verdict.severity is Severity.LOW
    assert verdict.scores[Category.INSULT] == 0.9  # the insult is still named in the scores


def test_an_insult_stays_an_insult_when_the_rumour_is_no_finding() -> None:
    weak_rumour = [
        Signal(Category.INSULT, 0.9, 0, 0, "", "classifier"),
        Signal(Category.RUMOUR, 0.45, 0, 0, "", "classifier"),
    ]
    assert judge(weak_rumour, POLICY, length=40).category is Category.INSULT
    # a reply too short to state a claim is no rumour finding, so it stays an insult
    short = [
        Signal(Category.INSULT, 0.9, 0, 0, "", "classifier"),
        Signal(Category.RUMOUR, 0.6, 0, 0, "", "classifier"),
    ]
    assert judge(short, POLICY, length=8).category is Category.INSULT
    # only the categories listed give way: a hoax does not yield to an insult
    reverse = [
        Signal(Category.RUMOUR, 0.9, 0, 0, "", "classifier"),
        Signal(Category.INSULT, 0.6, 0, 0, "", "classifier"),
    ]
    assert judge(reverse, POLICY, length=40).category is Category.RUMOUR
    # and nothing gives way without the policy saying so
    plain = SeverityPolicy.from_data({**data.load_json("policy.json"), "yields_to": {}})
    assert judge(short, plain, length=40).category is Category.INSULT


def test_the_engine_takes_models_fitted_elsewhere_for_out_of_fold_figures() -> None:
    """bench/out_of_fold.py runs the engine with models fitted without part of the train
    data: `build_detection(models=...)` uses them instead of the shipped files."""
    import dataclasses

    from netpatrol.bootstrap import MODEL_FILE, STREET_MODEL_FILE

    corpus = LinearModel.load(data.path(MODEL_FILE))
    street = LinearModel.load(data.path(STREET_MODEL_FILE))
    corpus = dataclasses.replace(corpus, card={**corpus.card, "version": "fold0"})
    street = dataclasses.replace(street, card={**street.card, "version": "fold0-street"})
    engine = build_detection(models=(corpus, street))
    versions = engine.versions()
    assert versions["classifier"] == "fold0" and versions["street_classifier"] == "fold0-street"
    assert (
        "classifier"
        not in build_detection(with_classifier=False, models=(corpus, street)).versions()
    )


@pytest.mark.parametrize(
    "hoax",
    [
        "无耻的黑心商家！这群畜生用地沟油炸油条卖给小学生，已经有好几个孩子住院了，转发让大家别去吃！",
        "一群人渣！城管把卖菜老太太的三轮车砸了，老太太当场被打断了腿，视频都被删了，转起来！",
    ],
)
def test_the_engine_reports_an_angry_hoax_as_a_rumour(hoax: str) -> None:
    [verdict] = build_detection().run([hoax])
    assert verdict.is_finding and verdict.category is Category.RUMOUR, verdict.scores
    # the insult scores higher: without `yields_to` the post would be reported as one
    assert verdict.scores[Category.INSULT] > verdict.scores[Category.RUMOUR]


@pytest.mark.parametrize(
    "innocent",
    [
        "周末带孩子买了个水枪玩具，夏天玩正好",
        "化学课上老师讲了氢气的爆炸极限，做了演示实验",
        "楼下新开的炸鸡店排队排到马路上",
        "警方提醒：凡是要求转账到安全账户的都是诈骗，请勿相信",
        "今天和同学去溜冰场溜冰，摔了好几次",
    ],
)
def test_everyday_posts_make_no_finding(innocent: str) -> None:
    [verdict] = build_detection().run([innocent])
    assert not verdict.is_finding, verdict


def test_pinyin_spellings_of_lexicon_terms_are_folded_back() -> None:
    engine = build_detection(with_classifier=False)
    [spelled, name] = engine.run(["出售 shua dan fan li，日结", "他是司马懿的粉丝"])
    assert spelled.category is Category.FRAUD
    assert spelled.evidence[0].text == "shua dan fan li"
    assert not name.is_finding


def test_classifier_words_are_shown_for_findings_only_and_match_the_inline_spans() -> None:
    engine = build_detection()
    hateful = "黑人就是懒，整天只知道要救济，这种人就该滚回去"
    finding, innocent = engine.run([hateful, "今天天气不错，去公园散步了"])
    shown = [s for s in finding.evidence if s.detector == "classifier"]
    assert finding.is_finding and shown
    assert all(s.text.strip() and not s.text.isdigit() for s in shown)
    assert all(hateful[s.start : s.end] == s.text for s in shown)
    assert not innocent.is_finding and not innocent.evidence
    # the same spans the classifier gives when asked to explain inline
    inline = ClassifierDetector(LinearModel.load(data.path("model/classifier.npz")))
    [signals] = inline.detect(engine.prepare([hateful]))
    assert {(s.start, s.end) for s in signals if s.end > s.start} == {
        (s.start, s.end) for s in shown
    }
