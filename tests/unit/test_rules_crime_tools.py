"""Tools sold to offenders (rules of 2027.1.4): SIM boxes, group-control phones and scam
scripts for fraud, remote-control trojans, phishing kits and anti-block links for phishing,
betting sites built to order; a pay code opened for a "subsidy", a summons to call back; and
the speech that leaves them alone: security news, IT help, a cashier, a refusal, a question
about the law (written here, not taken from the street set)."""

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
        ("猫池现货 64口 带卡上门调试 价格私聊", "fraud.scam_kit_sale"),
        ("秒拨IP 按天租 量大优惠 飞机号 ipdial6", "fraud.scam_kit_sale"),
        ("群控系统 一人管两百台手机 引流专用 包教包会", "fraud.scam_kit_use"),
        ("外呼线路 不封号 冒充客服退款剧本现成", "fraud.scam_kit_use"),
        ("远控木马定制 对方装上就能看屏幕 免杀 飞机号 rat0", "phishing.kit_sale"),
        ("仿银行登录页定制 后台实时推送 卡号密码全拿到 私聊", "phishing.kit_sale"),
        ("木马 伪装成会议软件 对方装上你就能看他屏幕 一套800", "phishing.covert_kit"),
        ("想看老公微信聊天记录 发个链接给他 点开就同步", "phishing.spy_link"),
        ("博彩网站搭建 源码加部署 支付通道对接", "gambling.kit_sale"),
    ],
)
def test_tools_sold_to_offenders(engine: Engine, text: str, rule: str) -> None:
    assert rule in _fired(engine, text)
    [verdict] = engine.run([text])
    assert verdict.is_finding and verdict.category.value == rule.split(".")[0]


@pytest.mark.parametrize(
    "text",
    [
        "帮我爸装了个向日葵远控 以后他电脑有问题我远程帮他弄",
        "电脑中了木马 杀毒软件报毒了 怎么彻底清除 求大神",
        "公司新上了外呼系统 客服每天打回访电话 按坐席收费",
        "警方捣毁一个猫池窝点 缴获GOIP设备二十多台 涉案人员已被刑拘",
        "安全研究员发现一款伪装成视频会议的远控木马 能偷短信验证码 已通报应用商店",
        "企业微信SCRM 客户管理 合规营销 替代个人号群控",
        "源码出售 小程序商城源码 正版授权 可二开",
        "防红是什么意思 为什么我朋友发的链接微信打不开",
        "有人在群里发曝光名单链接 那是钓鱼网站 让你登QQ就是盗号",
    ],
)
def test_talk_about_the_tools_is_no_finding(engine: Engine, text: str) -> None:
    [verdict] = engine.run([text])
    assert not verdict.is_finding, (verdict.category, verdict.evidence)


@pytest.mark.parametrize(
    "text",
    [
        "大娘 俺是社区的 上头发取暖补贴 您把付款码打开让俺扫一下就到账了",
        "社区发慰问金 工作人员上门 把付款码打开扫一下",
    ],
)
def test_a_pay_code_opened_for_a_windfall(engine: Engine, text: str) -> None:
    assert "fraud.paycode_lure" in _fired(engine, text)


def test_a_pay_code_denied_or_refused(engine: Engine) -> None:
    assert "fraud.paycode_lure" not in _fired(engine, "退款到账了 原路返回 不用打开付款码")
    text = "妈，社区说发补贴，让我把付款码打开给他们扫，我没给，这是骗子吧"
    [verdict] = engine.run([text])
    assert not verdict.is_finding, verdict.category


def test_a_summons_to_call_back(engine: Engine) -> None:
    text = "您有氵去院传票未签收 速回电"  # 氵去 folds to 法
    assert "fraud.summons_callback" in _fired(engine, text)
    [verdict] = engine.run([text])
    assert verdict.category is Category.FRAUD and verdict.is_finding


@pytest.mark.parametrize(
    "text",
    ["法院传票是真是假 电话里让我按9 我挂了", "收到短信说法院传票未签收 速回电 这是诈骗吧"],
)
def test_a_summons_doubted_is_no_finding(engine: Engine, text: str) -> None:
    [verdict] = engine.run([text])
    assert not verdict.is_finding, verdict.category


@pytest.mark.parametrize(
    "text",
    [
        "网咖包夜15元 新装显卡 空调开放 欢迎开黑",  # 咖包 no longer a drug word
        "有没有人知道气枪多大威力算违法？我家娃儿买的那个玩具会不会有问题",
        "在闲鱼卖王者账号，买家非要加微信私下交易，我拒绝了，还是走平台安全",
    ],
)
def test_everyday_posts_that_share_the_words(engine: Engine, text: str) -> None:
    [verdict] = engine.run([text])
    assert not verdict.is_finding, (verdict.category, verdict.evidence)


def test_dog_food_left_over_is_no_gun_trade(engine: Engine) -> None:
    assert "guns.item_trade" not in _fired(engine, "出狗粮 吃不完 幼犬粮 便宜出")
    assert "guns.item_trade" in _fired(engine, "出狗粮 一盒200发 私聊")


def test_a_seller_who_asks_the_question_is_still_found(engine: Engine) -> None:
    text = "有人问气枪到底犯不犯法？我只能说我们卖了这么多年没事，铅弹、气瓶都配，走物流分开发"
    [verdict] = engine.run([text])
    assert verdict.is_finding and verdict.category is Category.GUNS


def test_the_northern_an_reads_as_i(engine: Engine) -> None:
    [folded] = engine.normaliser.normalise_many(["俺们这有冰 一克三百 要的私"])
    assert folded.compact.startswith("我们这有冰")
    grandchild = "奶奶是我，在派出所，要两万块赔偿才放人，千万别给我爸说，你转到这个卡上"
    [verdict] = engine.run([grandchild])
    assert verdict.is_finding and verdict.category is Category.FRAUD
