"""Release 2027.1.9 (written here, not taken from the street set): Southwestern 遭 for 被
(遭骗, 遭抓) and 莫得 for 没有 fold to the common words, so a victim who 遭骗了 speaks as one
who 被骗了; verdicts of life and death sentences and the police's own 'we never call' are
speech; offers that turn after speech by calling the convicted clumsy (那是他技术不行) or
by pointing to 'the real entrance' are offers; poppy pods sold by the bunch are drugs."""

from __future__ import annotations

import pytest

from netpatrol.bootstrap import build_detection
from netpatrol.detect.pipeline import Engine
from netpatrol.domain.categories import Category
from tests.unit.test_rules import _rules_fired as _fired


@pytest.fixture(scope="module")
def engine() -> Engine:
    return build_detection()


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("上个月遭骗了三千", "上个月被骗了三千"),
        ("有莫得人晓得", "有没有人晓得"),
        ("代靠六级", "代考六级"),
    ],
)
def test_southwestern_words_fold(engine: Engine, written: str, read: str) -> None:
    assert engine.normaliser.normalise(written).compact == read


@pytest.mark.parametrize(
    "text",
    [
        "判了！男子贩卖冰毒三十克被判无期徒刑，毒品害人",
        "记住：公检法不会打电话让你转账，不会网上办案，不会发通缉令给你看",
        "朋友玩网上百家乐输了三十多万，真的碰都不能碰",
        "我新号 加下 老号不用了",
        "开发商说根本没有内部认购，那个人不是他们员工，大家别交定金",
    ],
)
def test_speech_stays_speech(engine: Engine, text: str) -> None:
    [verdict] = engine.run([text])
    assert not verdict.is_finding, (verdict.category, verdict.evidence)


@pytest.mark.parametrize(
    "text",
    [
        "新闻说有人卖假证遭抓了，那是他技术不行。我们这个学信网可查，本科三千，私聊",
        "都说冒充客服退款是骗局，真的退款入口在这：tb-tuikuan-kefu.top 登淘宝账号就退",
    ],
)
def test_offers_that_turn_after_speech(engine: Engine, text: str) -> None:
    [verdict] = engine.run([text])
    assert verdict.is_finding, (verdict.category, verdict.scores)


def test_poppy_pods_sold_by_the_bunch(engine: Engine) -> None:
    text = "自家晒的罂粟果，炖肉香得很，二十块一把，有要的"
    assert "drugs.poppy_trade" in _fired(engine, text)
    [verdict] = engine.run([text])
    assert verdict.is_finding and verdict.category is Category.DRUGS
