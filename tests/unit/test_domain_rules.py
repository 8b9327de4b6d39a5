import hmac
from datetime import UTC, datetime

import pytest

from netpatrol.bootstrap import build_catalogue
from netpatrol.domain.audit import GENESIS_HASH, AuditEntry, Hmac, first_broken, link_message
from netpatrol.domain.categories import Category, Severity, SharingLevel
from netpatrol.domain.clues import Clue, ClueStatus
from netpatrol.domain.errors import InvalidTransition, RuleViolation
from netpatrol.domain.measures import Measure, MeasureKind, MeasureStatus

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


def test_a_measure_must_cite_a_known_legal_basis() -> None:
    catalogue = build_catalogue()
    with pytest.raises(RuleViolation, match="at least one"):
        catalogue.resolve([])
    with pytest.raises(RuleViolation, match="unknown legal basis: CL-999"):
        catalogue.resolve(["CL-266", "CL-999"])
    assert [b.article for b in catalogue.resolve(["CL-266", "CL-266"])] == ["第二百六十六条"]


def test_the_catalogue_covers_every_category_of_violation() -> None:
    catalogue = build_catalogue()
    for category in Category:
        if category.is_violation:
            assert catalogue.for_category(category.value), category


def test_warning_state_machine_refuses_illegal_moves() -> None:
    warning = Measure(1, MeasureKind.WARNING, ["CL-246"], "officer", NOW, MeasureStatus.SENT)
    warning.move_to(MeasureStatus.ACKNOWLEDGED)
    warning.move_to(MeasureStatus.HEEDED)
    with pytest.raises(InvalidTransition):
        warning.move_to(MeasureStatus.SENT)


def test_a_closed_clue_is_worked_again_only_after_reopening() -> None:
    """Only an upheld appeal against its dismissal reopens a closed clue."""
    clue = Clue(1, Category.FRAUD, Severity.HIGH, 1, 0, SharingLevel.UNIT, NOW, NOW)
    clue.move_to(ClueStatus.CLOSED, NOW)
    for status in (ClueStatus.CLAIMED, ClueStatus.ACTIONED):
        with pytest.raises(InvalidTransition):
            clue.move_to(status, NOW)
    clue.move_to(ClueStatus.OPEN, NOW)


KEY = b"k" * 32


def _chain(n: int) -> list[AuditEntry]:
    entries, prev = [], GENESIS_HASH
    for i in range(n):
        entry = AuditEntry("officer", "x", "clue", str(i), NOW, after={"i": i})
        entry.seal(prev, KEY)
        prev = entry.hash
        entries.append(entry)
    return entries


def test_the_audit_chain_catches_an_altered_or_missing_entry() -> None:
    entries = _chain(5)
    assert first_broken(entries, KEY) is None
    assert first_broken(entries, b"another key, of the same length!") is entries[0]
    entries[2].after = {"i": 99}
    assert first_broken(entries, KEY) is entries[2]
    shortened = _chain(5)
    del shortened[1]
    assert first_broken(shortened, KEY) is shortened[1]


def test_the_chain_link_is_standard_hmac_sha256_and_fields_cannot_trade_places() -> None:
    for key in (b"k", KEY, b"x" * 100):
        assert Hmac(key)(b"message") == hmac.digest(key, b"message", "sha256")
    entry = AuditEntry("officer", "clue.read", "clue", "1", NOW, reason="a\0b")
    entry.seal(GENESIS_HASH, KEY)
    assert entry.reason == "a\ufffdb"  # a NUL would let text move between fields
    assert link_message(GENESIS_HASH, *entry.fields())[32:].count(b"\0") == 8
