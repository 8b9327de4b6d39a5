"""A refusal reaches a Chinese reader in Chinese even where the rule has no Chinese text of
its own (point 3 of the console's review); the English reader keeps the rule's words."""

from __future__ import annotations

import pytest

from netpatrol.domain.errors import (
    DomainError,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    RuleViolation,
)
from netpatrol.web.i18n import current_locale, in_reader_language


@pytest.mark.parametrize(
    ("error", "chinese"),
    [
        (PermissionDenied("the role officer may not audit"), "您的角色或所属单位无权"),
        (NotFound("cluster 8 does not exist"), "要操作的对象不存在"),
        (InvalidTransition("clue 3 cannot move from closed to claimed"), "当前状态下不能"),
        (RuleViolation("say why"), "提交的内容不符合规则（say why）"),
        (RuleViolation("x", zh="须说明理由"), "须说明理由"),
    ],
)
def test_a_chinese_reader_reads_every_refusal_in_chinese(error: DomainError, chinese: str) -> None:
    token = current_locale.set("zh_CN")
    try:
        said = in_reader_language(error)
    finally:
        current_locale.reset(token)
    assert said.startswith(chinese) or said == chinese  # the meaning first, in Chinese


def test_an_english_reader_keeps_the_rule_s_words() -> None:
    token = current_locale.set("en")
    try:
        assert in_reader_language(NotFound("cluster 8 does not exist")) == (
            "cluster 8 does not exist"
        )
    finally:
        current_locale.reset(token)
