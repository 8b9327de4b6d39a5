"""Offers told as one's own story, scams aimed at the elderly, and the look-alikes the
rules of 2027.1.1 leave alone (written here, not taken from the street set)."""

from __future__ import annotations

import pytest

from netpatrol.bootstrap import build_detection
from netpatrol.detect.pipeline import Engine
from netpatrol.domain.categories import Category, Severity
from tests.unit.test_rules import _rules_fired as _fired


@pytest.fixture(scope="module")
def engine() -> Engine:
    return build_detection()


@pytest.mark.parametrize(
    "text",
    [
        "说真的我以前也不信 上周做点赞任务赚了三百 想做的姐妹我拉群",
        "下班在家刷刷视频 这个月拿了3600 想学的私我",
        "关注一个号返佣金 我妈都在做 谁要做留言我挨个私",
    ],
)
def test_a_story_of_easy_money_that_ends_in_a_call_to_join(engine: Engine, text: str) -> None:
    assert "fraud.earn_pitch" in _fired(engine, text)


def test_a_plain_story_of_a_raise_recruits_nobody(engine: Engine) -> None:
    assert "fraud.earn_pitch" not in _fired(engine, "换了新工作 这个月多赚了两千 请大家吃饭")


def test_a_scammers_own_doubt_is_no_warning(engine: Engine) -> None:
    """也觉得是骗局 is the pitch's opening, not a warning: the offer after it stands."""
    text = "坦白说我一开始也觉得是骗局 结果每天真的赚了两百 想做的评论区留言我挨个私"
    [verdict] = engine.run([text])
    assert verdict.context != "warning"
    assert verdict.is_finding and verdict.category is Category.FRAUD


@pytest.mark.parametrize(
    "text",
    [
        "家里催婚 我找人做了个结婚证给爸妈看 想应付的也可以找我 一百五一本",
        "残疾证停车免费 全套手续我包 要的私",
    ],
)
def test_a_document_made_for_someone_told_as_a_story(engine: Engine, text: str) -> None:
    assert "fake_documents.story_offer" in _fired(engine, text)


@pytest.mark.parametrize(
    "text",
    [
        "婚纱照找人做了个相册 结婚证是我们一起去民政局领的",
        "房产证过户找的正规中介 全套手续都是他们跑的 我们只签了字",
        "护照快过期了 在出入境大厅预约办新本 一周就寄到家",
    ],
)
def test_paperwork_done_by_an_agency_is_no_story_offer(engine: Engine, text: str) -> None:
    """The story's words alone (找人做了, 全套手续, 办新本) need someone asking to buy."""
    [verdict] = engine.run([text])
    assert not verdict.is_finding


def test_a_checkup_report_is_no_forged_document(engine: Engine) -> None:
    text = "今天去医院做了个体检 报告下周出 挂号费20元"
    assert not {"fake_documents.offer", "fake_documents.story_offer"} & set(_fired(engine, text))


@pytest.mark.parametrize(
    "text",
    [
        "爷爷 我在外面撞了人 被扣住了 你先准备好现金 别告诉爸妈",
        "外婆我惹了事在派出所 要交钱才能出来 你快去取",
    ],
)
def test_a_grandchild_in_trouble_who_needs_cash(engine: Engine, text: str) -> None:
    assert "fraud.grandchild_in_trouble" in _fired(engine, text)


def test_a_grandchild_at_the_police_station_for_an_id_card(engine: Engine) -> None:
    [verdict] = engine.run(["奶奶 我在派出所办身份证 办完一起去吃饭"])
    assert not verdict.is_finding


@pytest.mark.parametrize(
    "text",
    [
        "护膝贴一贴 增生自然消失 拐杖都能扔了 活动价两副499",
        "这个眼药水滴一个月不用手术 视力恢复到1.0 原价698今天398",
    ],
)
def test_cures_sold_to_the_elderly_at_a_promotional_price(engine: Engine, text: str) -> None:
    [verdict] = engine.run([text])
    assert verdict.is_finding and verdict.category is Category.FRAUD


def test_an_errand_service_with_a_price_and_a_phone_is_no_task_scam(engine: Engine) -> None:
    text = "同城跑腿 帮取帮送 5公里内20元 全天接单 电话13800001111"
    assert "fraud.task_scam" not in _fired(engine, text)


@pytest.mark.parametrize(
    "text",
    [
        "有人私信让我刷单返利 骗不到我 已拉黑",
        "有人说能帮我解封账号 要我在他的网站输密码 这肯定是盗号吧",
        "我也当过喊单的托 后来警察找上门才知道自己犯了法 退了赃款",
    ],
)
def test_a_refusal_a_doubt_or_a_confession_offers_nothing(engine: Engine, text: str) -> None:
    [verdict] = engine.run([text])
    assert verdict.severity not in (Severity.HIGH, Severity.CRITICAL), verdict.context
