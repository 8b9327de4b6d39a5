"""Cards bought to move money, steroids without a prescription, a companion paid by the
night (rules of 2027.1.2), exam cheating and medicine bought back from the insured
(2027.1.3), and the speech that leaves them alone (written here, not taken from the street
set)."""

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
    ["大量收物联网卡 流量卡 一张80 长期合作 飞机@card_buyer", "急收个体户执照 一套3000 私聊"],
)
def test_cards_and_licences_bought_in_bulk(engine: Engine, text: str) -> None:
    assert "fraud.account_rental" in _fired(engine, text)


def test_a_data_plan_advert_buys_no_cards(engine: Engine) -> None:
    text = "营业厅流量卡办理 每月29元100G 带身份证到店办理 咨询电话10000"
    assert "fraud.account_rental" not in _fired(engine, text)


@pytest.mark.parametrize("text", ["康力龙 诺龙 现货 一瓶260 私聊", "备赛套餐 群勃龙 不用开单 加我"])
def test_steroids_sold_without_a_prescription(engine: Engine, text: str) -> None:
    assert "drugs.steroid_trade" in _fired(engine, text)


@pytest.mark.parametrize(
    "text",
    [
        "内分泌科医生提醒 网上卖的增肌针很多是睾酮和诺龙 没有医生指导别乱用",
        "反兴奋剂中心通报 一名运动员检出司坦唑醇 禁赛四年",
    ],
)
def test_talk_about_steroids_sells_nothing(engine: Engine, text: str) -> None:
    [verdict] = engine.run([text])
    assert not verdict.is_finding, verdict.category


@pytest.mark.parametrize(
    "text",
    [
        "可以当你女朋友 当然是要钱的 一晚一千 能接受就私",
        "租女友回家过年 晚上可以同房 价格另议 加我",
    ],
)
def test_a_companion_paid_by_the_night(engine: Engine, text: str) -> None:
    [verdict] = engine.run([text])
    assert verdict.is_finding and verdict.category is Category.PORNOGRAPHY


def test_a_question_about_renting_a_girlfriend_offers_nothing(engine: Engine) -> None:
    [verdict] = engine.run(["过年租女友回家见父母 这种算不算违法啊"])
    assert not verdict.is_finding


@pytest.mark.parametrize(
    "text",
    [
        "手机维修 换屏换电池 解封账号这种我们不做 别问了",
        "今天看到通报 专门收四件套的团伙全进去了",
        "说什么老师带单日收益20% 你想想他那么能赚为啥要带你",
        "上头电子烟我们学校附近好像有人卖 该打哪个电话举报",
    ],
)
def test_a_refusal_a_report_a_warning_or_a_question(engine: Engine, text: str) -> None:
    [verdict] = engine.run([text])
    assert verdict.severity not in (Severity.HIGH, Severity.CRITICAL), verdict.context


def test_the_platform_xianyu_is_not_folded_into_cantonese(engine: Engine) -> None:
    """觉得闲鱼 once read as 觉有空鱼: the Cantonese 得闲 (有空) took 得 from 觉得."""
    [item] = engine.prepare(["你们觉得闲鱼上卖的靠谱吗"])
    assert "闲鱼" in item.norm.compact


@pytest.mark.parametrize(
    "text",
    [
        "四六级替考 学霸本人上 照片技术处理 一科八百 私我",
        "驾考作弊器 藏袖子里 一次过 要的加微信 jk_pass",
    ],
)
def test_exam_cheating_offered_as_a_service(engine: Engine, text: str) -> None:
    """A stand-in taker or a device, with how it gets past the exam."""
    assert "fraud.exam_cheating" in _fired(engine, text)


def test_a_past_paper_book_is_no_exam_answer(engine: Engine) -> None:
    [verdict] = engine.run(["四六级历年真题答案解析 书店有卖 35元一本 刷题必备"])
    assert not verdict.is_finding


def test_medicine_bought_back_from_the_insured(engine: Engine) -> None:
    assert "fraud.insured_drug_buyback" in _fired(engine, "回收医院开的药 医保开的都收 现金结算")


@pytest.mark.parametrize(
    "text",
    [
        "今天接到刷单电话 说一单佣金八块 我骂了一句就挂了",
        "消费券在政府官方平台领 不用加什么专员微信 更不用交保证金",
    ],
)
def test_a_call_hung_up_and_a_voucher_warning(engine: Engine, text: str) -> None:
    [verdict] = engine.run([text])
    assert verdict.severity not in (Severity.HIGH, Severity.CRITICAL), verdict.context
