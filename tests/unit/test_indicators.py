"""Contact and payment indicators read from post text (M3), and the known-indicator store (M9).

Texts here are written as the detector receives them: folded (lower case, ASCII digits and
letters, full-width punctuation such as '：（）' left as written). A false positive can put a
warning in front of an innocent person, so every kind has inputs that must not match.
"""

from __future__ import annotations

import pytest

from netpatrol.detect.indicators import (
    Indicator,
    IndicatorKind,
    IndicatorStore,
    canonical,
    extract,
    extract_many,
    luhn_ok,
)

K = IndicatorKind


def with_check_digit(body: str) -> str:
    """`body` plus the one digit that makes it pass Luhn."""
    (number,) = [body + d for d in "0123456789" if luhn_ok(body + d)]
    return number


def failing_luhn(body: str) -> str:
    valid = with_check_digit(body)
    return valid[:-1] + str((int(valid[-1]) + 1) % 10)


def id_card_passing_luhn(prefix: str = "440301199003071") -> str:
    """A well-formed 18-digit ID-card number (valid birth date and check digit) that also
    passes Luhn, as about one in ten do."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    for sequence in range(100):
        body = f"{prefix}{sequence:02d}"
        check = "10X98765432"[sum(w * int(d) for w, d in zip(weights, body, strict=True)) % 11]
        if check != "X" and luhn_ok(body + check):
            return body + check
    raise AssertionError("no such number")


CARD_16 = with_check_digit("622202123456789")
CARD_19 = with_check_digit("622202123456789012")
CARD_19_GROUPED = " ".join(CARD_19[i : i + 4] for i in range(0, 19, 4))  # 4-4-4-4-3
ETH = "0x52908400098527886e0f7030069857d2e4169ee7"
TRC20 = "tjcnkspa7y5okkxvqaidzbzqx3qyq6sxmw"  # TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW, folded
BECH32 = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
LEGACY_BTC = "1a1zp1ep5qgefi2dmptftl5slmv7divfna"


def found(text: str) -> set[tuple[IndicatorKind, str]]:
    return {(i.kind, i.value) for i in extract(text)}


def assert_spans_hold(text: str, indicators: list[Indicator]) -> None:
    for ind in indicators:
        assert 0 <= ind.start < ind.end <= len(text)
        assert canonical(ind.kind, text[ind.start : ind.end]) == ind.value, ind


POSITIVES = [
    # phone: plain, inside Chinese, spaced, dashed, +86 / 86 / 0086 prefixes
    ("13812345678", {(K.PHONE, "13812345678")}),
    ("电话13812345678咨询", {(K.PHONE, "13812345678")}),
    ("联系 138 1234 5678 ", {(K.PHONE, "13812345678")}),
    ("联系138-1234-5678。", {(K.PHONE, "13812345678")}),
    ("+86 138-1234-5678", {(K.PHONE, "13812345678")}),
    ("(+86)13912345678", {(K.PHONE, "13912345678")}),
    ("8615012345678", {(K.PHONE, "15012345678")}),
    ("0086 19912345678", {(K.PHONE, "19912345678")}),
    ("tel13812345678", {(K.PHONE, "13812345678")}),
    # landline: dash, space, parentheses, full-width parentheses, after a cue without separator
    ("电话：010-12345678", {(K.LANDLINE, "010-12345678")}),
    ("0755 12345678", {(K.LANDLINE, "0755-12345678")}),
    ("(0755)1234567", {(K.LANDLINE, "0755-1234567")}),
    ("拨打（020）87654321", {(K.LANDLINE, "020-87654321")}),
    ("客服电话02187654321", {(K.LANDLINE, "021-87654321")}),
    # QQ: only after a cue; ASCII and full-width colon; a mobile-shaped QQ is a phone too
    ("qq:12345678", {(K.QQ, "12345678")}),
    ("qq：12345678", {(K.QQ, "12345678")}),
    ("加扣扣 123456789", {(K.QQ, "123456789")}),
    ("q群 123456", {(K.QQ, "123456")}),
    ("qq群号：12345", {(K.QQ, "12345")}),
    ("企鹅号 87654321", {(K.QQ, "87654321")}),
    ("球球98765432来玩", {(K.QQ, "98765432")}),
    ("qq 13812345678", {(K.QQ, "13812345678"), (K.PHONE, "13812345678")}),
    # WeChat: an id after a cue, or a mobile number after a cue (then also a phone)
    ("微信：abc_123", {(K.WECHAT, "abc_123")}),
    ("加微信 zhangsan", {(K.WECHAT, "zhangsan")}),
    ("vx: hello-world", {(K.WECHAT, "hello-world")}),
    ("加v abcdef1", {(K.WECHAT, "abcdef1")}),
    ("+v wxid_abc123", {(K.WECHAT, "wxid_abc123")}),
    ("v:kefu888", {(K.WECHAT, "kefu888")}),
    ("薇信号是 meimei520", {(K.WECHAT, "meimei520")}),
    ("weixin zhang_san88", {(K.WECHAT, "zhang_san88")}),
    ("vx13812345678", {(K.WECHAT, "13812345678"), (K.PHONE, "13812345678")}),
    ("微信同号13912345678", {(K.WECHAT, "13912345678"), (K.PHONE, "13912345678")}),
    # URL: with scheme or www.; trailing punctuation is not part of it; IDN and punycode
    (
        "点击https://evil.com/login?id=1，",
        {(K.URL, "https://evil.com/login?id=1"), (K.DOMAIN, "evil.com")},
    ),
    ("(见http://abc.com/x)", {(K.URL, "http://abc.com/x"), (K.DOMAIN, "abc.com")}),
    ("打开www.abc123.top了解", {(K.URL, "www.abc123.top"), (K.DOMAIN, "abc123.top")}),
    (
        "http://www.evil.com:8080/a",
        {(K.URL, "http://www.evil.com:8080/a"), (K.DOMAIN, "evil.com")},
    ),
    ("访问http://例子.中国/a了解", {(K.URL, "http://例子.中国/a"), (K.DOMAIN, "例子.中国")}),
    (
        "http://xn--fsqu00a.xn--fiqs8s/",
        {(K.URL, "http://xn--fsqu00a.xn--fiqs8s/"), (K.DOMAIN, "例子.中国")},
    ),
    ("http://1.2.3.4/x", {(K.URL, "http://1.2.3.4/x")}),
    # DOMAIN: bare hosts with a real TLD, Chinese TLDs, Chinese hosts set off by a space
    ("下载abc123.top", {(K.DOMAIN, "abc123.top")}),
    ("登录 pay-secure.com.cn 验证", {(K.DOMAIN, "pay-secure.com.cn")}),
    ("evil.top/login", {(K.URL, "evil.top/login"), (K.DOMAIN, "evil.top")}),
    ("网址 abc.中国", {(K.DOMAIN, "abc.中国")}),
    ("网址：例子.中国 ", {(K.DOMAIN, "例子.中国")}),
    ("xn--fsqu00a.xn--fiqs8s", {(K.DOMAIN, "例子.中国")}),
    ("网址 例子.中国/login", {(K.URL, "例子.中国/login"), (K.DOMAIN, "例子.中国")}),
    ("发邮件到 abc@163.com", {(K.DOMAIN, "163.com")}),
    # SHORT_LINK: with or without a scheme, also a URL and a DOMAIN
    (
        "https://t.cn/a6bcdef。",
        {(K.URL, "https://t.cn/a6bcdef"), (K.DOMAIN, "t.cn"), (K.SHORT_LINK, "t.cn/a6bcdef")},
    ),
    (
        "戳t.cn/a6bcdef领取",
        {(K.URL, "t.cn/a6bcdef"), (K.DOMAIN, "t.cn"), (K.SHORT_LINK, "t.cn/a6bcdef")},
    ),
    (
        "http://bit.ly/3xyz",
        {(K.URL, "http://bit.ly/3xyz"), (K.DOMAIN, "bit.ly"), (K.SHORT_LINK, "bit.ly/3xyz")},
    ),
    (
        "dwz.cn/xyz",
        {(K.URL, "dwz.cn/xyz"), (K.DOMAIN, "dwz.cn"), (K.SHORT_LINK, "dwz.cn/xyz")},
    ),
    # BANK_CARD: 16-19 digits passing Luhn, plain or grouped by four
    (f"卡号{CARD_16}", {(K.BANK_CARD, CARD_16)}),
    (f"卡号：{CARD_19}", {(K.BANK_CARD, CARD_19)}),
    (f"转账到 {CARD_19_GROUPED} 户名张三", {(K.BANK_CARD, CARD_19)}),
    ("4111-1111-1111-1111", {(K.BANK_CARD, "4111111111111111")}),
    # ALIPAY: a mobile number (also a phone) or an e-mail after the cue
    ("支付宝：13812345678", {(K.ALIPAY, "13812345678"), (K.PHONE, "13812345678")}),
    ("zfb abc.def@qq.com", {(K.ALIPAY, "abc.def@qq.com"), (K.DOMAIN, "qq.com")}),
    ("支付宝账号 pay_01@163.com", {(K.ALIPAY, "pay_01@163.com"), (K.DOMAIN, "163.com")}),
    # CRYPTO: ERC-20, TRC-20, bech32 anywhere; legacy Bitcoin only after a cue
    (f"usdt erc20 {ETH}", {(K.CRYPTO, ETH)}),
    (f"trc20地址{TRC20}", {(K.CRYPTO, TRC20)}),
    (f"收款 {BECH32}", {(K.CRYPTO, BECH32)}),
    (f"btc地址：{LEGACY_BTC}", {(K.CRYPTO, LEGACY_BTC)}),
    (f"比特币钱包 {LEGACY_BTC}", {(K.CRYPTO, LEGACY_BTC)}),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds_indicators(text: str, expected: set[tuple[IndicatorKind, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize("text", [text for text, _ in POSITIVES])
def test_spans_point_at_what_was_matched(text: str) -> None:
    assert_spans_hold(text, extract(text))


NEGATIVES = [
    # order numbers, timestamps, prices, dates, times, counts
    "订单号20261127083015已发货",
    "订单号02187654321",
    "价格¥1380.00，限时",
    "日期2026-11-27",
    "2026-11-27 08:30:15",
    "2026年11月27日",
    "阅读量100000+",
    # digit runs of the wrong length, or a phone inside a longer digit run
    "1380013800",
    "123813812345678",
    "13812345678901",
    "5个人12345",
    "0755-123",
    "1234 5678 9012 3456 7890",
    # versions, decimals, file names, abbreviations that end in a TLD-like word
    "升级到v1.2.3",
    "圆周率3.14",
    "照片.jpg",
    "见附件report.pdf和data.zip",
    "e.g. 例如",
    "1.中国经济 2.美国经济",
    "mr.wang说",
    "打开www.abc看看",
    "哈哈.gg",
    # cues without an indicator, or with a word that is not an id
    "微信 ok",
    "加微信 hello",
    "微信支付很方便",
    "微信 payment",
    "支付宝很方便",
    "地址：北京市朝阳区1号",
    "扣扣 012345",
    # crypto-like strings without a cue or of the wrong shape
    LEGACY_BTC,
    "0x52908400098527886e0f7030069857d2e4169ee",
    "tabcdefghijklmnopqrstuvwxyzabcdefgh",
    # plain Chinese and English
    "今天天气很好，我们去公园散步吧！",
    "the quick brown fox jumps over the lazy dog",
    "",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores_what_only_looks_like_an_indicator(text: str) -> None:
    assert extract(text) == []


def test_no_qq_without_a_cue() -> None:
    assert found("12345") == set()
    assert found("快来12345678") == set()
    assert found("qq:12345678") == {(K.QQ, "12345678")}
    assert found("发到12345@qq.com 123456") == {(K.DOMAIN, "qq.com")}


def test_a_number_failing_luhn_is_not_a_bank_card() -> None:
    bad = failing_luhn("622202123456789")
    assert not luhn_ok(bad)
    assert found(f"卡号{bad}") == set()
    grouped = " ".join(bad[i : i + 4] for i in range(0, 16, 4))
    assert found(f"卡号 {grouped}") == set()


def test_an_id_card_number_is_not_a_bank_card_even_when_luhn_passes() -> None:
    id_number = id_card_passing_luhn()
    assert luhn_ok(id_number)
    assert found(f"身份证{id_number}") == set()
    assert found("身份证44030119900307123x") == set()


def test_a_luhn_valid_run_that_cannot_be_a_card_is_ignored() -> None:
    order = with_check_digit("202611270830150")  # starts with 2: no card network uses it
    assert found(f"订单{order}") == set()
    hex_like = with_check_digit("529084000985278")
    assert found(f"0x{hex_like}") == set()


def test_luhn() -> None:
    assert luhn_ok("4111111111111111")
    assert luhn_ok("79927398713")
    assert not luhn_ok("4111111111111112")
    assert not luhn_ok("")
    assert not luhn_ok("4111 1111 1111 1111")
    assert not luhn_ok("４１１１１１１１１１１１１１１１")  # full-width digits are not digits here


def test_spans_are_offsets_into_the_text() -> None:
    text = "电话13812345678咨询，或加微信：abc_123，官网https://t.cn/a6bcdef。"
    by_kind = {i.kind: text[i.start : i.end] for i in extract(text)}
    assert by_kind[K.PHONE] == "13812345678"
    assert by_kind[K.WECHAT] == "abc_123"
    assert by_kind[K.URL] == "https://t.cn/a6bcdef"
    assert by_kind[K.SHORT_LINK] == "https://t.cn/a6bcdef"
    assert by_kind[K.DOMAIN] == "t.cn"
    (phone,) = [i for i in extract("+86 138-1234-5678") if i.kind is K.PHONE]
    assert (phone.start, phone.end) == (0, 17)


def test_results_are_ordered_by_start_without_duplicates() -> None:
    text = f"vx13812345678 qq:12345678 卡号{CARD_16} http://www.evil.com/x 13812345678"
    result = extract(text)
    assert [i.start for i in result] == sorted(i.start for i in result)
    keys = [(i.kind, i.value, i.start) for i in result]
    assert len(keys) == len(set(keys))
    assert [i.kind for i in result].count(K.PHONE) == 2
    assert_spans_hold(text, result)


def test_finds_indicators_deep_in_a_long_post() -> None:
    filler = "这是一段很长的正常内容，没有任何联系方式。" * 20
    english = "nothing to see here, just words and 2026 numbers. " * 10
    text = filler + english + "加微信 kefu_2026 或致电13812345678" + filler
    assert found(text) == {
        (K.WECHAT, "kefu_2026"),
        (K.PHONE, "13812345678"),
    }
    assert_spans_hold(text, extract(text))


def test_extract_many_keeps_the_order_of_the_batch() -> None:
    texts = ["今天天气很好", "qq:12345678", "", "电话13812345678"]
    assert extract_many(texts) == [extract(t) for t in texts]
    assert [len(r) for r in extract_many(texts)] == [0, 1, 0, 1]
    assert extract_many([]) == []


@pytest.mark.parametrize(
    ("kind", "raw", "value"),
    [
        (K.PHONE, "+86 138-1234-5678", "13812345678"),
        (K.PHONE, "0086 13812345678", "13812345678"),
        (K.PHONE, "１３８１２３４５６７８", "13812345678"),
        (K.LANDLINE, "(010)12345678", "010-12345678"),
        (K.LANDLINE, "075512345678", "0755-12345678"),
        (K.LANDLINE, "+86 10 12345678", "010-12345678"),
        (K.QQ, " 12345678 ", "12345678"),
        (K.WECHAT, "AbC_123", "abc_123"),
        (K.WECHAT, "+86 138 1234 5678", "13812345678"),
        (K.ALIPAY, "Pay@Example.COM", "pay@example.com"),
        (K.ALIPAY, "138-1234-5678", "13812345678"),
        (K.URL, "HTTP://Evil.com/X，", "http://evil.com/x"),
        (K.URL, "http://evil.com/x).", "http://evil.com/x"),
        (K.DOMAIN, "WWW.Evil.COM", "evil.com"),
        (K.DOMAIN, "https://www.evil.com:8443/login", "evil.com"),
        (K.DOMAIN, "xn--fsqu00a.xn--fiqs8s", "例子.中国"),
        (K.DOMAIN, "例子.中国.", "例子.中国"),
        (K.SHORT_LINK, "HTTPS://T.CN/A6bcdef", "t.cn/a6bcdef"),
        (K.BANK_CARD, "6222 0212 3456 7890", "6222021234567890"),
        (K.CRYPTO, "TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW", TRC20),
    ],
)
def test_canonical_forms(kind: IndicatorKind, raw: str, value: str) -> None:
    assert canonical(kind, raw) == value


STORE_ENTRIES = [
    ("phone", "+86 138-1234-5678", "fraud"),
    ("domain", "WWW.Evil.COM", "phishing"),
    ("domain", "xn--fsqu00a.xn--fiqs8s", "fraud"),
    ("qq", "12345678", "gambling"),
    ("landline", "(010)12345678", "fraud"),
    ("short_link", "https://t.cn/a6bcdef", "phishing"),
    ("bank_card", CARD_16, "fraud"),
    ("crypto", ETH, "fraud"),
    ("wechat", "kefu_2026", "gambling"),
]


@pytest.fixture
def store() -> IndicatorStore:
    return IndicatorStore(STORE_ENTRIES)


def categories(store: IndicatorStore, text: str) -> set[tuple[IndicatorKind, str | None]]:
    return {(i.kind, store.match(i)) for i in extract(text) if store.match(i) is not None}


def test_store_matches_canonical_values(store: IndicatorStore) -> None:
    assert len(store) == len(STORE_ENTRIES)
    assert categories(store, "电话13812345678") == {(K.PHONE, "fraud")}
    assert categories(store, "qq：12345678") == {(K.QQ, "gambling")}
    assert categories(store, "座机010-12345678") == {(K.LANDLINE, "fraud")}
    assert categories(store, "领取http://t.cn/a6bcdef") == {(K.SHORT_LINK, "phishing")}
    assert categories(store, f"卡号{CARD_16}") == {(K.BANK_CARD, "fraud")}
    assert categories(store, f"转{ETH}") == {(K.CRYPTO, "fraud")}
    assert categories(store, "加微信 kefu_2026") == {(K.WECHAT, "gambling")}


def test_store_domain_entry_matches_its_subdomains_only(store: IndicatorStore) -> None:
    assert categories(store, "登录 evil.com") == {(K.DOMAIN, "phishing")}
    assert categories(store, "登录https://a.b.evil.com/x") == {(K.DOMAIN, "phishing")}
    assert categories(store, "登录 notevil.com") == set()
    assert categories(store, "登录 evil.com.cn") == set()
    assert categories(store, "网址 例子.中国") == {(K.DOMAIN, "fraud")}
    assert categories(store, "http://m.xn--fsqu00a.xn--fiqs8s/") == {(K.DOMAIN, "fraud")}


def test_store_phone_entry_matches_wechat_and_alipay_numbers(store: IndicatorStore) -> None:
    wechat = Indicator(K.WECHAT, "13812345678", 0, 11)
    alipay = Indicator(K.ALIPAY, "13812345678", 0, 11)
    assert store.match(wechat) == "fraud"
    assert store.match(alipay) == "fraud"
    assert store.match(Indicator(K.WECHAT, "13912345678", 0, 11)) is None
    assert store.match(Indicator(K.QQ, "13812345678", 0, 11)) is None
    assert {store.match(i) for i in extract("vx13812345678")} == {"fraud"}


def test_store_rejects_unknown_kinds_and_keeps_the_later_of_two_entries() -> None:
    with pytest.raises(ValueError, match="telegram"):
        IndicatorStore([("telegram", "@someone", "fraud")])
    store = IndicatorStore(
        [("PHONE", "13812345678", "fraud"), ("phone", "+86 13812345678", "gambling")]
    )
    assert len(store) == 1
    assert store.match(Indicator(K.PHONE, "13812345678", 0, 11)) == "gambling"
    assert len(IndicatorStore([])) == 0
