"""Publications (发布, M8): fraud alerts, typical-case bulletins, safety tips and debunks,
written once, approved by a second person, and published at their time to the accounts
of the chosen units on the chosen channels and on the public pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from netpatrol.domain.errors import InvalidTransition, RuleViolation

MAX_TITLE = 200
MAX_BODY = 5000
MAX_TARGETS = 200


class PublicationKind(StrEnum):
    FRAUD_ALERT = "fraud_alert"  # 反诈预警
    CASE_BULLETIN = "case_bulletin"  # 典型案例通报
    SAFETY_TIP = "safety_tip"  # 安全提示
    DEBUNK = "debunk"  # 辟谣


class PublicationStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"  # waits for its time
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


PUBLICATION_TRANSITIONS: dict[PublicationStatus, frozenset[PublicationStatus]] = {
    PublicationStatus.DRAFT: frozenset({PublicationStatus.APPROVED, PublicationStatus.WITHDRAWN}),
    PublicationStatus.APPROVED: frozenset(
        {PublicationStatus.PUBLISHED, PublicationStatus.DRAFT, PublicationStatus.WITHDRAWN}
    ),
    PublicationStatus.PUBLISHED: frozenset({PublicationStatus.WITHDRAWN}),
    PublicationStatus.WITHDRAWN: frozenset(),
}


class TargetStatus(StrEnum):
    PENDING = "pending"
    PUBLISHED = "published"
    FAILED = "failed"


@dataclass
class Target:
    """One unit's account on one channel (platform)."""

    unit_id: int
    platform: str
    account: str
    status: TargetStatus = TargetStatus.PENDING
    external_id: str | None = None
    attempts: int = 0
    error: str = ""
    published_at: datetime | None = None
    reach: int | None = None  # the account's followers when last asked
    live: bool | None = None  # whether the platform still shows the post
    checked_at: datetime | None = None
    publication_id: int | None = None
    id: int | None = None


@dataclass
class Publication:
    kind: PublicationKind
    unit_id: int
    title: str
    body: str
    author: str
    created_at: datetime
    updated_at: datetime
    status: PublicationStatus = PublicationStatus.DRAFT
    approver: str | None = None
    publish_at: datetime | None = None  # None: as soon as it is approved
    published_at: datetime | None = None
    cluster_id: int | None = None
    check_id: int | None = None
    source_clue_id: int | None = None
    version: int = 1
    targets: list[Target] = field(default_factory=list)
    indicators: list[tuple[str, str]] = field(default_factory=list)  # (kind, canonical value)
    id: int | None = None

    def validate(self) -> None:
        title, body = self.title.strip(), self.body.strip()
        if not title or len(title) > MAX_TITLE:
            raise RuleViolation(f"a title is 1 to {MAX_TITLE} characters")
        if not body or len(body) > MAX_BODY:
            raise RuleViolation(f"a text is 1 to {MAX_BODY} characters")
        if len(self.targets) > MAX_TARGETS:
            raise RuleViolation(f"at most {MAX_TARGETS} accounts per publication")
        if self.kind is PublicationKind.DEBUNK and (self.cluster_id is None or not self.check_id):
            raise RuleViolation("a debunk answers a cluster whose check found the claim false")

    def edit(self, title: str, body: str, at: datetime) -> None:
        """A draft or an approved text may change; an approved one then needs approving
        again, since the approver approved other words."""
        if self.status not in (PublicationStatus.DRAFT, PublicationStatus.APPROVED):
            raise InvalidTransition(f"a {self.status} publication is not edited; withdraw it")
        self.title, self.body = title.strip(), body.strip()
        self.version += 1
        self.updated_at = at
        if self.status is PublicationStatus.APPROVED:
            self.status, self.approver = PublicationStatus.DRAFT, None

    def approve(self, approver: str, at: datetime) -> None:
        if approver == self.author:
            raise RuleViolation("a publication is approved by a second person, not its author")
        self.move_to(PublicationStatus.APPROVED, at)
        self.approver = approver

    def due(self, now: datetime) -> bool:
        return self.status is PublicationStatus.APPROVED and (
            self.publish_at is None or self.publish_at <= now
        )

    def move_to(self, status: PublicationStatus, at: datetime) -> None:
        if status not in PUBLICATION_TRANSITIONS[self.status]:
            raise InvalidTransition(
                f"publication {self.id} cannot go from {self.status} to {status}"
            )
        self.status = status
        self.updated_at = at
        if status is PublicationStatus.PUBLISHED:
            self.published_at = at

    @property
    def is_public(self) -> bool:
        return self.status is PublicationStatus.PUBLISHED

    @property
    def reach(self) -> int:
        return sum(t.reach or 0 for t in self.targets if t.status is TargetStatus.PUBLISHED)
