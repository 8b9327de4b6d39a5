"""The patterns the extractor runs: top-level domains, shorteners, cue words and the one
many-branch expression."""

from __future__ import annotations

import re
from collections.abc import Iterable

import regex

# Top-level domains a bare host may end in. Words that end English phrases ("love", "life",
# "world", "today", "work") are left out on purpose; with a scheme any host is accepted.
ASCII_TLDS = frozenset(
    """com net org edu gov cn hk mo tw jp kr sg th vn ph uk de fr ru io me co cc tv pw tk ml
    ga cf gq top xyz vip info biz club site online shop store app live icu wang ink ren xin
    ltd link click win bet cloud tech mobi asia ly gd gl im in gg""".split()
)


UNICODE_TLDS = frozenset(
    """中国 中國 公司 网络 网址 在线 商城 集团 我爱你 中文网 移动 手机 网店 信息 商标 游戏
    企业 娱乐 购物 香港 台湾 台灣 广东 佛山 时尚 健康 招聘 商店""".split()
)


# Hosts with Chinese labels take only these ASCII TLDs: "哈哈.gg" is chat, not a domain.
IDN_ASCII_TLDS = frozenset(
    "com net org cn cc top xyz vip info biz club site online shop wang ren ink".split()
)


SHORTENERS = frozenset(
    """t.cn url.cn w.url.cn dwz.cn suo.im mrw.so bit.ly tinyurl.com is.gd v.gd goo.gl ow.ly
    6du.in sohu.gg t.co j.mp cutt.ly rebrand.ly rb.gy t.ly buff.ly s.id tb.cn m.tb.cn 3.cn
    u.jd.com sinaurl.cn kks.me""".split()
)


# "mr.wang", "dr.ren", "no.in": abbreviations that happen to meet a TLD.
_NOT_HOST_LABELS = frozenset("mr mrs ms dr no vs st jr sr prof fig vol ver ep ch".split())


# Words that follow a WeChat cue without being an id ("微信 payment", "vx: official").
_NOT_WECHAT_IDS = frozenset(
    """wechat weixin account number official payment public service support contact online
    message search""".split()
)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


_SEP = r"[ \-－]"


_COLON = r"[\s:：=\-－,，/|]"


_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


_PATH = r"[a-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]"


_AREA = r"0(?:10|2[0-9]|[3-9][0-9]{2})"


_ASCII_TLD = rf"(?:{_alternation(ASCII_TLDS)}|xn--[a-z0-9\-]+)(?![a-z0-9\-])"


_UNI_TLD = rf"(?:{_alternation(UNICODE_TLDS)})(?![\p{{L}}\p{{N}}])"


_IDN_TLD = rf"(?:{_alternation(IDN_ASCII_TLDS)}|xn--[a-z0-9\-]+)(?![a-z0-9\-])"


_NOT_MORE = r"(?!\.[a-z0-9])"


def _phone(n: int) -> str:
    """A mainland mobile number, 3-4-4 with one kind of separator, optional +86 prefix."""
    return (
        rf"(?:(?:[(（]?\+86[)）]?|0086|86){_SEP}?)?"
        rf"1[3-9][0-9](?P<ps{n}>{_SEP}?)[0-9]{{4}}(?P=ps{n})[0-9]{{4}}(?![0-9])"
    )


def _cue(name: str, words: str, filler: str) -> str:
    """A cue word, then up to six separators or filler words (号码, 是, ...)."""
    return rf"(?P<{name}>{words})(?:{_COLON}|{filler}){{0,6}}?"


