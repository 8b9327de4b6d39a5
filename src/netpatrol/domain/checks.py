"""Checks (核查, M6): is a spreading claim true? Sources consulted, a verdict, four eyes.

An officer (the reviewer) states the claim, records the sources consulted (links, notes,
the agency asked) and proposes a verdict with its reasons; a second person with the
supervisor's role (the approver) approves it or sends it back. Only an approved `false`
verdict opens the way to a public debunk (辟谣).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from netpatrol.domain.errors import InvalidTransition, RuleViolation

MAX_SOURCES = 50
MAX_SOURCE_CHARS = 2000


class Verdict(StrEnum):
    FALSE = "false"
    MISLEADING = "misleading"
    TRUE = "true"
    UNVERIFIED = "unverified"


class CheckStatus(StrEnum):
    OPEN = "open"  # the reviewer is gathering sources
    SUBMITTED = "submitted"  # a verdict is proposed and waits for the approver
    APPROVED = "approved"


CHECK_TRANSITIONS: dict[CheckStatus, frozenset[CheckStatus]] = {
    CheckStatus.OPEN: frozenset({CheckStatus.SUBMITTED}),
    CheckStatus.SUBMITTED: frozenset({CheckStatus.APPROVED, CheckStatus.OPEN}),
    CheckStatus.APPROVED: frozenset(),
}


class SourceKind(StrEnum):
    LINK = "link"  # a page consulted
    NOTE = "note"  # what was seen or heard (a call to the school, a look at the place)
    AGENCY = "agency"  # the agency asked, and its answer


@dataclass(frozen=True)
class Source:
    kind: SourceKind
    value: str  # the URL, the agency's name, or the note itself
    note: str = ""  # what the page or the agency said

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> Source:
        try:
            kind = SourceKind(str(raw.get("kind", "")))
        except ValueError:
            raise RuleViolation(
                f"a source is one of {', '.join(SourceKind)}, not {raw.get('kind')!r}"
            ) from None
        value = str(raw.get("value", "")).strip()
        note = str(raw.get("note", "")).strip()
        if not value:
            raise RuleViolation(f"a {kind} source needs its {_WHAT[kind]}")
        if len(value) > MAX_SOURCE_CHARS or len(note) > MAX_SOURCE_CHARS:
            raise RuleViolation(f"a source is at most {MAX_SOURCE_CHARS} characters")
        if kind is SourceKind.LINK:
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise RuleViolation(f"{value!r} is not an http(s) link")
        return cls(kind, value, note)

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind.value, "value": self.value, "note": self.note}


_WHAT = {SourceKind.LINK: "link", SourceKind.NOTE: "text", SourceKind.AGENCY: "agency's name"}


@dataclass
class Check:
    cluster_id: int
    unit_id: int
    claim: str
    reviewer: str
    created_at: datetime
    updated_at: datetime
    status: CheckStatus = CheckStatus.OPEN
    sources: list[Source] = field(default_factory=list)
    verdict: Verdict | None = None
    conclusion: str = ""  # the reasons for the verdict, in words the public can read
    approver: str | None = None
    decision_note: str = ""
    reviewed_at: datetime | None = None
    decided_at: datetime | None = None
    id: int | None = None

    def add_source(self, source: Source, at: datetime) -> None:
        self._require(CheckStatus.OPEN, "sources are added while the check is open")
        if len(self.sources) >= MAX_SOURCES:
            raise RuleViolation(f"a check holds at most {MAX_SOURCES} sources")
        self.sources.append(source)
        self.updated_at = at

    def submit(self, verdict: Verdict, conclusion: str, at: datetime) -> None:
        """The reviewer proposes a verdict; a check without a source proves nothing."""
        self._require(CheckStatus.OPEN, "only an open check is submitted")
        if not self.sources:
            raise RuleViolation("record at least one source consulted before a verdict")
        if not conclusion.strip():
            raise RuleViolation("a verdict needs its reasons")
        self.verdict, self.conclusion = verdict, conclusion.strip()
        self._move(CheckStatus.SUBMITTED, at)
        self.reviewed_at = at

    def approve(self, approver: str, note: str, at: datetime) -> None:
        """Four eyes: the approver is not the reviewer."""
        if approver == self.reviewer:
            raise RuleViolation("a check is approved by a second person, not its reviewer")
        self._move(CheckStatus.APPROVED, at)
        self.approver, self.decision_note, self.decided_at = approver, note.strip(), at

    def send_back(self, approver: str, note: str, at: datetime) -> None:
        if approver == self.reviewer:
            raise RuleViolation("a check is sent back by a second person, not its reviewer")
        if not note.strip():
            raise RuleViolation("say why the check goes back")
        self._move(CheckStatus.OPEN, at)
        self.decision_note = note.strip()

    def _require(self, status: CheckStatus, message: str) -> None:
        if self.status is not status:
            raise InvalidTransition(f"check {self.id} is {self.status}: {message}")

    def _move(self, status: CheckStatus, at: datetime) -> None:
        if status not in CHECK_TRANSITIONS[self.status]:
            raise InvalidTransition(f"check {self.id} cannot go from {self.status} to {status}")
        self.status = status
        self.updated_at = at
