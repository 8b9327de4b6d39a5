"""Release 2027.1.7 (written here, not taken from the street set): a free game skin offered
for joining a group is a scam hook, and for a login a phishing one, while asking how to
gift a skin is neither; a short hoax that asks to be passed on to one's family; a verdict,
a customs seizure and a store-room rule stay speech; an offer that turns after a warning in
Northeastern words is an offer."""

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
    ("text", "rule"),
    [
        ("送皮肤 加群领 名额有限", "fraud.free_skin_hook"),
        ("免费领皮肤 扫码登录就到账", "phishing.free_skin_login"),
        ("水库要崩了 快转给家人", "rumour.panic_urge"),
    ],
)
def test_hooks_and_hoaxes(engine: Engine, text: str, rule: str) -> None:
    assert rule in _fired(engine, text)
    [verdict] = engine.run([text])
    assert verdict.is_finding and verdict.category.value == rule.split(".")[0]


@pytest.mark.parametrize(
    "text",
    [
        "游戏里有人说免费送皮肤让我扫码登录，我没理，直接举报了",
        "王者能送皮肤吗 我想给朋友送个生日礼物 在哪里操作啊",
        "区法院审结一起非法制造爆炸物案，私制炸药炸鱼的判了三年",
        "海关在邮包里查出一批仿真枪配件，寄件人已被控制",
        "老家矿上说雷管炸药都要专人专库管理，一根都不能少",
        "第一次约会别喝来路不明的饮料，离开座位回来的杯子别再喝，防止被下药",
    ],
)
def test_speech_and_everyday_posts_stay_lawful(engine: Engine, text: str) -> None:
    [verdict] = engine.run([text])
    assert not verdict.is_finding, (verdict.category, verdict.evidence)


def test_an_offer_that_turns_in_northeastern_words(engine: Engine) -> None:
    text = "新闻天天说刷单是骗局，俺这儿不一样，点赞一单三块当天结，想整的私俺"
    [verdict] = engine.run([text])
    assert verdict.is_finding and verdict.category is Category.FRAUD
