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
a scan of the whole text would. For a batch (`extract_many`) the runs of every text, and
which texts may hold a defanged link, come from one pass over the batch (`screen.py`).

Precision comes first (a false positive can mean a warning to an innocent person): numbers
must stand alone (not inside a longer digit run), QQ numbers, WeChat ids, Alipay accounts,
legacy Bitcoin addresses and unseparated landlines need a cue word just before them, bank
cards must pass Luhn and not be a valid ID-card number, and a bare domain needs a top-level
domain from a fixed list."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from netpatrol.detect.indicators.canonical import (
    _IP,
    _TRAILING,
    _digits,
    _host,
    _landline,
    _looks_like_id_card,
    _mobile,
    _phone_digits,
    _short_link,
    luhn_ok,
)
from netpatrol.detect.indicators.kinds import Indicator, IndicatorKind
from netpatrol.detect.indicators.patterns import (
    _ASCII_CUE_PARTS,
    _CUE_REACH,
    _HOST_REACH,
    _ID_REACH,
    _IDN,
    _MAIN,
    _MARK,
    _NOT_HOST_LABELS,
    _NOT_WECHAT_IDS,
    _RUN,
    _TAIL,
    _URL_HOST,
    _WECHAT_CUE,
    _WECHAT_CUE_PARTS,
    SHORTENERS,
    UNICODE_TLDS,
)
from netpatrol.detect.indicators.refang import refang
from netpatrol.detect.indicators.screen import screen

_Emit = Callable[[IndicatorKind, str, int, int], None]

# whether a stretch holds one of the parts: one search for all of them (plain literals)
_WECHAT_PART = re.compile("|".join(map(re.escape, _WECHAT_CUE_PARTS)))
_ASCII_PART = re.compile("|".join(map(re.escape, _ASCII_CUE_PARTS)))


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
        tail = _TAIL.match(text, high)  # matches always: it may match nothing
        high = tail.end() if tail is not None else high
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


def _windows(text: str, runs: Sequence[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Where the full pattern runs: around each promising token of each ASCII run, with
    room before it for a cue word and after it for an id or the rest of a link. `runs`
    are the text's `_RUN` matches when the caller found them already."""
    windows: list[tuple[int, int]] = []
    for start, end in (m.span() for m in _RUN.finditer(text)) if runs is None else runs:
        if end - start < 5 and "." not in text[start:end]:
            continue  # nothing this short is an indicator, but a host like t.cn
        reach = max(start - _CUE_REACH, 0)
        if _WECHAT_PART.search(text, reach, end):
            for cue in _WECHAT_CUE.finditer(text, reach, end):
                low = max(cue.start() - _CUE_REACH, 0)
                windows.append((low, _finish(text, cue.end() + _ID_REACH)))
        for token_start, high in _tokens(text, start, end):
            if text[high - 1] in "./":
                high += _HOST_REACH
            low = max(token_start - _CUE_REACH, 0)
            # ASCII words without a cue in them cannot start a match that reaches this
            # token, and trying the pattern at each of their letters is slow
            if text[low:token_start].isascii() and not _ASCII_PART.search(text, low, token_start):
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


def extract(text: str, may_be_defanged: bool = True) -> list[Indicator]:
    """All indicators in one text, ordered by start; no duplicates of (kind, value, start).

    A defanged link (hxxp, [.], 'a . b') is read from a repaired copy and its span mapped
    back to the text as written (not looked for when `may_be_defanged` is False).
    """
    return _extract_one(text, may_be_defanged, None)


def _extract_one(
    text: str, may_be_defanged: bool, runs: Sequence[tuple[int, int]] | None
) -> list[Indicator]:
    # no run and no '.': no window and no host with Chinese labels, nothing to read
    nothing = runs is not None and not runs and "." not in text
    found = [] if nothing else _extract(text, runs)
    fixed = refang(text) if may_be_defanged else None
    if fixed is None:
        return found
    taken = {(i.kind, i.value) for i in found}
    for indicator in _extract(fixed.text):
        if (indicator.kind, indicator.value) not in taken:
            start, end = fixed.span(indicator.start, indicator.end)
            found.append(Indicator(indicator.kind, indicator.value, start, end))
    return sorted(found, key=lambda i: (i.start, _KIND_ORDER[i.kind]))


def _extract(text: str, runs: Sequence[tuple[int, int]] | None = None) -> list[Indicator]:
    windows = _windows(text, runs)
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
    """extract() for a batch, in the order given. A screen of the whole batch finds the
    ASCII runs of every text and tells which texts may hold a defanged link (only those
    are searched for one); a text with neither a run nor a '.' holds no indicator."""
    hinted, runs = screen(texts)
    return [
        _extract_one(text, hint, text_runs)
        for text, hint, text_runs in zip(texts, hinted, runs, strict=True)
    ]
