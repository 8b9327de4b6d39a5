"""What netizens send the units' accounts comes in (pulled from a connector or pushed to
the webhook): checked, stored once per platform id, linked to the warning it answers, and
read by the detection engine so a threat or a scam sent to the unit becomes a clue.

The inbox format, one message:
`{"id", "kind": "private"|"comment"|"mention", "account", "sender": {"id", "name"},
"text", "created_at", "in_reply_to"?}`; `account` is the unit's account it was sent to.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from netpatrol.detect.pipeline import Engine
from netpatrol.domain.categories import Severity
from netpatrol.domain.errors import RuleViolation
from netpatrol.domain.inbox import InboxMessage, MessageKind, check_incoming
from netpatrol.domain.posts import Author, Platform, Post
from netpatrol.domain.text import cleaned, unstorable
from netpatrol.domain.units import Unit
from netpatrol.services.oversight.audit import record
from netpatrol.services.patrol.batch import TriagePolicy, patrol_batch
from netpatrol.services.patrol.post_input import EARLIEST, LATEST
from netpatrol.services.ports import UnitOfWork

INTAKE_ACTOR = "system:inbox"
MAX_BATCH = 1000


@dataclass
class BatchRejected(Exception):
    """Some items are malformed; nothing was stored. `reasons` maps item index to why."""

    reasons: dict[int, str] = field(default_factory=dict)


@dataclass
class Intake:
    stored: int = 0
    duplicates: int = 0
    warning_replies: int = 0
    clues: list[int] = field(default_factory=list)  # opened or joined by what was sent
    rejected: list[str] = field(default_factory=list)

    def merge(self, other: Intake) -> None:
        self.stored += other.stored
        self.duplicates += other.duplicates
        self.warning_replies += other.warning_replies
        self.clues += other.clues
        self.rejected += other.rejected


def accounts_of(units: Sequence[Unit]) -> dict[tuple[str, str], Unit]:
    """(platform, account) -> the unit that holds the account."""
    return {(p, a): u for u in units for p, a in u.channel_accounts.items() if a}


def parse_item(
    platform: str, item: object, accounts: Mapping[tuple[str, str], Unit]
) -> InboxMessage:
    """One message in the inbox format, or ValueError saying why not."""
    if not isinstance(item, dict):
        raise ValueError("a message must be a JSON object")
    sender = item.get("sender")
    sender = sender if isinstance(sender, dict) else {}
    fields = {
        k: str(v) if v is not None else ""
        for k, v in (
            ("account", item.get("account")),
            ("id", item.get("id")),
            ("kind", item.get("kind")),
            ("sender", sender.get("id")),
            ("name", sender.get("name") or sender.get("id")),
            ("text", item.get("text")),
            ("in_reply_to", item.get("in_reply_to")),
        )
    }
    for name in ("account", "id", "kind", "sender", "in_reply_to"):
        reason = unstorable(fields[name])
        if reason:
            raise ValueError(f"{name}: {reason}")
    fields["text"], in_text = cleaned(fields["text"])
    fields["name"], in_name = cleaned(fields["name"])
    try:
        kind = check_incoming(
            platform,
            fields["account"],
            fields["kind"],
            fields["id"],
            fields["sender"],
            fields["text"],
        )
    except RuleViolation as exc:
        raise ValueError(str(exc)) from None
    unit = accounts.get((platform, fields["account"]))
    if unit is None or unit.id is None:
        raise ValueError(f"no unit holds the account {fields['account']!r} on {platform}")
    received = _received(item.get("created_at", ""))
    return InboxMessage(
        unit_id=unit.id,
        platform=platform,
        account=fields["account"],
        kind=kind,
        external_id=fields["id"],
        sender_id=fields["sender"],
        sender_name=fields["name"][:128],
        text=fields["text"],
        received_at=received,
        in_reply_to=fields["in_reply_to"][:128],
        control_chars_removed=in_text + in_name,
    )


def _received(value: object) -> datetime:
    """An ISO 8601 time between 1990 and 2100 (UTC when no offset is given)."""
    try:
        received = datetime.fromisoformat(str(value)[:64])
        if received.tzinfo is None:
            received = received.replace(tzinfo=UTC)
        received = received.astimezone(UTC)
    except (ValueError, OverflowError):
        raise ValueError("created_at must be an ISO 8601 time") from None
    if not EARLIEST <= received < LATEST:
        raise ValueError("created_at must fall between 1990 and 2100")
    return received


def parse_batch(
    platform: str, items: Sequence[object], units: Sequence[Unit], strict: bool
) -> tuple[list[InboxMessage], dict[int, str]]:
    """Every item checked; `strict` (a push) refuses the batch when any item is bad."""
    if strict and not 1 <= len(items) <= MAX_BATCH:
        raise BatchRejected({-1: f"a batch holds 1 to {MAX_BATCH} messages"})
    accounts = accounts_of(units)
    messages, reasons = [], {}
    for index, item in enumerate(items):
        try:
            messages.append(parse_item(platform, item, accounts))
        except ValueError as exc:
            reasons[index] = str(exc)
    if strict and reasons:
        raise BatchRejected(reasons)
    return messages, reasons


def receive(
    uow_factory: Callable[[], UnitOfWork],
    messages: Sequence[InboxMessage],
    engine: Engine,
    triage: TriagePolicy,
    clock: Callable[[], datetime],
) -> Intake:
    """Detect first: what the engine flags goes through the patrol as a post from the
    sender (idempotent on its id), so the clue exists before the message points to it;
    then the messages are stored in one transaction."""
    result = Intake()
    if not messages:
        return result
    verdicts = engine.run([m.text for m in messages])
    for message, verdict in zip(messages, verdicts, strict=True):
        message.category = verdict.category.value if verdict.is_finding else ""
    # rudeness aimed at the account itself (low) is the inbox's to handle, not a clue's
    flagged = [
        (m, v)
        for m, v in zip(messages, verdicts, strict=True)
        if v.severity is not None and v.severity.rank >= Severity.MEDIUM.rank
    ]
    if flagged:
        with uow_factory() as uow:
            names = {u.id: u.name for u in uow.units.all()}
        # the sender wrote to this unit's account: the unit's place routes the clue to it
        posts = [_as_post(m, names.get(m.unit_id, "")) for m, _ in flagged]
        patrolled = patrol_batch(
            uow_factory(), posts, engine, triage, clock, [v for _, v in flagged]
        )
        clue_of = {p.external_id: f.clue_id for p, f in patrolled.findings if f.clue_id}
        for message, _ in flagged:
            message.clue_id = clue_of.get(_post_id(message))
    with uow_factory() as uow:
        for message in messages:
            if message.kind is MessageKind.PRIVATE:
                message.measure_id = uow.inbox.warning_to(
                    message.platform, message.account, message.sender_id
                )
        fresh = uow.inbox.add_new(messages)
        now = clock()
        for message in fresh:
            if message.measure_id is not None:
                result.warning_replies += 1
                record(
                    uow,
                    actor=f"netizen:{message.sender_id}",
                    action="measure.warning.replied",
                    subject_type="measure",
                    subject_id=message.measure_id,
                    at=now,
                    unit_id=message.unit_id,
                    after={"inbox_message": message.id},
                )
        result.stored, result.duplicates = len(fresh), len(messages) - len(fresh)
        result.clues = sorted({m.clue_id for m in fresh if m.clue_id is not None})
        if fresh:
            record(
                uow,
                actor=INTAKE_ACTOR,
                action="inbox.received",
                subject_type="inbox",
                subject_id=fresh[0].id,
                at=now,
                after={"stored": len(fresh), "clues": result.clues} | _removals(fresh),
            )
        uow.commit()
    return result


def _removals(messages: Sequence[InboxMessage]) -> dict[str, dict[str, int]]:
    removed = {m.external_id: m.control_chars_removed for m in messages if m.control_chars_removed}
    return {"control_chars_removed": removed} if removed else {}


def _post_id(message: InboxMessage) -> str:
    return f"inbox-{message.kind.value}-{message.external_id}"


def _as_post(message: InboxMessage, place: str) -> Post:
    return Post(
        platform=Platform(message.platform),
        external_id=_post_id(message),
        author=Author(id=message.sender_id, name=message.sender_name, region=place),
        text=message.text,
        created_at=message.received_at,
    )


def as_items(raw: Any) -> list[object]:
    """The list of messages of a push body `{"messages": [...]}`."""
    if not isinstance(raw, dict) or not isinstance(raw.get("messages"), list):
        raise BatchRejected({-1: 'expected {"messages": [...]}'})
    return list(raw["messages"])
