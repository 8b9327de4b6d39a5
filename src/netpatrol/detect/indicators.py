"""Contact and payment indicators (联系方式与支付线索) read from a post's text.

The text given is the `folded` view: NFKC one-to-one and lower case, the same length as the
post, so every span returned is a character offset into the original post. Punctuation is
left as written there, so the full-width '：（）－＠' are accepted next to the ASCII ones.

Speed: the `regex` engine pays for a many-branch pattern at every position it tries, so the
full pattern is never run over a whole post. A scan for one contiguous character range
finds the runs of ASCII (Chinese text is skipped at C speed); inside a run only the tokens
holding a digit, '.', '/' or ':' (and WeChat cue words) open a window, with room before it
for a cue word; the one alternation of named groups runs in those windows only. Windows
end past the token they fall in, so a match is never cut short: a windowed scan finds what
a scan of the whole text would.

Precision comes first (a false positive can mean a warning to an innocent person): numbers
must stand alone (not inside a longer digit run), QQ numbers, WeChat ids, Alipay accounts,
legacy Bitcoin addresses and unseparated landlines need a cue word just before them, bank
cards must pass Luhn and not be a valid ID-card number, and a bare domain needs a top-level
domain from a fixed list.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import regex

__all__ = [
    "SHORTENERS",
    "Indicator",
    "IndicatorKind",
    "IndicatorStore",
    "canonical",
    "extract",
    "extract_many",
    "luhn_ok",
]


class IndicatorKind(StrEnum):
    PHONE = "phone"
    LANDLINE = "landline"
    QQ = "qq"
    WECHAT = "wechat"
    URL = "url"
    DOMAIN = "domain"
    SHORT_LINK = "short_link"
    BANK_CARD = "bank_card"
    ALIPAY = "alipay"
    CRYPTO = "crypto"


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator: its kind, canonical value and [start, end) span in the text given."""

    kind: IndicatorKind
    value: str
    start: int
    end: int


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
# before a run open windows too.
_MARK = regex.compile(r"[.-:]")
_WECHAT_CUE = regex.compile(
    r"微信|威信|薇信|v信|加微|加v|\+v|(?<![0-9a-z])(?:weixin|wechat|vx|wx)(?![a-z])"
    r"|(?<![0-9a-z])v(?=[:：])"
)
# Each WeChat cue contains one of these; each ASCII cue word (qq, vx, zfb, ...) one of those.
_WECHAT_CUE_PARTS = ("信", "微", "vx", "wx", "weixin", "wechat", "+v", "加v", "v:", "v：")
_ASCII_CUE_PARTS = ("q", "v", "w", "zfb", "btc", "usdt", "tel")
_TAIL = regex.compile(r"[!-~：（）－＠]*")
_CUE_REACH = 10  # how far before a token a cue word (微信, qq, 支付宝 ...) may start
_ID_REACH = 30  # how far after a WeChat cue its id may end
_HOST_REACH = 24  # how far a Chinese host may reach from 'http://', 'www.' or a '.'

_NON_DIGITS = regex.compile(r"[^0-9]+")
_PHONE_ONLY = regex.compile(_phone(0))
_IP = regex.compile(r"[0-9]+(?:\.[0-9]+){3}")
_TRAILING = ".,;:!?'\"()[]{}<>"
_DOUBLED = str.maketrans("0123456789", "0246813579")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def luhn_ok(digits: str) -> bool:
    """Whether a string of ASCII digits passes the Luhn check (bank cards use it)."""
    if not (digits.isascii() and digits.isdigit()):
        return False
    reverse = digits[::-1]
    doubled = reverse[1::2].translate(_DOUBLED)
    return (sum(map(int, reverse[0::2])) + sum(map(int, doubled))) % 10 == 0


def _looks_like_id_card(digits: str) -> bool:
    """An 18-digit resident ID number (居民身份证) with a valid birth date and check digit."""
    if len(digits) != 18:
        return False
    year, month, day = int(digits[6:10]), int(digits[10:12]), int(digits[12:14])
    if not (1900 <= year <= 2099 and 1 <= month <= 12 and 1 <= day <= 31):
        return False
    total = sum(w * int(d) for w, d in zip(_ID_WEIGHTS, digits, strict=False))
    return "10X98765432"[total % 11] == digits[17]


