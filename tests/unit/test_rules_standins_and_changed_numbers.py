"""Release 2027.1.8 (written here, not taken from the street set): a stand-in exam taker
offered on payment terms, and an install package sent in private with the instruction to
grant it rights, while a colleague's package and a fan's deposit are neither; a friend's
changed number is no scam while a changed number that asks for money still is; pinyin
written with its tones folds as without them; a short hoax states its claim in a few
characters; speech about the crime of renting out cards stays speech, and offers that turn
after speech in Shandong and Henan words are offers."""

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
        ("教资笔试可替考 定金五百 过了付尾款", "fake_documents.stand_in_exam"),
        ("网课代刷 期末代考 不过退款", "fake_documents.stand_in_exam"),
        ("领补贴的软件 安装包私发你 装完给权限就行", "phishing.package_private"),
    ],
)
def test_offers_fire_their_rules(engine: Engine, text: str, rule: str) -> None:
    assert rule in _fired(engine, text)
    [verdict] = engine.run([text])
    # a stand-in taker is a forged identity and a cheat at once: either verdict is right
    allowed = {rule.split(".")[0]} | ({"fraud"} if "stand_in" in rule else set())
    assert verdict.is_finding and verdict.category.value in allowed


@pytest.mark.parametrize(
    "text",
    [
        "学校通报：期末考试有两人替考，已取消成绩并记过",
        "替考被抓是要入刑的，别为了省事毁了自己",
        "银行客服说了，任何软件要读取短信都别给，我没装",
        "换号了，新号码是139开头那个，旧号不用了，大家存一下",
        "这是我新微信号，旧号停用了，麻烦大家重新加一下",
        "派出所刚发的：出借银行卡电话卡涉嫌帮信罪，村里已经判了两个",
        "钢珠轴承 批发零售 机械配件",
        "主场球衣预售，定金五十，尾款到货再付，枪手球迷冲",
        "模型店说仿92的金属模型不让卖了，只剩塑料的",
        "海边死鱼是赤潮，海洋局在监测，不用恐慌",
        "已转",
    ],
)
def test_lawful_posts_stay_lawful(engine: Engine, text: str) -> None:
    [verdict] = engine.run([text])
    assert not verdict.is_finding, (verdict.category, verdict.evidence)


@pytest.mark.parametrize(
    "text",
    [
        "我替你考虑过了，装修尾款等验收完再付",
        "办公软件安装包发你邮箱了，装完给权限时选仅使用中允许",
        "游戏官网就能下，别找人要什么安装包私发，直接装官方的",
        "网课代刷靠不靠谱啊，老师说查到记零分，包过的全是坑",
    ],
)
def test_the_new_rules_stay_silent_on_everyday_words(engine: Engine, text: str) -> None:
    # the classifiers may still misread some of these (a deposit, an install package):
    # what is checked here is that the stand-in and package rules do not fire
    fired = _fired(engine, text)
    assert "fake_documents.stand_in_exam" not in fired
    assert "phishing.package_private" not in fired


def test_a_changed_number_that_asks_for_money_is_still_a_scam(engine: Engine) -> None:
    text = "换号了，存一下新号。我这边急用钱，先转我两万，明天就还你，别跟别人说"
    [verdict] = engine.run([text])
    assert verdict.is_finding and verdict.category is Category.FRAUD


def test_denying_the_crime_name_is_no_report(engine: Engine) -> None:
    # 帮信罪 is how a report or a verdict names the crime; an offender saying it is none
    # still offers
    text = "租你银行卡一天三百，不构成帮信罪，放心，私聊"
    [verdict] = engine.run([text])
    assert verdict.is_finding and verdict.category is Category.FRAUD


def test_pinyin_with_tones_folds_like_pinyin(engine: Engine) -> None:
    plain, toned = (engine.normaliser.normalise(t).compact for t in ("mian甸", "miǎn甸"))
    assert plain == toned == "缅甸"
    # the folded view keeps its length: one letter for each accented one
    assert engine.normaliser.fold("Lǜ chá") == "lu cha"


@pytest.mark.parametrize("text", ["大坝裂了 全村快跑", "今晚水厂投毒 千万别喝"])
def test_a_short_hoax_is_a_claim(engine: Engine, text: str) -> None:
    [verdict] = engine.run([text])
    assert verdict.is_finding and verdict.category is Category.RUMOUR


@pytest.mark.parametrize(
    "text",
    [
        "新闻说有人网购仿真枪被判了。俺这有正品气狗，零件分开发，要的私",
        "都说网上百家乐是骗局，那是恁没找对平台，正规台子充一百送五十，提现秒到",
        "总听人说替考违法，俺这个是真的学霸本人上，先考后付，过了再给钱",
    ],
)
def test_offers_that_turn_after_speech(engine: Engine, text: str) -> None:
    [verdict] = engine.run([text])
    assert verdict.is_finding, (verdict.category, verdict.scores)
