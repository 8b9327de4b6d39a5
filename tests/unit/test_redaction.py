"""Personal data comes out of a case before it becomes a public bulletin."""

from __future__ import annotations

import pytest

from netpatrol.services.publishing.redaction import MASK, redact


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("被害人向账号 62220212345678 转账5万元", "62220212345678", "转账5万元"),
        ("嫌疑人住在朝阳区幸福路12号3单元501室", "幸福路12号", "朝阳区"),
        ("张三在阳光花园小区3号楼作案", "阳光花园", "作案"),
        ("联系电话13812345678，QQ 123456789", "13812345678", "联系电话"),
    ],
)
def test_places_numbers_and_names_are_masked(text: str, gone: str, kept: str) -> None:
    masked = redact(text, ["张三"])
    assert gone not in masked and kept in masked and MASK in masked
    assert "张三" not in masked


def test_dates_amounts_and_counts_stay() -> None:
    text = "2026年11月28日，案值12万元，共12名受害人，骗子冒充客服诱导下载APP"
    assert redact(text) == text