def _mobile(digits: str) -> bool:
    return len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789" and digits.isdigit()


def _digits(text: str) -> str:
    digits: str = _NON_DIGITS.sub("", text)
    return digits


def _phone_digits(text: str) -> str:
    digits = _digits(text)
    if len(digits) == 13 and digits.startswith("86"):
        return digits[2:]
    if len(digits) == 15 and digits.startswith("0086"):
        return digits[4:]
    return digits


def _landline(text: str) -> str:
    digits = _digits(text)
    if digits.startswith("0086"):
        digits = "0" + digits[4:]
    elif digits.startswith("86") and len(digits) >= 11:
        digits = "0" + digits[2:]
    if len(digits) < 5 or digits[0] != "0":
        return digits
    area = 3 if digits[1] in "12" else 4
    return f"{digits[:area]}-{digits[area:]}"


def _host(text: str) -> str:
    """The host of a link, address or host: no scheme, user, port, path or 'www.'; labels
    in punycode (xn--) decoded, so both spellings of a Chinese host compare equal."""
    host = text
    if "://" in host:
        host = host.split("://", 1)[1]
    for stop in "/?#@:":
        if stop in host:
            host = host.rsplit("@", 1)[1] if stop == "@" else host.split(stop, 1)[0]
    host = host.rstrip(".").removeprefix("www.")
    if "xn--" not in host:
        return host
    labels = host.split(".")
    for i, label in enumerate(labels):
        if label.startswith("xn--"):
            with suppress(UnicodeError):
                labels[i] = label[4:].encode("ascii").decode("punycode").lower()
    return ".".join(labels)


def _short_link(text: str) -> str:
    link = text.rstrip(_TRAILING)
    if "://" in link:
        link = link.split("://", 1)[1]
    return link.removeprefix("www.").rstrip("/")


def canonical(kind: IndicatorKind, raw: str) -> str:
    """The form an indicator is stored and matched in: digits for numbers (a mobile number
    without +86), 0xx-xxxxxxxx for landlines, a bare host for domains (no www., punycode
    decoded), a link without scheme or www. for short links, lower case for the rest."""
    text = unicodedata.normalize("NFKC", raw).strip().lower()
    if kind is IndicatorKind.PHONE:
        return _phone_digits(text)
    if kind in (IndicatorKind.QQ, IndicatorKind.BANK_CARD):
        return _digits(text)
    if kind is IndicatorKind.LANDLINE:
        return _landline(text)
    if kind is IndicatorKind.DOMAIN:
        return _host(text)
    if kind is IndicatorKind.URL:
        return text.rstrip(_TRAILING)
    if kind is IndicatorKind.SHORT_LINK:
        return _short_link(text)
    if kind in (IndicatorKind.WECHAT, IndicatorKind.ALIPAY) and _PHONE_ONLY.fullmatch(text):
        return _phone_digits(text)
    return text


_Emit = Callable[[IndicatorKind, str, int, int], None]


def _link(emit: _Emit, text: str, start: int, end: int, host_start: int, host_end: int) -> None:
    """URL, DOMAIN and SHORT_LINK for one link; trailing punctuation is not part of it."""
    raw = text[start:end].rstrip(_TRAILING)
    end = start + len(raw)
    host_end = min(host_end, end)
    if text.startswith("www.", host_start):
        host_start += 4
    host = _host(text[host_start:host_end])
    has_path = end > host_end + 1
    if "." not in host:
        if text.startswith("www.", start):
            return  # 'www.abc' is not a link
    elif not (host[-1].isdigit() and _IP.fullmatch(host)):
        emit(IndicatorKind.DOMAIN, host, host_start, host_end)
    if has_path or text.startswith(("http://", "https://", "www."), start):
        emit(IndicatorKind.URL, raw, start, end)
        if host in SHORTENERS and (has_path or "://" in raw):
            emit(IndicatorKind.SHORT_LINK, _short_link(raw), start, end)


