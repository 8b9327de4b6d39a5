"""Talking about a crime is not committing it; defanged and look-alike links; evasions the
normaliser undoes; evidence in whole words; classifier evidence alone held lower."""

from __future__ import annotations

import random

import pytest

from netpatrol.bootstrap import build_detection, build_normaliser
from netpatrol.data import load_json
from netpatrol.detect.base import Signal
from netpatrol.detect.evasion import evade_by_class, evasions
from netpatrol.detect.indicators import IndicatorKind, extract
from netpatrol.detect.lookalike import LookalikeJudge
from netpatrol.detect.pipeline import Engine
from netpatrol.detect.scoring import SeverityPolicy, judge
from netpatrol.domain.categories import Category, Severity


@pytest.fixture(scope="module")
def engine() -> Engine:
    return build_detection()


SCRIPT = "你名下账户涉嫌洗钱，我是公安局民警，立即把钱转入安全账户配合清查，不要告诉家人"


@pytest.mark.parametrize(
    ("frame", "kind"),
    [
        ("反诈提醒：骗子常说“{}”，接到就挂", "warning"),
        ("警方通报：已抓获犯罪嫌疑人，其作案时称{}", "report"),
        ("法院一审判处被告人有期徒刑五年，其冒充民警称{}", "verdict"),
        ("我妈差点被骗了，对方说{}", "victim"),
    ],
)
def test_speech_about_a_script_is_not_the_script(engine: Engine, frame: str, kind: str) -> None:
    [alone] = engine.run([SCRIPT])
    assert alone.is_finding and alone.category is Category.FRAUD
    [framed] = engine.run([frame.format(SCRIPT)])
    assert not framed.is_finding and framed.context == kind


def test_a_denial_of_being_a_scam_is_no_warning(engine: Engine) -> None:
    [verdict] = engine.run(["正规平台不是骗子，百家乐带玩，注册送88，首充翻倍，加群拉你"])
    assert verdict.is_finding and verdict.category is Category.GAMBLING and not verdict.context


def test_an_impersonator_accusing_the_victim_of_fraud_is_no_warning(engine: Engine) -> None:
    [script] = engine.run(["我是市公安局的民警，你的银行卡涉嫌诈骗，马上把钱转到安全账户配合调查"])
    assert script.is_finding and script.category is Category.FRAUD and not script.context
    [told] = engine.run(["接到电话说我涉嫌诈骗，要把钱转到安全账户，我直接挂了"])
    # the one who got the call (接到电话说) and hung up (直接挂了): a victim's account, a warning
    assert not told.is_finding and told.context == "victim"


@pytest.mark.parametrize(
    "text",
    [
        "群里有人说今晚要大地震让大家赶紧往外跑，其实是去年的旧视频翻出来的，别信别传",
        "有人发消息说化工厂爆炸毒气扩散赶紧关窗转移，厂里都发声明了，正常生产",
    ],
)
def test_a_debunk_in_everyday_words_lowers_the_hoax_it_retells(engine: Engine, text: str) -> None:
    [verdict] = engine.run([text])
    assert not verdict.is_finding and verdict.context == "debunk"


def test_a_debunk_lowers_a_rumour_but_a_report_does_not_excuse_an_insult(engine: Engine) -> None:
    hoax = "紧急扩散！有人在井水里投毒，已经死了好几个，速转给家人"
    [plain] = engine.run([hoax])
    [debunked] = engine.run([f"辟谣：网传“{hoax}”系谣言，经核实不实"])
    assert plain.category is Category.RUMOUR and not debunked.is_finding
    assert "rumour" in load_json("rules/v1/discourse.json")["applies_to"]["debunk"]
    assert "insult" not in load_json("rules/v1/discourse.json")["applies_to"]["report"]


def test_a_refusal_in_the_posters_own_words_lowers_even_a_firm_rule(engine: Engine) -> None:
    """Loss recovery for a fee is written in victims' words and stays a finding in them;
    no one offering it writes that they ignored it."""
    offer, refused = engine.run(
        [
            "被骗的钱能追回 先交两千服务费 私我",
            "有人加我说能把被骗的钱追回来 先交两千服务费 我没理",
        ]
    )
    assert offer.is_finding and offer.category is Category.FRAUD
    assert not refused.is_finding
    assert engine.discourse is not None
    [item] = engine.prepare(["有人加我说能把被骗的钱追回来 先交两千服务费 我没理"])
    assert "refused" in engine.discourse.read([item])[0].kinds


