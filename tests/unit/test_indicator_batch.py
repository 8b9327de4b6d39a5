"""Batch extraction gives what extraction text by text gives, offsets included; the batch
screen for defanged links never lets go a text that refang's own hint search would catch."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netpatrol.detect.indicators import extract, extract_many
from netpatrol.detect.indicators.extract import _ASCII_PART, _RUN, _WECHAT_PART
from netpatrol.detect.indicators.patterns import _ASCII_CUE_PARTS, _WECHAT_CUE_PARTS
from netpatrol.detect.indicators.refang import _HINT
from netpatrol.detect.indicators.screen import may_be_defanged, screen

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PIECES = [
    "hxxps://",
    "hXXp://",
    "h**p://",
    "[.]",
    "(.)",
    "{.}",
    "[dot]",
    "(dot)",
    "[点]",
    "（点）",
    "。",
    "．",
    "／",
    "－",
    "＿",
    " . ",
    ". ",
    " .",
    ".",
    "bit",
    "ly",
    "abc",
    "com",
    "vip",
    "t.cn/",
    "13912345678",
    "微信",
    "wx:",
    "qq",
    "123456789",
    "支付宝",
    "一点",
    "点",
    "的",
    " ",
    "\u3000",
    "\x00",
    "Ｈ",
    "K",
    "\U0001d431",
    "ab",
    "a",
    "：",
    "（",
    "＠",
    "－",
    "x.y",
    "~",
]
texts = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)


@SETTINGS
@given(st.lists(texts, max_size=6))
def test_batch_extraction_equals_extraction_text_by_text(batch: list[str]) -> None:
    assert extract_many(batch) == [extract(t) for t in batch]


@SETTINGS
@given(st.lists(texts | st.text(max_size=20), max_size=6))
def test_the_screen_keeps_every_text_with_a_hint(batch: list[str]) -> None:
    flagged = may_be_defanged(batch)
    assert len(flagged) == len(batch)
    for text, kept in zip(batch, flagged, strict=True):
        if _HINT.search(text):
            assert kept, text


def test_the_screen_lets_plain_text_go_and_keeps_each_kind_of_hint() -> None:
    plain = ["今天天气不错。明天见", "点赞", "a.b.com", "", "版本1.2"]
    hinted = ["hxxp://a", "a[.]b", "x (dot) y", "abc。com", "abc . com", "例子[点]中国", "a.\tb"]
    hinted += ["tinyurl点cc", "abc 点 com"]
    assert may_be_defanged(plain + hinted) == [False] * len(plain) + [True] * len(hinted)
    assert may_be_defanged([]) == []


def test_a_defanged_link_is_found_in_a_batch_at_its_place_as_written() -> None:
    batch = ["普通的一句话", "访问 hxxps://evil[.]top/a 领取", "电话13912345678"]
    found = extract_many(batch)
    assert found == [extract(t) for t in batch]
    assert any(i.value == "evil.top" for i in found[1])
    assert found[0] == []


def test_a_dot_spelt_out_between_labels_is_read_as_a_dot_but_a_time_is_not() -> None:
    found = extract_many(
        ["下载地址 tinyurl点cc/qg88", "官网 abc 点 com", "下午3点pm见", "wifi点开"]
    )
    assert [i.value for i in found[0] if i.kind.value == "domain"] == ["tinyurl.cc"]
    assert [i.value for i in found[1] if i.kind.value == "domain"] == ["abc.com"]
    assert found[2] == [] and found[3] == []
    link = found[0][0]
    assert "下载地址 tinyurl点cc/qg88"[link.start : link.end].startswith("tinyurl点cc")


@SETTINGS
@given(st.lists(texts | st.text(max_size=20), max_size=6))
def test_the_screen_finds_the_runs_the_run_pattern_finds(batch: list[str]) -> None:
    expected = [
        [m.span() for m in _RUN.finditer(text) if m.end() - m.start() >= 5 or "." in m.group()]
        for text in batch
    ]
    assert screen(batch)[1] == expected


def test_runs_are_read_per_text_with_their_own_offsets() -> None:
    hinted, runs = screen(["中文 abc.d 中文 hello world", "ab", "短 t.cn", "a"])
    assert runs == [[(3, 9), (12, 23)], [], [(2, 6)], []]
    assert hinted == [False, False, False, False]


@SETTINGS
@given(texts, st.integers(0, 40), st.integers(0, 40))
def test_one_search_for_the_cue_parts_is_any_part_in_the_stretch(
    text: str, low: int, high: int
) -> None:
    stretch = text[low:high]
    wechat = any(part in stretch for part in _WECHAT_CUE_PARTS)
    assert bool(_WECHAT_PART.search(text, low, high)) == wechat
    ascii_cue = any(part in stretch for part in _ASCII_CUE_PARTS)
    assert bool(_ASCII_PART.search(text, low, high)) == ascii_cue
