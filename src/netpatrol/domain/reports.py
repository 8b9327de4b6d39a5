"""Reports from the public (群众举报, M7) and the volunteers who send them (网络志愿者)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from netpatrol.domain.categories import Category
from netpatrol.domain.measures import Measure, MeasureKind, MeasureStatus

# the detector named by a finding that a public report raised, not a detector of ours
REPORT_DETECTOR = "public-report"

# Crockford's base32 without I, L, O, U: codes read aloud or typed from paper stay unambiguous
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
IMAGE_TYPES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}
MAX_TEXT = 2000
MAX_LINK = 500
MAX_CONTACT = 200
MAX_SCREENSHOT = 2 * 1024 * 1024


def new_code(prefix: str, groups: int = 3) -> str:
    """A random code like R-7K2M-Q9XD-4HTP (60 bits for three groups)."""
    parts = ["".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(groups)]
    return "-".join([prefix, *parts])


def normalise_code(code: str) -> str:
    """Codes are read back from paper and phones: case and the look-alikes do not matter."""
    cleaned = code.strip().upper().replace("O", "0").replace("I", "1").replace("L", "1")
    return "-".join(part for part in cleaned.replace(" ", "-").split("-") if part)


def code_digest(code: str) -> str:
    """What is stored of a receipt code or a volunteer key."""
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def image_type(data: bytes) -> str | None:
    """The image's type from its first bytes (the declared type is not trusted)."""
    for magic, kind in IMAGE_TYPES.items():
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


class Judgement(StrEnum):
    """How the officers judged a report, from the measures on its clue."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


class Outcome(StrEnum):
    """What a reporter is told, in plain words, on the receipt page."""

    RECEIVED = "received"
    UNDER_REVIEW = "under_review"
    WARNED = "warned"
    TAKEN_DOWN = "taken_down"
    CASE_OPENED = "case_opened"
    REFERRED = "referred"
    NO_VIOLATION = "no_violation"


OUTCOME_OF_MEASURE = {
    MeasureKind.WARNING: Outcome.WARNED,
    MeasureKind.TAKEDOWN: Outcome.TAKEN_DOWN,
    MeasureKind.CASE: Outcome.CASE_OPENED,
    MeasureKind.REFERRAL: Outcome.REFERRED,
    MeasureKind.DISMISSAL: Outcome.NO_VIOLATION,
}
# the graver measure says more about what came of a report
OUTCOME_RANK = [
    Outcome.NO_VIOLATION,
    Outcome.WARNED,
    Outcome.TAKEN_DOWN,
    Outcome.REFERRED,
    Outcome.CASE_OPENED,
]
UNDONE = frozenset({MeasureStatus.WITHDRAWN, MeasureStatus.REJECTED})


def outcome_of(measures: list[Measure], clue_claimed: bool) -> Outcome:
    taken = [OUTCOME_OF_MEASURE[m.kind] for m in measures if m.status not in UNDONE]
    if taken:
        return max(taken, key=OUTCOME_RANK.index)
    return Outcome.UNDER_REVIEW if clue_claimed else Outcome.RECEIVED


def judgement_of(outcome: Outcome) -> Judgement:
    if outcome is Outcome.NO_VIOLATION:
        return Judgement.DISMISSED
    if outcome in (Outcome.RECEIVED, Outcome.UNDER_REVIEW):
        return Judgement.PENDING
    return Judgement.CONFIRMED


def reliability(confirmed: int, dismissed: int) -> float:
    """Laplace-smoothed share of confirmed tips: a newcomer starts at 0.5 (neutral), and
    one early tip moves it only a little."""
    return (confirmed + 1) / (confirmed + dismissed + 2)


@dataclass
class Report:
    receipt_sha256: str
    category: Category
    text: str
    link: str
    created_at: datetime
    client_key: str
    contact_sealed: str = ""
    region: str = ""
    clue_id: int | None = None
    volunteer_id: int | None = None
    screenshot_sha256: str = ""
    screenshot_type: str = ""
    folded: bool = False
    id: int | None = None


@dataclass
class Volunteer:
    nickname: str
    key_sha256: str
    unit_id: int
    created_at: datetime
    contact_sealed: str = ""
    id: int | None = None