def test_an_app_package_link_stays_a_finding_whoever_speaks(engine: Engine) -> None:
    [verdict] = engine.run(["【国家反诈中心】请下载安全检测App：hxxp://fzzx-app.top/fz.apk"])
    assert verdict.is_finding and verdict.category is Category.PHISHING
    # a refusal tacked on lowers loss recovery only, never a package link
    [tacked] = engine.run(["请下载安全检测App：hxxp://fzzx-app.top/fz.apk 我没理"])
    assert tacked.is_finding and tacked.category is Category.PHISHING


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("入口 hxxps://sbk-nianshen[.]vip 未年审", "sbk-nianshen.vip"),
        ("打开 etc-rz . top 认证", "etc-rz.top"),
        ("短链 t。cn/A6xYz9 领取", "t.cn"),
        ("ｅｔｃ－ｒｅｎｚｈｅｎｇ．ｔｏｐ", "etc-renzheng.top"),
    ],
)
def test_defanged_links_are_read_and_point_at_what_was_written(text: str, value: str) -> None:
    folded = build_normaliser().fold(text)
    domains = [i for i in extract(folded) if i.kind is IndicatorKind.DOMAIN]
    assert [d.value for d in domains] == [value]
    assert text[domains[0].start : domains[0].end].replace(" ", "") != ""


def test_sentences_with_full_stops_are_not_links() -> None:
    assert extract("今天很开心. 明天见。版本 1. 2 更新") == []


@pytest.mark.parametrize(
    ("host", "verdict"),
    [
        ("icbc-cn.top", "brand:icbc"),
        ("10086-jf.xyz", "brand:cmcc"),
        ("www.icbc.com.cn", ""),
        ("etc-renzheng.top", "brand:etc"),
        ("gov-shebao.cc", "gov"),
        ("rsj.beijing.gov.cn", ""),
        ("xn--fiqs8s.com", "punycode"),
        ("dhI-express-track.com", "brand:dhl"),  # a capital I for the l, lower-cased
        ("www.dhl.com", ""),
        ("weixin-pay.top", "brand:wechat"),  # read as written too, not only as folded
        ("myblog.top", ""),
    ],
)
def test_look_alike_hosts(host: str, verdict: str) -> None:
    judge_ = LookalikeJudge(load_json("rules/v1/brands.json"))
    assert judge_.judge(host).lookalike == verdict


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("❄️到了", "冰到了"),
        ("气🐶出", "汽狗出"),
        ("女昌", "娼"),
        ("加𝐯𝐱", "加微信"),
        ("伱好", "你好"),
        ("bing毒", "冰毒"),
    ],
)
def test_the_normaliser_undoes_stand_ins_splits_styled_letters_and_half_pinyin(
    written: str, meant: str
) -> None:
    assert build_normaliser().normalise(written).compact == meant


def test_every_evasion_class_changes_a_text_and_keeps_its_seed() -> None:
    shipped = load_json("lexicon/v1/variants.json")
    tables = {k: shipped[k] for k in ("stand_ins", "splits", "variant_chars")}
    text = "你要的冰毒 加微信13800138000 链接 http://icbc-cn.top/a 枪 赌博"
    table = evasions(shipped["variants"], **tables)
    assert {"emoji", "split_characters", "mars_script", "pinyin_inside", "defanged_links"} <= set(
        table
    )
    for name, evade in table.items():
        if name in ("traditional", "chinese_digits"):
            continue
        assert evade(text, random.Random(3)) != text, name
    assert evade_by_class([text], shipped["variants"], **tables) == evade_by_class(
        [text], shipped["variants"], **tables
    )


POLICY = SeverityPolicy({c: Severity.HIGH for c in Category if c.is_violation}, topic_min_chars=5)


def test_classifier_evidence_alone_is_held_one_step_lower() -> None:
    ngram = Signal(Category.FRAUD, 0.9, 0, 4, "安全账户", "classifier")
    rule = Signal(Category.FRAUD, 0.9, 0, 4, "安全账户", "intent", "fraud.x")
    text_length = 30
    assert judge([ngram], POLICY, length=text_length).severity is Severity.MEDIUM
    assert judge([rule], POLICY, length=text_length).severity is Severity.HIGH
    assert not judge([ngram], POLICY, length=3).is_finding