def _bare_host_ok(host: str) -> bool:
    """'abc.中国' is a host; '1.中国' is a numbered list item and 'mr.wang' a name."""
    labels = host.split(".")
    if len(labels) == 2 and labels[0] in _NOT_HOST_LABELS:
        return False
    if labels[-1] in UNICODE_TLDS:
        return len(labels[-2]) >= 2 and not labels[-2].isdigit()
    return True


def _on_match(m: Any, text: str, emit: _Emit) -> None:
    # the group that closed last names the branch; spans by index (names cost a lookup)
    group: str = m.lastgroup
    start, end = m.span(m.lastindex)
    if group in ("dom_path", "idn_path"):  # the host is the group just before the path
        start, end = m.span(m.lastindex - 1)
        group = "dom"
    if group in ("dom", "idn"):
        if _bare_host_ok(text[start:end]):
            _link(emit, text, start, m.end(), start, end)
    elif group == "url":
        _link(emit, text, start, end, *m.span(_URL_HOST))
    elif group == "phone":
        emit(IndicatorKind.PHONE, _phone_digits(text[start:end]), start, end)
    elif group in ("land", "tel_num"):
        emit(IndicatorKind.LANDLINE, _landline(text[start:end]), start, end)
    elif group == "card":
        digits = _digits(text[start:end])
        if luhn_ok(digits) and not _looks_like_id_card(digits):
            emit(IndicatorKind.BANK_CARD, digits, start, end)
    elif group in ("eth", "trx", "bech", "btc_addr"):
        emit(IndicatorKind.CRYPTO, text[start:end], start, end)
    else:
        _on_cue_match(text, emit, group, start, end)


def _on_cue_match(text: str, emit: _Emit, group: str, start: int, end: int) -> None:
    value = text[start:end]
    if group == "wx_id":
        if value not in _NOT_WECHAT_IDS:
            emit(IndicatorKind.WECHAT, value, start, end)
    elif group == "qq_num":
        emit(IndicatorKind.QQ, value, start, end)
        if _mobile(value):
            emit(IndicatorKind.PHONE, value, start, end)
    elif group == "ali_mail":
        emit(IndicatorKind.ALIPAY, value.replace("＠", "@"), start, end)
        at = max(value.rfind("@"), value.rfind("＠")) + start + 1
        emit(IndicatorKind.DOMAIN, _host(text[at:end]), at, end)
    else:  # a mobile number after a WeChat or Alipay cue is both
        digits = _phone_digits(value)
        kind = IndicatorKind.WECHAT if group == "wx_phone" else IndicatorKind.ALIPAY
        emit(kind, digits, start, end)
        emit(IndicatorKind.PHONE, digits, start, end)


def _finish(text: str, high: int) -> int:
    """Move a window's end past the token it falls in and one character more, so that no
    match is cut short (to the pattern, the end of a window is the end of the text)."""
    size = len(text)
    if high >= size:
        return size
    char = text[high]
    if "!" <= char <= "~" or char in "：（）－＠":
        high = _TAIL.match(text, high).end()
    return min(high + 1, size)