# One alternation; the group that closes last names the branch (`Match.lastgroup`).
# Repetitions are bounded so that no input makes a scan slower than linear.
_MAIN = regex.compile(
    "|".join(
        (
            # a link with a scheme or www.; Chinese host labels allowed; an ASCII path
            rf"(?P<url>(?:https?://|www\.)(?P<url_host>(?:(?:[a-z0-9\-]++|[{_HAN}]++)\.){{0,8}}"
            rf"(?:[a-z0-9\-]+|{_alternation(UNICODE_TLDS)}))(?::[0-9]{{1,5}})?"
            rf"(?:[/?#]{_PATH}*)?)",
            _cue(
                "wx",
                r"微信|威信|薇信|v信|加微|(?<![a-z0-9])(?:weixin|wechat|vx|wx)(?![a-z])"
                r"|加v(?![a-z])|\+v(?![a-z])|(?<![a-z0-9])v(?=[:：])",
                r"号码?|是|为|id|搜索?|同号|账号|加",
            )
            + r"(?:(?P<wx_id>[a-z][a-z0-9_\-]{5,19})(?![a-z0-9_\-@＠])(?!\.[a-z0-9])"
            rf"|(?P<wx_phone>{_phone(1)}))",
            _cue(
                "qq",
                r"(?<![a-z0-9])qq(?![a-z.@＠])|扣扣|企鹅|球球|加q(?![a-z])"
                r"|(?<![a-z0-9])q(?=群|号|[:：])",
                r"号码?|是|为|群号?|账号|加",
            )
            + r"(?P<qq_num>[1-9][0-9]{4,10})(?![0-9])",
            _cue("ali", r"支付宝|(?<![a-z0-9])zfb(?![a-z])", r"号码?|是|为|账[号户]|帐[号户]|收款")
            + rf"(?:(?P<ali_phone>{_phone(2)})|(?P<ali_mail>[a-z0-9][a-z0-9._+\-]{{0,63}}[@＠]"
            r"(?:[a-z0-9][a-z0-9\-]*+\.){1,8}[a-z]{2,}(?![a-z0-9\-])))",
            _cue(
                "btc",
                r"(?<![a-z0-9])(?:btc|usdt)(?![a-z])|比特币|钱包|地址",
                r"是|为|收款|地址|钱包|[(（]?(?:trc|erc|omni)-?20[)）]?",
            )
            + r"(?P<btc_addr>[13](?=[1-9]*[a-z])[1-9a-z]{25,33})(?![0-9a-z])",
            # a landline written without a separator only counts after a cue word
            _cue(
                "tel",
                r"电话|座机|热线|客服|致电|拨打|联系|(?<![a-z0-9])tel(?![a-z])",
                r"号码?|是|为|电话|请",
            )
            + r"(?P<tel_num>0(?:10|2[0-9])[2-8][0-9]{7}|0[3-9][0-9]{2}[2-8][0-9]{6,7})(?![0-9])",
            r"(?<![0-9a-z])(?P<eth>0x[0-9a-f]{40})(?![0-9a-z])",
            r"(?<![0-9a-z])(?P<trx>t(?=[a-z]*[1-9])[1-9a-z]{33})(?![0-9a-z])",
            r"(?<![0-9a-z])(?P<bech>bc1[02-9ac-hj-np-z]{25,59})(?![0-9a-z])",
            rf"(?<![0-9])(?P<phone>{_phone(0)})",
            rf"(?<![0-9.\-－/])(?P<land>(?:[(（]{_AREA}[)）]{_SEP}?|{_AREA}{_SEP})"
            r"[1-9][0-9]{6,7})(?![0-9])",
            r"(?<![0-9a-z.])(?P<card>[3-69][0-9]{15,18}(?![0-9a-z])"
            r"|[3-69][0-9]{3}(?P<cs>[ \-－])[0-9]{4}(?:(?P=cs)[0-9]{4}){2}(?:(?P=cs)[0-9]{1,3})?"
            r"(?![0-9]|(?P=cs)[0-9]))",
            rf"(?<![a-z0-9\-_.])(?P<dom>(?:[a-z0-9][a-z0-9\-]*+\.){{1,8}}"
            rf"(?:{_ASCII_TLD}|{_UNI_TLD}){_NOT_MORE})(?P<dom_path>/{_PATH}*)?",
        )
    )
)


_URL_HOST: int = _MAIN.groupindex["url_host"]


# A host with Chinese labels, set off on the left ('请访问例子.中国' is taken whole).
_IDN = regex.compile(
    rf"(?<![a-z0-9\-_./:{_HAN}])(?P<idn>(?:[{_HAN}]++\.){{1,4}}(?:{_IDN_TLD}|{_UNI_TLD})"
    rf"{_NOT_MORE})(?P<idn_path>/{_PATH}*)?"
)


# Runs of ASCII (then also '：（）－＠'), three characters or more. A run starts at an ASCII
# character, one contiguous range, so this scan over every post runs at C speed; a '（'
# before a run is still seen, as windows reach back.
_RUN = regex.compile(r"[!-~][ -~：（）－＠]{2,}")


# Promising tokens in a run (split by spaces): ones with a digit, '.', '/' or ':' in them,
# one contiguous range again. A WeChat id may be letters only, so WeChat cues in and just
# before a run open windows too. (This and _TAIL are plain sets, which `re` reads as
# `regex` does, in half the time a call: each is searched several times a post.)
_MARK = re.compile(r"[.-:]")


_WECHAT_CUE = regex.compile(
    r"微信|威信|薇信|v信|加微|加v|\+v|(?<![0-9a-z])(?:weixin|wechat|vx|wx)(?![a-z])"
    r"|(?<![0-9a-z])v(?=[:：])"
)


# Each WeChat cue contains one of these; each ASCII cue word (qq, vx, zfb, ...) one of those.
_WECHAT_CUE_PARTS = ("信", "微", "vx", "wx", "weixin", "wechat", "+v", "加v", "v:", "v：")


_ASCII_CUE_PARTS = ("q", "v", "w", "zfb", "btc", "usdt", "tel")


_TAIL = re.compile(r"[!-~：（）－＠]*")


_CUE_REACH = 10  # how far before a token a cue word (微信, qq, 支付宝 ...) may start


_ID_REACH = 30  # how far after a WeChat cue its id may end


_HOST_REACH = 24  # how far a Chinese host may reach from 'http://', 'www.' or a '.'