def test_n_grams_alone_that_find_a_post_more_ordinary_than_not_make_no_finding() -> None:
    policy = SeverityPolicy(
        {c: Severity.HIGH for c in Category if c.is_violation}, topic_over=(Category.NORMAL,)
    )
    guns = Signal(Category.GUNS, 0.85, 0, 3, "好家伙", "street_classifier")
    ordinary = Signal(Category.NORMAL, 0.9, 0, 0, "", "classifier")
    assert not judge([guns, ordinary], policy, length=3).is_finding
    less_ordinary = ordinary._replace(weight=0.4)
    assert judge([guns, less_ordinary], policy, length=3).severity is Severity.MEDIUM
    # advertising is no reason: a task scam reads like an advert (see `ad` in the README)
    advert = Signal(Category.AD, 0.9, 0, 0, "", "classifier")
    assert judge([guns, advert], policy, length=3).is_finding
    # a rule's or a term's evidence is more than topic: the classifiers do not overrule it
    rule = Signal(Category.GUNS, 0.8, 0, 3, "气狗", "intent", "guns.slang_in_trade")
    assert judge([rule, ordinary], policy, length=3).severity is Severity.HIGH
    shipped = SeverityPolicy.from_data(load_json("policy.json"))
    assert shipped.topic_over == (Category.NORMAL,)
    with pytest.raises(ValueError, match="benign categories only"):
        SeverityPolicy.from_data({**load_json("policy.json"), "topic_only_over": ["fraud"]})


def test_a_short_line_needs_the_named_n_gram_models_to_agree() -> None:
    """Below `short_below` characters n-grams alone make a finding only when each model in
    `short_models` rates the category; a rule's evidence needs no such agreement."""
    base = {c: Severity.HIGH for c in Category if c.is_violation}
    policy = SeverityPolicy(base, short_below=9)  # both models by default
    corpus = Signal(Category.DRUGS, 0.9, 0, 0, "", "classifier")
    street = Signal(Category.DRUGS, 0.3, 0, 0, "", "street_classifier")
    assert not judge([corpus, street], policy, length=5).is_finding
    assert judge([corpus, street._replace(weight=0.6)], policy, length=5).is_finding
    assert judge([corpus, street], policy, length=9).is_finding  # long enough for one
    rule = Signal(Category.DRUGS, 0.8, 0, 2, "有冰", "intent", "drugs.x")
    assert judge([corpus, street, rule], policy, length=5).severity is Severity.HIGH
    street_only = SeverityPolicy(base, short_below=9, short_models=("street_classifier",))
    sure = [corpus._replace(weight=0.1), street._replace(weight=0.85)]
    assert judge(sure, street_only, length=5).is_finding
    assert not judge([corpus, street], street_only, length=5).is_finding
    shipped = load_json("policy.json")
    assert SeverityPolicy.from_data(shipped).short_below == shipped.get("short_text_below_chars", 0)
    with pytest.raises(ValueError, match="n-gram models only"):
        SeverityPolicy.from_data({**shipped, "short_text_models": ["intent"]})


def test_a_lower_category_with_a_rules_evidence_is_found_when_the_top_one_is_not() -> None:
    """The top category's n-grams are overruled by the classifiers' `normal`; a lower
    category resting on a rule is still a finding, not a post left as normal."""
    policy = SeverityPolicy(
        {c: Severity.HIGH for c in Category if c.is_violation}, topic_over=(Category.NORMAL,)
    )
    phishing = Signal(Category.PHISHING, 0.71, 0, 0, "", "street_classifier")
    ordinary = Signal(Category.NORMAL, 0.9, 0, 0, "", "classifier")
    rule = Signal(Category.FRAUD, 0.7, 8, 11, "验证码", "intent", "fraud.code_request")
    verdict = judge([phishing, ordinary, rule], policy, length=30)
    assert verdict.category is Category.FRAUD and verdict.severity is Severity.HIGH
    assert [s.ref for s in verdict.evidence] == ["fraud.code_request"]
    # without the rule the post stays ordinary
    assert not judge([phishing, ordinary], policy, length=30).is_finding


def test_pet_owners_talk_lowers_the_models_guns_not_a_gun_rule(engine: Engine) -> None:
    [pets] = engine.run(["宠物群：养狗的朋友有需要狗粮的可以团购，加我拉你"])
    assert pets.context == "pets" and not pets.is_finding
    [offer] = engine.run(["狗粮到货 4.5 5.5 都有 量大从优 宠物群的老哥懂"])
    assert offer.is_finding and offer.category is Category.GUNS


