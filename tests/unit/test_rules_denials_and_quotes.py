"""What an item is said not to be, quoted recovery lines in a warning, shop links on cheap
domains and the look-alikes the rules of 2026.12.31 leave alone (written here, not taken
from the street set)."""

from __future__ import annotations

import pytest

from netpatrol.bootstrap import build_detection
from netpatrol.detect.pipeline import Engine
from netpatrol.domain.categories import Category, Severity
from tests.unit.test_rules import _rules_fired as _fired


@pytest.fixture(scope="module")
def engine() -> Engine:
    return build_detection()


def test_an_item_said_not_to_be_a_toy_is_still_the_gun_offered(engine: Engine) -> None:
    # 不是水弹 denies the toy, so the toy look-alike no longer spares the offer
    assert "guns.item_power" in _fired(engine, "出两把 能打钢珠的 不是水弹 不是软弹 私聊")
    # while a toy said not to shoot pellets is no gun offer
    assert "guns.item_power" not in _fired(engine, "儿童水弹枪 不是钢珠的 能打泡沫靶 安全")


@pytest.mark.parametrize(
    "text",
    [
        "有人私信说能帮我追回被骗的钱，先交两千手续费，这是不是骗子啊",
        "网上说交了保证金就能追回损失，是不是二次诈骗",
    ],
)
def test_is_it_a_scam_asks_and_denies_nothing(engine: Engine, text: str) -> None:
    """是不是 holds 不是, which is no denial of the doubt that follows it."""
    [verdict] = engine.run([text])
    assert not verdict.is_finding, (verdict.category, verdict.context)


@pytest.mark.parametrize(
    "text",
    [
        "反诈民警提醒：听到“帮你追回损失”“先交保证金才能解冻”的，直接挂电话",
        "发帖说自己被骗了，评论区立刻冒出一堆“姐妹我帮你追回”的私信号，一看就是骗子",
    ],
)
def test_a_recovery_offer_quoted_in_speech_about_it_is_no_offer(engine: Engine, text: str) -> None:
    [verdict] = engine.run([text])
    assert verdict.severity not in (Severity.HIGH, Severity.CRITICAL), verdict.context


def test_a_recovery_offer_in_quotes_without_speech_about_it_stays_firm(engine: Engine) -> None:
    text = "专业团队“帮你追回”网赌输掉的钱，先交服务费，成功率九成，私我"
    [verdict] = engine.run([text])
    assert not verdict.context
    assert verdict.is_finding and verdict.category is Category.FRAUD
    assert verdict.severity is Severity.HIGH


@pytest.mark.parametrize(
    "text",
    [
        "二手iPad 399包邮 今天下单链接 ipad-ershou.top 货到满意再确认",
        "耳机清仓 59元 领券链接 ej-sale.cc 仅限今天",
    ],
)
def test_a_link_to_order_through_on_a_cheap_domain_is_phishing(engine: Engine, text: str) -> None:
    assert "phishing.cheap_domain_shop" in _fired(engine, text)


def test_a_shop_link_on_a_brands_own_domain_is_no_cheap_domain_shop(engine: Engine) -> None:
    assert not _fired(engine, "新款耳机 599元 官网下单链接 www.apple.com.cn")


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # an electric firecracker holds no powder
        ("电子鞭炮 无火药 禁放区也能用 婚庆开业99元一串 包邮", "explosives.item_trade"),
        # a trading-card shop buys cards, not bank cards
        ("收卡 收游戏王卡 闪卡 稀有卡高价 私信报价", "fraud.account_rental"),
        # a house number of 18 is no adult site
        ("暑假一对一数学辅导 地址城东路18号 电话13900001111", "pornography.veiled_offer"),
    ],
)
def test_look_alikes_of_the_new_words_fire_no_rule(engine: Engine, text: str, rule: str) -> None:
    assert rule not in _fired(engine, text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("自来水被污染了有毒 快囤矿泉水 别说我没提醒", "rumour.panic_urge"),
        ("报销用的病历和诊断书都能做 三甲医院章 私聊", "fake_documents.offer"),
        ("老家作坊的礼炮 没有许可证 货硬 过年前要的私", "explosives.item_trade"),
        ("征信报告可以改 改完照样过审 价格私聊", "fraud.credit_repair"),
    ],
)
def test_the_new_words_complete_their_rules(engine: Engine, text: str, rule: str) -> None:
    assert rule in _fired(engine, text)


def test_a_verdict_told_as_news_is_no_explosives_offer(engine: Engine) -> None:
    text = "新闻：两人用自制炸药炸鱼，被判非法制造爆炸物罪"
    [verdict] = engine.run([text])
    assert verdict.severity is not Severity.CRITICAL, verdict.context


def test_a_story_of_easy_money_that_ends_in_a_call_to_join_is_a_fraud_rule(
    engine: Engine,
) -> None:
    assert "fraud.earn_pitch" in _fired(engine, "宝妈在家做点赞任务，一天能赚两百，想一起的私我")
    # the same money told without a call to join is envy, not a pitch
    assert "fraud.earn_pitch" not in _fired(engine, "同事说他跑外卖一天能赚三百，羡慕死了")
    # and a plain job advert pays a wage
    job = "奶茶店招店员，一天能赚两百，包吃住，有意向的私我"
    assert "fraud.earn_pitch" not in _fired(engine, job)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("航班延误四小时，航司给了两百补偿，在柜台直接办的，很顺利", "fraud.flight_rebooking"),
        ("国产鲜肉狗粮 试吃装9.9包邮 每个账号限一份", "guns.item_trade"),
    ],
)
def test_settled_compensation_and_dog_food_fire_no_rule(
    engine: Engine, text: str, rule: str
) -> None:
    assert rule not in _fired(engine, text)


def test_a_prescription_drug_without_the_queue_is_a_drugs_rule(engine: Engine) -> None:
    assert "drugs.rx_trade" in _fired(engine, "美沙酮片有货 不用挂号 私我")


def test_a_customs_seizure_is_told_not_offered(engine: Engine) -> None:
    [verdict] = engine.run(["海关缉私：查获含西布曲明的减肥胶囊，已依法移交处理"])
    assert verdict.severity is not Severity.CRITICAL, verdict.context