def _merged(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if len(windows) < 2:
        return windows
    windows.sort()
    merged = [windows[0]]
    for low, high in windows[1:]:
        last_low, last_high = merged[-1]
        if low > last_high:
            merged.append((low, high))
        elif high > last_high:
            merged[-1] = (last_low, high)
    return merged


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The promising tokens of the run text[start:end]."""
    tokens: list[tuple[int, int]] = []
    mark = _MARK.search(text, start, end)
    while mark is not None:
        at: int = mark.start()
        low = text.rfind(" ", start, at) + 1 or start
        high = text.find(" ", at, end)
        if high == -1:
            high = end
        tokens.append((low, high))
        mark = _MARK.search(text, high, end)
    return tokens


def _windows(text: str) -> list[tuple[int, int]]:
    """Where the full pattern runs: around each promising token of each ASCII run, with
    room before it for a cue word and after it for an id or the rest of a link."""
    windows: list[tuple[int, int]] = []
    for run in _RUN.finditer(text):
        start, end = run.span()
        if end - start < 5 and "." not in text[start:end]:
            continue  # nothing this short is an indicator, but a host like t.cn
        reach = max(start - _CUE_REACH, 0)
        near = text[reach:end]
        if any(part in near for part in _WECHAT_CUE_PARTS):
            for cue in _WECHAT_CUE.finditer(text, reach, end):
                low = max(cue.start() - _CUE_REACH, 0)
                windows.append((low, _finish(text, cue.end() + _ID_REACH)))
        for token_start, high in _tokens(text, start, end):
            if text[high - 1] in "./":
                high += _HOST_REACH
            low = max(token_start - _CUE_REACH, 0)
            before = text[low:token_start]
            # ASCII words without a cue in them cannot start a match that reaches this
            # token, and trying the pattern at each of their letters is slow
            if before.isascii() and not any(part in before for part in _ASCII_CUE_PARTS):
                low = token_start
            windows.append((low, _finish(text, high)))
    return _merged(windows)


def _idn_windows(text: str) -> list[tuple[int, int]]:
    """Around each '.' that follows a Chinese character (a host like 例子.中国)."""
    windows: list[tuple[int, int]] = []
    dot = text.find(".", 1)
    while dot != -1:
        if "\u3400" <= text[dot - 1] <= "\ufaff":
            windows.append((max(dot - _HOST_REACH, 0), _finish(text, dot + _HOST_REACH)))
        dot = text.find(".", dot + 1)
    return _merged(windows)


_KIND_ORDER = {kind: i for i, kind in enumerate(IndicatorKind)}


def extract(text: str) -> list[Indicator]:
    """All indicators in one text, ordered by start; no duplicates of (kind, value, start)."""
    windows = _windows(text)
    idn_windows = _idn_windows(text) if "." in text else []
    if not windows and not idn_windows:
        return []
    found: dict[tuple[IndicatorKind, str, int], Indicator] = {}

    def emit(kind: IndicatorKind, value: str, start: int, end: int) -> None:
        found.setdefault((kind, value, start), Indicator(kind, value, start, end))

    for low, high in windows:
        for m in _MAIN.finditer(text, low, high):
            _on_match(m, text, emit)
    for low, high in idn_windows:
        for m in _IDN.finditer(text, low, high):
            _on_match(m, text, emit)
    if len(found) < 2:
        return list(found.values())
    return sorted(found.values(), key=lambda i: (i.start, _KIND_ORDER[i.kind]))


def extract_many(texts: Sequence[str]) -> list[list[Indicator]]:
    """extract() for a batch, in the order given."""
    return [extract(text) for text in texts]


class IndicatorStore:
    """Known indicators (known scam numbers, domains, accounts) from the shared store.

    Matching is by (kind, canonical value); a DOMAIN entry also matches any subdomain of it,
    and a PHONE entry also matches a WECHAT or ALIPAY indicator with the same digits. When
    one (kind, value) is given twice, the later category wins.
    """

    def __init__(self, entries: Iterable[tuple[str, str, str]]) -> None:
        self._entries: dict[tuple[IndicatorKind, str], str] = {}
        for kind_name, value, category in entries:
            try:
                kind = IndicatorKind(kind_name.strip().lower())
            except ValueError:
                raise ValueError(f"unknown indicator kind {kind_name!r}") from None
            self._entries[(kind, canonical(kind, value))] = category

    def __len__(self) -> int:
        return len(self._entries)

    def match(self, indicator: Indicator) -> str | None:
        """The category of the known entry the indicator matches, or None."""
        entries = self._entries
        category = entries.get((indicator.kind, indicator.value))
        if category is not None:
            return category
        if indicator.kind is IndicatorKind.DOMAIN:
            host = indicator.value
            while host.count(".") > 1:
                host = host.split(".", 1)[1]
                category = entries.get((IndicatorKind.DOMAIN, host))
                if category is not None:
                    return category
        elif indicator.kind in (IndicatorKind.WECHAT, IndicatorKind.ALIPAY) and _mobile(
            indicator.value
        ):
            return entries.get((IndicatorKind.PHONE, indicator.value))
        return None
