"""Retention (数据留存, M11): each class of personal data, how long it is kept, and what
happens at the end. The policy is data (data/retention.json); a unit may ship its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from netpatrol.domain.errors import RuleViolation


class DataClass(StrEnum):
    DISMISSED_POSTS = "dismissed_posts"  # text and author of posts of clues closed unactioned
    REPORTER_CONTACTS = "reporter_contacts"  # reporters' sealed contacts
    VOLUNTEERS = "volunteers"  # volunteers' nicknames and sealed contacts
    SESSIONS = "sessions"  # expired sign-ins and API tokens
    EVIDENCE = "evidence"  # evidence items of clues untouched for the period
    INBOX = "inbox"  # messages netizens sent to the accounts, and the answers
    AUDIT = "audit"  # the audit log: kept whole, or the chain would break


class EndAction(StrEnum):
    DELETE = "delete"
    PSEUDONYMISE = "pseudonymise"
    KEEP = "keep"  # counted and reported, never removed by the run


ALLOWED_ACTIONS = {
    DataClass.DISMISSED_POSTS: {EndAction.PSEUDONYMISE},
    DataClass.REPORTER_CONTACTS: {EndAction.DELETE},
    DataClass.VOLUNTEERS: {EndAction.PSEUDONYMISE},
    DataClass.SESSIONS: {EndAction.DELETE},
    DataClass.EVIDENCE: {EndAction.DELETE, EndAction.KEEP},
    DataClass.INBOX: {EndAction.DELETE, EndAction.KEEP},
    DataClass.AUDIT: {EndAction.KEEP},
}


@dataclass(frozen=True)
class RetentionRule:
    data: DataClass
    days: int
    action: EndAction
    # nothing of a clue with an open case (proposed or approved) is touched while it is open
    legal_hold: bool
    describes: str

    def cutoff(self, now: datetime) -> datetime:
        return now - timedelta(days=self.days)


def policy_from_data(raw: dict[str, Any]) -> list[RetentionRule]:
    """The rules of a retention policy document; every class named once, each with a
    period of at least a day and an action it allows."""
    rules: list[RetentionRule] = []
    for entry in raw.get("classes", []):
        try:
            data = DataClass(entry["class"])
            action = EndAction(entry["action"])
            days = int(entry["days"])
        except (KeyError, ValueError, TypeError) as exc:
            raise RuleViolation(f"retention policy: malformed class {entry!r}: {exc}") from None
        if action not in ALLOWED_ACTIONS[data]:
            allowed = ", ".join(sorted(ALLOWED_ACTIONS[data]))
            raise RuleViolation(f"retention policy: {data} may end in {allowed}, not {action}")
        if days < 1:
            raise RuleViolation(f"retention policy: {data} must be kept at least a day")
        rules.append(
            RetentionRule(
                data, days, action, bool(entry.get("legal_hold", True)), entry.get("describes", "")
            )
        )
    named = [r.data for r in rules]
    missing = set(DataClass) - set(named)
    if missing or len(named) != len(set(named)):
        raise RuleViolation(
            "retention policy: name each class once; missing: "
            + (", ".join(sorted(missing)) or "none")
        )
    return rules
