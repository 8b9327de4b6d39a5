"""Bulk writes keep the contract: clues updated and keyed several at a time, findings given
their own ids in order, and audit entries written at the commit but read back before it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from netpatrol.domain.audit import AuditEntry, first_broken
from netpatrol.domain.categories import Category, Severity, SharingLevel
from netpatrol.domain.clue_threads import Participant
from netpatrol.domain.clues import Clue
from netpatrol.domain.findings import Evidence, Finding
from netpatrol.services.patrol.post_input import parse_post
from netpatrol.services.ports import UnitOfWork
from tests.factories import make_posts

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


def _clue(unit_id: int, post_id: int) -> Clue:
    return Clue(unit_id, Category.FRAUD, Severity.LOW, post_id, 10, SharingLevel.UNIT, NOW, NOW)


def test_clues_updated_and_keyed_many_at_once(uow: UnitOfWork) -> None:
    with uow:
        unit_id = uow.units.all()[0].id or 0
        posts = [parse_post(p) for p in make_posts(3)]
        uow.posts.add_many(posts)
        clues = [_clue(unit_id, p.id or 0) for p in posts]
        uow.clues.add_many(clues)
        later = NOW + timedelta(hours=1)
        for number, clue in enumerate(clues[:2]):
            clue.absorb(Category.GAMBLING, Severity.HIGH, 500 + number, 2.5, later)
        uow.clues.update_many(clues[:2])
        uow.clues.update_many([])
        ids = [c.id or 0 for c in clues]
        uow.clues.add_keys_many({ids[0]: ["phone:1", "qq:2"], ids[1]: ["phone:1", "phone:1"]})
        uow.clues.add_keys_many({ids[0]: ["qq:2"], ids[2]: []})  # held already: skipped
        uow.commit()
    with uow:
        stored = uow.clues.get_many(ids)
        assert [stored[i].severity for i in ids] == [Severity.HIGH, Severity.HIGH, Severity.LOW]
        assert [stored[i].reach for i in ids] == [510, 511, 10]  # reach adds up
        assert stored[ids[0]].updated_at == later and stored[ids[2]].updated_at == NOW
        assert uow.clues.count_with_key("phone:1") == 2
        assert uow.clues.count_with_key("qq:2") == 1


def test_participants_added_many_at_once_and_each_unit_once(uow: UnitOfWork) -> None:
    with uow:
        units = [u.id or 0 for u in uow.units.all()[:3]]
        posts = [parse_post(p) for p in make_posts(2)]
        uow.posts.add_many(posts)
        clues = [_clue(units[0], p.id or 0) for p in posts]
        uow.clues.add_many(clues)
        first, second = (c.id or 0 for c in clues)
        asked = [
            Participant(first, units[1], "named", NOW),
            Participant(second, units[1], "named", NOW),
            Participant(first, units[1], "named again", NOW),  # asked twice: added once
        ]
        assert uow.participants.add_many(asked) == asked[:2]
        again = [Participant(first, units[1], "x", NOW), Participant(first, units[2], "y", NOW)]
        assert uow.participants.add_many(again) == again[1:]  # who takes part already: skipped
        assert uow.participants.add_many([]) == []
        uow.commit()
    with uow:
        held = uow.participants.for_clue(first)
        assert [(p.unit_id, p.reason) for p in held] == [(units[1], "named"), (units[2], "y")]
        assert uow.participants.takes_part(second, frozenset({units[1]}))


def test_findings_take_ids_in_the_order_given(uow: UnitOfWork) -> None:
    categories = [Category.FRAUD, Category.GAMBLING, Category.PHISHING, Category.FRAUD]
    with uow:
        posts = [parse_post(p) for p in make_posts(len(categories))]
        uow.posts.add_many(posts)
        findings = [
            Finding(
                category,
                0.5 + number / 10,
                Severity.MEDIUM,
                [Evidence(0, 2, "赌博", "rules", f"rule-{number}")],
                "rules",
                "1",
                post_id=post.id,
                created_at=NOW,
            )
            for number, (category, post) in enumerate(zip(categories, posts, strict=True))
        ]
        uow.findings.add_many(findings)
        uow.commit()
    with uow:
        for finding, post in zip(findings, posts, strict=True):
            (stored,) = uow.findings.for_post(post.id or 0)
            assert stored.id == finding.id
            assert (stored.category, stored.score, stored.rules) == (
                finding.category,
                finding.score,
                finding.rules,
            )


def test_audit_entries_are_written_at_the_commit_and_read_before_it(uow: UnitOfWork) -> None:
    with uow:
        before = len(uow.audit.entries())
        uow.audit.append(AuditEntry("t", "bulk.test", "clue", "1", NOW, after={"n": 1}))
        # a read inside the transaction sees what was appended in it
        assert [e.subject_id for e in uow.audit.for_subject("clue", "1")] == ["1"]
        uow.audit.append(AuditEntry("t", "bulk.test", "clue", "2", NOW, reason="a\0b"))
        uow.rollback()
    with uow:
        assert len(uow.audit.entries()) == before  # rolled back: neither was kept
        for number in range(3):
            uow.audit.append(AuditEntry("t", "bulk.test", "clue", str(number), NOW))
        uow.commit()
        uow.audit.append(AuditEntry("t", "bulk.test", "clue", "3", NOW, reason="a\0b"))
        uow.commit()  # a second commit in the same unit of work links onto the first
    with uow:
        entries = uow.audit.entries()
    assert [e.subject_id for e in entries[before:]] == ["0", "1", "2", "3"]
    assert entries[-1].reason == "a\ufffdb"
    assert first_broken(entries, uow.audit.key) is None  # type: ignore[attr-defined]
