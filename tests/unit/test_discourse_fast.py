"""The shortcuts of the speech reader: a post without a marker shares one empty context, and
a post with neither a marker nor a quotation mark keeps its signals untouched."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from netpatrol.bootstrap import build_normaliser
from netpatrol.data import load_json
from netpatrol.detect.base import Item, Signal
from netpatrol.detect.discourse import (
    _OPENING_MARKS,
    _QUOTED,
    NO_CONTEXT,
    DiscourseReader,
    _may_quote,
)
from netpatrol.detect.rule_regex import same_in_re
from netpatrol.domain.categories import Category

NORMALISER = build_normaliser()
READER = DiscourseReader(load_json("rules/v1/discourse.json"), NORMALISER)


def _item(text: str) -> Item:
    return Item(NORMALISER.normalise(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="“”\"「」『』‘’《》'ab 冰毒", max_size=30))
def test_every_quoted_span_opens_with_a_listed_mark(text: str) -> None:
    if _QUOTED.search(text):
        assert any(mark in text for mark in _OPENING_MARKS)


def test_posts_without_a_marker_share_the_empty_context() -> None:
    contexts = READER.read(
        [_item("今天吃了冰糖雪梨"), _item("警方通报：抓获三名嫌疑人"), _item("")]
    )
    assert contexts[0] is NO_CONTEXT and contexts[2] is NO_CONTEXT
    assert contexts[1].kind


def test_signals_stay_as_they_are_without_a_marker_or_a_quotation_mark() -> None:
    signals = [Signal(Category.DRUGS, 0.8, 0, 2, "冰毒", "lexicon", "冰毒")]
    plain = _item("冰毒 出售")
    assert READER.apply(plain, NO_CONTEXT, signals) is signals
    quoted = _item("“冰毒” 是什么")
    lowered = READER.apply(quoted, NO_CONTEXT, [signals[0]._replace(start=1, end=3)])
    assert lowered[0].weight < 0.8


def test_quoted_n_gram_signals_alone_stay_as_they_are_without_a_marker() -> None:
    topic = [Signal(Category.DRUGS, 0.6, 0, 0, "", "classifier")]
    quoted = _item("“冰毒” 是什么")
    assert READER.apply(quoted, NO_CONTEXT, topic) is topic
    with_rule = [*topic, Signal(Category.DRUGS, 0.8, 1, 3, "冰毒", "lexicon", "冰毒")]
    assert READER.apply(quoted, NO_CONTEXT, with_rule)[1].weight < 0.8


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet='“”"「」『』‘’《》ab冰', max_size=12))
def test_the_spelled_out_mark_check_is_the_listed_marks(text: str) -> None:
    assert _may_quote(text) == any(mark in text for mark in _OPENING_MARKS)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='“”"「」『』‘’《》ab 冰毒\n', max_size=200))
def test_quoted_spans_are_what_the_regex_module_finds(text: str) -> None:
    assert same_in_re(_QUOTED.pattern)
    theirs = regex.compile(_QUOTED.pattern)
    assert [m.span() for m in _QUOTED.finditer(text)] == [m.span() for m in theirs.finditer(text)]


def test_ascii_single_quotes_quote_chinese_words_but_an_apostrophe_quotes_nothing() -> None:
    assert [m.group() for m in _QUOTED.finditer("有人说'收U不问来源'，迟早进去")] == [
        "'收U不问来源'"
    ]
    assert _QUOTED.search("don't say it's fine") is None
    signals = [Signal(Category.FRAUD, 0.7, 4, 6, "收U", "intent", "fraud.dirty_otc")]
    quoted = _item("有人说'收U不问来源'")
    assert READER.apply(quoted, NO_CONTEXT, signals)[0].weight < 0.7