def test_evidence_comes_in_words_not_digits(engine: Engine) -> None:
    [verdict] = engine.run(["手机点赞关注 一单5元 日结 宝妈学生都能做 入职先交99会员费 加v详聊"])
    assert verdict.evidence
    assert all(not s.text.strip().isdigit() for s in verdict.evidence)


@pytest.mark.parametrize(
    "change",
    [
        {"damp": 2.0},
        {"markers": {}},
        {"applies_to": {"report": ["fraud"]}},
        {"markers": {"report": ["★"]}, "applies_to": {"report": ["fraud"]}},
        {"applies_to": {"report": ["politics"]}},
        {"models_hold": {"detectors": ["classifier"], "min": 2.0}},
        {"models_hold": {"detectors": ["classifier"], "categories": ["politics"]}},
        {"turns": ["★"]},
        {"own_contact_cancels": ["gossip"]},
        {"own_contact": ["★"]},
    ],
)
def test_malformed_speech_data_is_refused_with_a_reason(change: dict[str, object]) -> None:
    from netpatrol.detect.discourse import DiscourseError, DiscourseReader

    document = {**load_json("rules/v1/discourse.json"), **change}
    with pytest.raises(DiscourseError):
        DiscourseReader(document, build_normaliser())


def test_malformed_brand_data_is_refused() -> None:
    with pytest.raises(ValueError, match="brand data"):
        LookalikeJudge({"version": "1", "brands": {"x": {"tokens": ["x"]}}, "cheap_tlds": []})


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("这游戏里炸弹能炸开石墙，通关后有宝箱", "game"),
        ("排位又输了，扔个手雷把自己炸死了", "game"),
        # friends settling a bill or a small debt among themselves
        ("周末唱K一共四百，AA制，一人一百，就差你了", "settle"),
        ("上次垫的饭钱不急着还，你先忙", "settle"),
        ("人肉别人是违法的，邻居再有矛盾也别把人家住址发出来", "counter"),
        ("男的女的都有难处，别一刀切，不能代表全部", "counter"),
        # asking locals whether a rumour is true is checking it, not spreading it
        ("群里在传东门有面包车抢孩子，是真的吗？求本地人说一下", "verify"),
        ("我真是个大傻瓜，钥匙又锁屋里了", "self"),
        ("我就是个废柴，说好的早起跑步，闹钟响了三次都没起", "self"),
        ("我被人开盒了，住址电话都被发到网上，现在天天有人打电话骂我", "target"),
        ("同事找兼职打字员，对方要先交198培训费，交完就没下文了", "victim"),
        ("你个笨蛋，又把伞落我车上了，明天给你带了早饭一起拿", "banter"),
        ("你这个傻丫头，作业写完没？写完了姐请你吃冰淇淋", "banter"),
        ("室友半夜打呼噜像打雷，你个猪能不能翻个身，还是爱你的", "banter"),
        ("法考真题里有一道开设赌场罪的案例，网上做代理的也算", "study"),
        ("矿上的炸药雷管领用要双人签字，用剩的当天退库", "licensed"),
        ("我舅舅在矿上干爆破，领炸药都登记，双人押运，用不完当天退库", "licensed"),
        ("同事在群里骂我废物，这种能告他侮辱吗", "target"),
        ("天天让人拉下线交入会费，这不是骗局是什么", "warning"),
        ("海关提醒：从境外带回的仿真枪、弩和管制刀具都属于禁止进境物品", "warning"),
        ("网购仿真枪要看清楚，枪口比动能超标的就算枪支了，会被追究刑事责任", "warning"),
        ("朋友说能找关系包过签证，我直接拒了，哪有这种好事", "warning"),
        ("群里有人发代开发票的广告，别理，虚开是刑事犯罪", "warning"),
        ("保安每晚赶走发小卡片的人，拍照报给派出所", "warning"),
        # two kinds at once: a plea for help (victim) from someone who was doxxed (target)
        ("求助！我被人开盒了，住址和单位全被人扒出来发到网上，现在该怎么办", "victim"),
        # an official ban, a moderator called, a debunk of food 'clashes', abuse condemned,
        # a ring's owner caught, a scam nearly obeyed
        ("游戏官方公告：严禁私下交易账号，被骗官方无法找回", "warning"),
        ("房管在吗 有人在公屏刷赌博链接，麻烦踢一下", "warning"),
        ("营养师：菠菜和豆腐相克这些说法都不成立", "debunk"),
        ("女主播被骂'花瓶'，这种恶意评论请平台严肃处理", "counter"),
        ("赌球群群主被抓，查出上万条下注记录", "report"),
        ("快递理赔要下载会议软件共享屏幕，我妈差点就照做了", "victim"),
    ],
)
def test_a_game_a_lesson_a_licensed_trade_a_joke_teasing_or_a_victims_account_is_no_offence(
    engine: Engine, text: str, kind: str
) -> None:
    [verdict] = engine.run([text])
    assert not verdict.is_finding and verdict.context == kind


