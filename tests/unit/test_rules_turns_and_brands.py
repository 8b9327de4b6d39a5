"""Release 2027.1.5 (written here, not taken from the street set): an offer that opens as a
warning, a news item or a question and turns to the poster's own goods is an offer; the
speech it imitates stays speech; look-alike hosts of foreign brands with an English lure
are phishing; a short line of street slang that only the corpus model reads as a crime is
no finding; a parlour's denial of "special services" offers none."""

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
    ("text", "category"),
    [
        (
            "反诈APP大家都装了吧？装了就放心。我们这个是备案的理财项目，年化三十，保本保息，老乡们冲",
            Category.FRAUD,
        ),
        (
            "新闻天天讲网贷是骗局，讲得对。但是急用钱的可以找我，我们正规放款，只要先交600解冻金",
            Category.FRAUD,
        ),
        ("足疗店被查的新闻都看了吧？我们店是正规的😏 有特殊服务 熟人带", Category.PORNOGRAPHY),
    ],
)
def test_an_offer_that_turns_after_speech(engine: Engine, text: str, category: Category) -> None:
    [verdict] = engine.run([text])
    assert verdict.is_finding and verdict.category is category, verdict.context


@pytest.mark.parametrize(
    "text",
    [
        "有人拉我进群说押对了翻倍，这是不是赌博啊，我没敢玩",
        "银行提醒：我们这边不会打电话让您转账，入口是官方App，陌生链接别点",
        "今天村里开会，好多人家以前的土枪都上交了，派出所发了回执",
        "矿上安全员讲炸药雷管分库存放，钥匙两个人管，领用要登记",
        "我们是正规中医推拿，有执照有资质，不提供任何特殊服务，打电话问那种的别来了",
        "出二手号，全程走平台，验号没问题再确认收货，不走私下",
        "昨天一个自称网警的加我，讲帮我追回被骗的钱要先交立案费，真网警会收你立案费？",
    ],
)
def test_the_speech_an_offer_imitates_stays_speech(engine: Engine, text: str) -> None:
    [verdict] = engine.run([text])
    assert not verdict.is_finding, (verdict.category, verdict.evidence)


@pytest.mark.parametrize(
    "text",
    [
        "PayPal: We noticed unusual activity. Your account is locked until you verify it at "
        "paypal-resolve-center.top",
        "Apple ID 已被锁定 请在 appleid-unlock-help.xyz 验证身份 否则将永久停用",
    ],
)
def test_foreign_brands_on_look_alike_hosts(engine: Engine, text: str) -> None:
    assert "phishing.lookalike_link" in _fired(engine, text)


@pytest.mark.parametrize(
    "text",
    [
        "在 amazon.com 下的单被 cancel 了，客服说三天内退款，sign in 看了下确实在处理",
        "Steam夏促开始了 store.steampowered.com 上好多游戏打折 冲",
    ],
)
def test_the_brands_own_hosts_are_no_look_alikes(engine: Engine, text: str) -> None:
    assert "phishing.lookalike_link" not in _fired(engine, text)
    [verdict] = engine.run([text])
    assert not verdict.is_finding


@pytest.mark.parametrize("text", ["有货吗老板", "还有货吗", "鞭炮好响", "又出狗粮了 这对太甜了"])
def test_a_short_line_of_slang_words_alone_is_no_finding(engine: Engine, text: str) -> None:
    [verdict] = engine.run([text])
    assert not verdict.is_finding, (verdict.category, verdict.scores)


def test_a_short_offer_with_a_rule_is_still_found(engine: Engine) -> None:
    [verdict] = engine.run(["冰 一克三百 私"])
    assert verdict.is_finding and verdict.category is Category.DRUGS


@pytest.mark.parametrize(
    "text",
    [
        "额娃在游戏里叫人骗了，跟娃说了好几遍嫑私下交易",
        "嫑信那些中奖短信，中奖还要交钱？鬼信",
        "额们村里的土枪早都上交了",
        "海警提醒：自制炸药炸鱼违法，嫑干",
    ],
)
def test_northwestern_speech_about_crime_stays_speech(engine: Engine, text: str) -> None:
    """2027.1.6: 嫑 folds to 不要, so a warning in Shaanxi or Gansu words is a warning."""
    [verdict] = engine.run([text])
    assert not verdict.is_finding, (verdict.category, verdict.evidence)


def test_a_northwestern_offer_after_a_bulletin_is_an_offer(engine: Engine) -> None:
    [folded] = engine.normaliser.normalise_many(["嫑点陌生链接"])
    assert folded.compact.startswith("不要点")
    [verdict] = engine.run(["禁毒宣传看了吧？额这有货，冰和叶子都有，同城送"])  # 额 is 我 there
    assert verdict.is_finding and verdict.category is Category.DRUGS
