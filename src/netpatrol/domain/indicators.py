"""Shared indicators (共享线索库, M9): known scam numbers, domains and accounts, with who
added them and from where, a sharing level, a review by a second person, and an expiry.

An indicator is proposed by one officer and confirmed by a second person who holds the
supervisor or unit admin role; only a confirmed, unexpired indicator is matched, and only a
confirmed, nationally shared one reaches the public lookup. A false-positive report puts a
confirmed indicator back under review until a second person decides it again.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from netpatrol.domain.categories import Category, SharingLevel
from netpatrol.domain.errors import InvalidTransition, PermissionDenied, RuleViolation

MAX_NOTE = 2000
MAX_REASON = 1000


class ReviewState(StrEnum):
    PROPOSED = "proposed"  # 待复核: one person's word, matched nowhere
    CONFIRMED = "confirmed"  # 已确认: a second person agreed
    UNDER_REVIEW = "under_review"  # 复核中: reported as a false positive; matched nowhere
    REJECTED = "rejected"  # 已驳回
    REMOVED = "removed"  # 已删除: kept for the audit trail only


REVIEW_TRANSITIONS: dict[ReviewState, frozenset[ReviewState]] = {
    ReviewState.PROPOSED: frozenset(
        {ReviewState.CONFIRMED, ReviewState.REJECTED, ReviewState.REMOVED}
    ),
    ReviewState.CONFIRMED: frozenset(
        {ReviewState.UNDER_REVIEW, ReviewState.PROPOSED, ReviewState.REMOVED}
    ),
    ReviewState.UNDER_REVIEW: frozenset(
        {ReviewState.CONFIRMED, ReviewState.REJECTED, ReviewState.PROPOSED, ReviewState.REMOVED}
    ),
    ReviewState.REJECTED: frozenset({ReviewState.PROPOSED, ReviewState.REMOVED}),
    ReviewState.REMOVED: frozenset({ReviewState.PROPOSED}),  # proposed anew, reviewed anew
}

# the states a second person decides: what the approvals inbox lists
AWAITING_DECISION = frozenset({ReviewState.PROPOSED, ReviewState.UNDER_REVIEW})


class ReportSource(StrEnum):
    OFFICER = "officer"
    PUBLIC = "public"


@dataclass(frozen=True)
class ExpiryPolicy:
    """Days a confirmed indicator stays in force, by kind (policy.json "indicators")."""

    days: Mapping[str, int]
    default_days: int = 90

    @classmethod
    def from_data(cls, policy: Mapping[str, Any]) -> ExpiryPolicy:
        raw = policy.get("indicators", {})
        days = {str(k): int(v) for k, v in raw.get("expiry_days", {}).items()}
        return cls(days, int(raw.get("default_expiry_days", 90)))

    def expires(self, kind: str, start: datetime) -> datetime:
        return start + timedelta(days=self.days.get(kind, self.default_days))


@dataclass
class KnownIndicator:
    kind: str
    value: str
    category: Category
    unit_id: int
    sharing_level: SharingLevel
    created_at: datetime
    note: str = ""
    id: int | None = None
    review: ReviewState = ReviewState.PROPOSED
    proposer: str = ""
    reviewer: str | None = None
    source_clue_id: int | None = None
    source_report_id: int | None = None
    expires_at: datetime | None = None
    updated_at: datetime | None = None
    # a short link's path or a crypto address as it was entered: case-sensitive, while
    # `value` is folded for matching in posts (the patrol folds the whole text)
    shown_as: str = ""

    def in_force(self, now: datetime) -> bool:
        """Confirmed and not expired: the patrol matches it."""
        return self.review is ReviewState.CONFIRMED and (
            self.expires_at is None or self.expires_at > now
        )

    def is_public(self, now: datetime) -> bool:
        """What the public scam lookup may call a known scam."""
        return self.in_force(now) and self.sharing_level is SharingLevel.NATIONAL

    def move_to(self, state: ReviewState, at: datetime) -> None:
        if state not in REVIEW_TRANSITIONS[self.review]:
            raise InvalidTransition(
                f"indicator {self.id} cannot go from {self.review} to {state}",
                rule="indicator_review",
                zh=f"线索特征不能从“{self.review}”变为“{state}”",
            )
        self.review = state
        self.updated_at = at

    def decide(self, reviewer: str, confirm: bool, policy: ExpiryPolicy, at: datetime) -> None:
        """A second person confirms or rejects it (four eyes)."""
        if reviewer == self.proposer:
            raise PermissionDenied(
                "an indicator is confirmed or rejected by a second person, not its proposer",
                rule="four_eyes",
                zh="线索特征须由提出人以外的第二人复核",
            )
        self.move_to(ReviewState.CONFIRMED if confirm else ReviewState.REJECTED, at)
        self.reviewer = reviewer
        if confirm:
            self.expires_at = policy.expires(self.kind, at)

    def propose_again(self, fresh: KnownIndicator) -> None:
        """A rejected or removed indicator proposed anew: a new claim by a new proposer."""
        if self.review not in (ReviewState.REJECTED, ReviewState.REMOVED):
            return
        self.move_to(ReviewState.PROPOSED, fresh.created_at)
        self.category, self.sharing_level, self.note = (
            fresh.category,
            fresh.sharing_level,
            fresh.note,
        )
        self.proposer, self.reviewer, self.expires_at = fresh.proposer, None, None
        self.source_clue_id, self.source_report_id = fresh.source_clue_id, fresh.source_report_id

    def renew(self, policy: ExpiryPolicy, at: datetime) -> None:
        """Another term from now; an expired one comes back into force."""
        if self.review is not ReviewState.CONFIRMED:
            raise InvalidTransition(
                f"a {self.review} indicator is not renewed; only a confirmed one is",
                rule="indicator_renewal",
                zh="只有已确认的线索特征可以续期",
            )
        self.expires_at = policy.expires(self.kind, at)
        self.updated_at = at

    def edit(self, category: Category, sharing: SharingLevel, note: str, at: datetime) -> None:
        """A new category or a wider or narrower sharing level is a new claim: a confirmed
        indicator then waits for a second person again. A note alone changes nothing."""
        if self.review is ReviewState.REMOVED:
            raise InvalidTransition(f"indicator {self.id} is removed", rule="indicator_review")
        check_note(note)
        claim_changed = (category, sharing) != (self.category, self.sharing_level)
        self.category, self.sharing_level, self.note = category, sharing, note.strip()
        self.updated_at = at
        if claim_changed and self.review in (ReviewState.CONFIRMED, ReviewState.UNDER_REVIEW):
            self.move_to(ReviewState.PROPOSED, at)
            self.reviewer = None


@dataclass
class FalsePositiveReport:
    """Someone says the indicator is not a scam ("this is my number")."""

    indicator_id: int
    source: ReportSource
    reporter: str  # the officer's name, or a keyed digest of the public client
    reason: str
    created_at: datetime
    resolved_at: datetime | None = None
    id: int | None = None


def check_note(note: str) -> None:
    if len(note) > MAX_NOTE:
        raise RuleViolation(f"a note has at most {MAX_NOTE} characters")


def check_reason(reason: str) -> str:
    reason = reason.strip()
    if len(reason) > MAX_REASON:
        raise RuleViolation(f"a reason has at most {MAX_REASON} characters")
    return reason


def matched_on_clue(
    indicator: KnownIndicator,
    clue_units: Collection[int],
    province_of: Callable[[int], int | None],
) -> bool:
    """Whether a post on a clue that these units own or take part in may be matched against
    the indicator: a unit's own indicator only on its clues, a province's within it."""
    if indicator.sharing_level is SharingLevel.NATIONAL:
        return True
    if indicator.sharing_level is SharingLevel.UNIT:
        return indicator.unit_id in clue_units
    home = province_of(indicator.unit_id)
    return home is not None and any(province_of(u) == home for u in clue_units)
