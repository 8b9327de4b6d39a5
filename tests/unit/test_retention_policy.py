"""The retention policy is data, checked on load; the run works on the in-memory twin."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from netpatrol import data
from netpatrol.adapters.memory.uow import MemoryUnitOfWork
from netpatrol.domain.errors import RuleViolation
from netpatrol.domain.retention import DataClass, EndAction, RetentionRule, policy_from_data
from netpatrol.domain.users import SessionKind, UserSession
from netpatrol.services.retention.run import run_retention

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def test_the_shipped_policy_names_every_class_once() -> None:
    rules = policy_from_data(data.load_json("retention.json"))
    assert {r.data for r in rules} == set(DataClass)
    assert next(r for r in rules if r.data is DataClass.AUDIT).action is EndAction.KEEP


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"class": "audit", "days": 10, "action": "delete"}, "may end in keep"),
        ({"class": "sessions", "days": 0, "action": "delete"}, "at least a day"),
        ({"class": "posts", "days": 5, "action": "delete"}, "malformed"),
    ],
)
def test_a_bad_policy_is_refused_naming_the_rule(change: dict[str, object], rule: str) -> None:
    raw = data.load_json("retention.json")
    raw["classes"] = [c for c in raw["classes"] if c["class"] != change["class"]] + [change]
    with pytest.raises(RuleViolation, match=rule):
        policy_from_data(raw)
    with pytest.raises(RuleViolation, match="name each class once"):
        policy_from_data({"classes": raw["classes"][:2]})


def _sessions(ages: dict[str, int]) -> tuple[MemoryUnitOfWork, list[RetentionRule]]:
    """A store holding a session per token, expired that many days ago, and the shipped
    rule for sessions."""
    uow = MemoryUnitOfWork()
    with uow:
        for token, days in ages.items():
            expired = NOW - timedelta(days=days)
            uow.sessions.add(UserSession(token, 1, SessionKind.API, "c", NOW, expired))
        uow.commit()
    rules = policy_from_data(data.load_json("retention.json"))
    return uow, [r for r in rules if r.data is DataClass.SESSIONS]


def test_expired_sessions_go_in_memory_too() -> None:
    uow, rules = _sessions({"t0": 40, "t1": 10})
    [outcome] = run_retention(uow, rules, lambda: NOW, b"k")
    assert outcome.applied == 1 and set(uow.committed.sessions) == {"t1"}
    assert uow.committed.audit[-1].after == {
        "class": "sessions",
        "action": "delete",
        "count": 1,
        "cutoff": (NOW - timedelta(days=30)).isoformat(),
    }


def test_batches_walk_the_ids_once_each_and_leave_what_is_not_due() -> None:
    # one still valid, in the middle of the others
    uow, rules = _sessions({f"s{i}": 10 if i == 3 else 40 for i in range(7)})
    [dry] = run_retention(uow, rules, lambda: NOW, b"k", dry_run=True)
    assert dry.due == 6 and dry.applied == 0 and len(uow.committed.sessions) == 7
    [outcome] = run_retention(uow, rules, lambda: NOW, b"k", batch=2)
    assert (outcome.applied, outcome.batches) == (6, 3)
    assert set(uow.committed.sessions) == {"s3"}
    counts = [e.after["count"] for e in uow.committed.audit if e.action == "retention.applied"]
    assert counts == [2, 2, 2]