def test_cantonese_spellings_fold_and_mandarin_words_around_them_do_not() -> None:
    """唔使 is 不用 and 搵人 is 找人; 超过数 and 按金额 are Mandarin and stay as written."""
    normaliser = build_normaliser()
    [folded, kept] = normaliser.normalise_many(["唔使押金，搵人帮手", "超过数十人按金额计算"])
    assert folded.compact == "不用押金，找人帮手"
    assert kept.compact == "超过数十人按金额计算"


def test_cantonese_words_read_as_their_mandarin_ones() -> None:
    normaliser = build_normaliser()
    [post] = normaliser.normalise_many(["有冇人要？唔好喺度问，私傾，佢哋嘅嘢好正"])
    assert post.compact == "有没有人要？不要在度问，私聊，他哋的东西好正"
    # the folds keep the map back to the text as written
    start = post.compact.index("私聊")
    assert post.to_original(start, start + 2) == (11, 13)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # an offer that opens with a warning, a victim's story or the news, then turns
        ("新闻说最近查得严，大家小心点。我这有货，纯度高，同城面交", Category.DRUGS),
        (
            "千万别信网上办证的，都是骗子！我们是实体店，驾驶证学历证都能做，先看样品",
            Category.FAKE_DOCUMENTS,
        ),
        (
            "警惕虚假彩票平台！被坑的兄弟要做就来我们这个正规的，首充送彩金，提现秒到",
            Category.GAMBLING,
        ),
        (
            "炒股被套的太多了，看着心疼。我们是正规团队，老师带单，稳赚不赔，进群先交会员费",
            Category.FRAUD,
        ),
    ],
)
def test_an_offer_dressed_as_speech_about_crime_stays_a_finding(
    engine: Engine, text: str, category: Category
) -> None:
    [verdict] = engine.run([text])
    assert verdict.is_finding and verdict.category is category, verdict.scores


@pytest.mark.parametrize(
    "text",
    [
        "我这边有渠道核实真假，就是报警！别信那些说能追回的，都是二次诈骗",
        "警方提醒：有人在评论区冒充网警说能帮忙追回被骗的钱，先收手续费，都是骗子",
        "我妈差点被骗，对方说“我们是正规理财，保本保息”，幸好我拦下了",
        # the turns quoted in a police notice are the offenders' words
        '派出所提示：有人在群里发"我这有货""需要的私"之类的消息兜售违禁品，发现请截图举报',
    ],
)
def test_warnings_that_tell_of_an_offer_stay_speech(engine: Engine, text: str) -> None:
    [verdict] = engine.run([text])
    assert not verdict.is_finding, (verdict.category, verdict.context)


def test_classifiers_sure_of_an_offer_keep_it_through_speech_but_not_through_quotes(
    engine: Engine,
) -> None:
    from netpatrol.detect.discourse import DiscourseReader

    reader = DiscourseReader(load_json("rules/v1/discourse.json"), build_normaliser())
    offer = "被骗了别灰心，专业团队帮你追回"
    [item, quoted] = engine.prepare([offer, f"骗子说“{offer}”"])
    sure = [
        Signal(Category.FRAUD, 0.9, 0, 0, "", "classifier"),
        Signal(Category.FRAUD, 0.8, 0, 0, "", "street_classifier"),
    ]
    context = reader.read([item])[0]
    assert context.kind == "victim"
    assert [s.weight for s in reader.apply(item, context, sure)] == [0.9, 0.8]
    context = reader.read([quoted])[0]
    assert [s.weight for s in reader.apply(quoted, context, sure)] == [0.27, 0.0]
    # one classifier alone is not enough; nor is an insult, which is no offer
    alone = [sure[0], sure[1]._replace(weight=0.5)]
    assert reader.apply(item, reader.read([item])[0], alone)[0].weight < 0.9


