"""Release 2027.1.10 (written here, not taken from the street set): a post that asks to be
contacted (私聊我, 来找我, 评论区扣1) is no report, warning, verdict, victim's story, debunk or
lesson about a crime, whatever it opened with; it may still be teasing, a game or a changed
number, and a victim who tells that someone 私信我说 is still a victim."""

from __future__ import annotations

import pytest

from netpatrol.bootstrap import build_detection
from netpatrol.detect.pipeline import Engine


@pytest.fixture(scope="module")
def engine() -> Engine:
    return build_detection()


def _kinds(engine: Engine, text: str) -> tuple[str, ...]:
    [context] = engine.discourse.read(engine.prepare([text]))  # type: ignore[union-attr]
    return context.kinds


@pytest.mark.parametrize(
    "text",
    [
        "反诈民警说网上卖枪的都是骗子。懂行的来找我，仿六四现货，价格私聊我",
        "新闻说警方打掉了一个卖淫窝点，大家注意安全。同城上门的私聊我，照片真实",
        "都说刷单是诈骗，那是没遇到靠谱的。点赞关注一单三元，当天结，想做的私聊我",
    ],
)
def test_asking_to_be_contacted_ends_speech_about_crime(engine: Engine, text: str) -> None:
    assert not {"report", "warning", "verdict", "victim", "debunk", "study"} & set(
        _kinds(engine, text)
    )
    [verdict] = engine.run([text])
    assert verdict.is_finding, (verdict.category, verdict.scores)


@pytest.mark.parametrize(
    "text",
    [
        "有人私信我说帮忙收款一次给两百，这是不是洗钱啊，我没理他",
        "有人私信我说能代消驾照分，不用本人去，这种是违法的吧",
    ],
)
def test_a_victim_telling_who_wrote_to_them_stays_a_victim(engine: Engine, text: str) -> None:
    [verdict] = engine.run([text])
    assert not verdict.is_finding, (verdict.category, verdict.evidence)


def test_teasing_that_asks_to_be_found_is_still_teasing(engine: Engine) -> None:
    assert "banter" in _kinds(engine, "生日快乐呀傻瓜，晚上来找我，请你吃火锅")
