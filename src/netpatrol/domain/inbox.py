"""The accounts' inbox (私信/评论/@提及): what netizens send to a unit's public accounts.

Each message belongs to a thread, one per netizen per account of the unit. An inbound
message is unread until an officer handles it; the unit's answers are kept in the same
thread as outbound messages, so a thread reads as the conversation it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from netpatrol.domain.errors import RuleViolation

MAX_TEXT = 2000
MAX_NAME = 128
PAGE = 50


class MessageKind(StrEnum):
    PRIVATE = "private"  # a private message to the account
    COMMENT = "comment"  # a comment on one of the account's posts
    MENTION = "mention"  # an @mention of the account


class Direction(StrEnum):
    IN = "in"
    OUT = "out"


class InboxStatus(StrEnum):
    UNREAD = "unread"
    HANDLED = "handled"


@dataclass
class InboxMessage:
    unit_id: int
    platform: str
    account: str  # the unit's account the message was sent to (or from, for an answer)
    kind: MessageKind
    external_id: str  # the platform's id of the message
    sender_id: str  # the netizen: the thread's other party, whichever way the message goes
    sender_name: str
    text: str
    received_at: datetime
    direction: Direction = Direction.IN
    status: InboxStatus = InboxStatus.UNREAD
    in_reply_to: str = ""  # the platform's id of the message or post this answers
    assignee: str = ""
    clue_id: int | None = None
    report_id: int | None = None
    measure_id: int | None = None  # the warning this answers, when it answers one
    category: str = ""  # what the detection engine found in it, if anything
    handled_by: str = ""
    handled_at: datetime | None = None
    id: int | None = None
    # control characters taken out of the text and name as the platform sent them; kept in
    # the intake's audit entry, not with the message
    control_chars_removed: int = 0

    @property
    def thread(self) -> str:
        """One thread per netizen per account."""
        return thread_key(self.platform, self.account, self.sender_id)


def thread_key(platform: str, account: str, sender_id: str) -> str:
    return f"{platform}:{account}:{sender_id}"


@dataclass(frozen=True)
class Cursor:
    """Where a page of the inbox ends: unread messages come first, newest first, then
    handled ones. Written `u<id>` or `h<id>` in `?after=`."""

    status: InboxStatus
    message_id: int

    def __str__(self) -> str:
        return f"{self.status.value[0]}{self.message_id}"

    @classmethod
    def parse(cls, text: str) -> Cursor | None:
        if not text:
            return None
        found = re.fullmatch(r"([uh])([0-9]{1,18})", text)
        if found is None:
            raise RuleViolation(
                "after must be a cursor from the previous page, such as u1234 or h1234",
                rule="inbox_cursor",
                zh="翻页参数 after 须为上一页给出的游标，如 u1234",
            )
        status = InboxStatus.UNREAD if found.group(1) == "u" else InboxStatus.HANDLED
        return cls(status, int(found.group(2)))


@dataclass(frozen=True)
class InboxQuery:
    unit_ids: frozenset[int] | None  # None: every unit
    platform: str = ""
    account: str = ""
    status: InboxStatus | None = None
    assignee: str = ""
    after: Cursor | None = None
    limit: int = PAGE


@dataclass
class InboxPage:
    messages: list[InboxMessage] = field(default_factory=list)
    next_after: str = ""


def check_incoming(
    platform: str, account: str, kind: str, external_id: str, sender_id: str, text: str
) -> MessageKind:
    """Every reason an inbound message cannot be stored, in one message."""
    reasons = []
    try:
        found = MessageKind(kind)
    except ValueError:
        found = MessageKind.PRIVATE
        reasons.append(f"kind must be one of {', '.join(k.value for k in MessageKind)}")
    for name, value in (("account", account), ("id", external_id), ("sender", sender_id)):
        if not value.strip():
            reasons.append(f"{name} is missing")
        elif len(value) > MAX_NAME:
            reasons.append(f"{name} is longer than {MAX_NAME} characters")
    if not text.strip():
        reasons.append("text is empty")
    elif len(text) > MAX_TEXT:
        reasons.append(f"text is longer than {MAX_TEXT} characters")
    if not platform:
        reasons.append("platform is missing")
    if reasons:
        raise RuleViolation("; ".join(reasons), rule="inbox_message", zh="消息格式不符合要求")
    return found