def test_laughter_alone_is_no_banter(engine: Engine) -> None:
    [verdict] = engine.run(["哈哈哈你就是个傻逼🤣🤣滚出我们群"])
    assert verdict.is_finding and verdict.category is Category.INSULT


def test_each_kind_of_speech_seen_lowers_what_it_concerns(engine: Engine) -> None:
    assert engine.discourse is not None
    [item] = engine.prepare(["求助！我被人开盒了，现在该怎么办"])
    [context] = engine.discourse.read([item])
    assert context.kind == "victim" and context.kinds == ("victim", "target")


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("出炸药雷管，矿山工地用，不要手续，私聊", Category.EXPLOSIVES),
        ("你就是个傻逼，滚出去", Category.INSULT),
        ("兼职打字员，先交198元入职培训费，加微信", Category.FRAUD),
        # an investment 'teacher' is no lesson; a promise to bear the loss is no victim's loss
        ("老师讲的这只票明天必涨，今晚打款到指定账户锁定额度", Category.FRAUD),
        ("我带你做黄金，稳赚的，亏了算我的，先投一万试试", Category.FRAUD),
        # a game denied is no game: 不是游戏里那种 sells the real thing
        ("出气狗和子弹，不是游戏里那种，真家伙，私聊", Category.GUNS),
        # an offer that quotes its doubters is no warning
        (
            "别人总说网上的都是骗人的，那是没遇到靠谱的，百家乐带玩，注册送88，首充翻倍，私我",
            Category.GAMBLING,
        ),
    ],
)
def test_the_same_words_said_in_earnest_stay_findings(
    engine: Engine, text: str, category: Category
) -> None:
    [verdict] = engine.run([text])
    assert verdict.is_finding and verdict.category is category


def test_a_hoax_that_opens_with_wang_chuan_stays_a_rumour_until_it_is_denied(
    engine: Engine,
) -> None:
    hoax = "网传明天起全市停水三天，赶紧囤水，转给家里人！"
    [plain] = engine.run([hoax])
    [denied] = engine.run(["网传明天起全市停水三天，自来水公司回应：系谣言，供水正常"])
    assert plain.is_finding and plain.category is Category.RUMOUR
    assert not denied.is_finding and denied.context == "debunk"


@pytest.mark.parametrize(
    "text",
    [
        "您的贷款已审批通过，请先把一千五保证金打到工行朝阳支行账户，户名张强，到账即放款",
        "您好您乘坐的航班因天气原因已取消，改签不收取任何费用，另获延误补偿两百元，请联系客服办理",
        "急用钱找我，无抵押贷款当天放款，详询客服，先交三百手续费",
    ],
)
def test_a_scam_that_names_a_branch_or_waives_fees_is_no_lenders_disclosure(
    engine: Engine, text: str
) -> None:
    # fake transfers name a branch, fake flights waive fees, adverts say 详询: none of it is
    # a regulated lender speaking
    [verdict] = engine.run([text])
    assert verdict.context != "regulated" and verdict.category is Category.FRAUD


def test_a_lenders_own_disclosure_still_lowers_fraud(engine: Engine) -> None:
    [verdict] = engine.run(["本行理财产品年化收益百分之三，理财非存款，产品有风险，投资需谨慎"])
    assert verdict.context == "regulated" and not verdict.is_finding


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "尊敬的用户，我行将开展网银升级，请登录 http://icbc-hexiao.cc 完成认证，逾期冻结",
            "phishing",
        ),
        ("你这种垃圾早该被抓进去关一辈子，废物一个，滚出我们小区", "insult"),
        ("这个人渣活该被判，一家子都是畜生，不是真的人", "insult"),
    ],
)
def test_common_words_are_no_markers_of_a_report_or_debunk(
    engine: Engine, text: str, category: str
) -> None:
    # 开展, 被抓, 被判, 不是真的, 谣言 and 识别 sit in scams and abuse as often as in bulletins
    [verdict] = engine.run([text])
    assert verdict.is_finding and verdict.category.value == category and not verdict.context


def test_a_bulletin_still_reads_as_a_report(engine: Engine) -> None:
    [verdict] = engine.run(["警方通报：专项行动中抓获犯罪嫌疑人三名，缴获冰毒两百克，案件正在侦办"])
    assert verdict.context == "report" and not verdict.is_finding
