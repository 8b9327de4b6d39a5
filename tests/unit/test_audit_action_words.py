"""Audit actions read as words in the reader's language, never as raw codes (point 10 of
the console's review); every action the services write has its subject and verb."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import netpatrol
from netpatrol.web.i18n import current_locale
from netpatrol.web.labels.audit import SUBJECTS, VERBS, action_words

SOURCE = Path(netpatrol.__file__).parent


def in_locale(locale: str, code: str) -> str:
    token = current_locale.set(locale)
    try:
        return action_words(code)
    finally:
        current_locale.reset(token)


@pytest.mark.parametrize(
    ("code", "zh", "en"),
    [
        ("clue.routed", "线索：已分派", "Clue: routed"),
        ("measure.warning.sent", "警示教育：已发出", "Warning: sent"),
        ("measure.takedown.refused", "清理通知：已拒绝", "Takedown notice: refused"),
        ("publication.posted", "发布：已发出", "Publication: posted"),
    ],
)
def test_an_action_reads_as_words(code: str, zh: str, en: str) -> None:
    assert in_locale("zh_CN", code) == zh
    assert in_locale("en", code) == en


def test_every_action_written_by_the_services_has_words() -> None:
    codes = set()
    for path in (SOURCE / "services").rglob("*.py"):
        codes |= set(re.findall(r'"([a-z_]+(?:\.[a-z_]+){1,2})"', path.read_text()))
    actions = {c for c in codes if c.split(".")[0] in SUBJECTS and c.count(".") >= 1}
    unknown = sorted(c for c in actions if c.split(".")[-1] not in VERBS)
    # rule names share the shape of actions; only a few verbs may be rule words
    assert len(unknown) < len(actions) // 4, unknown
    for code in ("clue.sla_breached", "user.sign_in_refused", "measure.appeal.upheld"):
        assert "." not in in_locale("zh_CN", code)
