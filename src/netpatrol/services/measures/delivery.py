"""Carrying measures out through the platform connectors: the outbox delivered, and the
warning follow-up that asks the platform whether the post is gone or corrected."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from netpatrol.domain.measures import MeasureKind, MeasureStatus
from netpatrol.services.measures.ports import OutgoingMessage
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import ConnectorError, PlatformConnector, UnitOfWork

DELIVERY_ACTOR = "system:delivery"
MAX_ATTEMPTS = 5
BATCH = 200

Connectors = Mapping[str, PlatformConnector]


@dataclass
class DeliveryRun:
    delivered: int = 0
    failed: int = 0
    heeded: int = 0
    escalated: int = 0

    @property
    def total(self) -> int:
        return self.delivered + self.failed + self.heeded + self.escalated


def deliver_outbox(
    uow: UnitOfWork, connectors: Connectors, clock: Callable[[], datetime]
) -> DeliveryRun:
    """Send queued private messages and takedown notices; a message that keeps failing is
    marked failed after a few attempts, with the platform's reason in the audit log."""
    result = DeliveryRun()
    with uow:
        for message in uow.outbox.queued(BATCH):
            connector = connectors.get(message.platform)
            if connector is None:
                continue
            now = clock()
            message.attempts += 1
            try:
                if message.channel == "takedown_notice":
                    ref = connector.request_takedown(message.subject or "", message.text)
                else:
                    ref = connector.send_private_message(
                        message.sender_account, message.recipient, message.text
                    )
            except ConnectorError as exc:
                failed(uow, message, exc, now, result)
                continue
            delivered(uow, message, ref, now, result)
        uow.commit()
    return result


def failed(
    uow: UnitOfWork, message: OutgoingMessage, exc: Exception, now: datetime, run: DeliveryRun
) -> None:
    """A try that failed: the message stays queued, or is failed after MAX_ATTEMPTS."""
    if message.attempts >= MAX_ATTEMPTS:
        message.status = "failed"
        run.failed += 1
        record(
            uow,
            actor=DELIVERY_ACTOR,
            action="message.failed",
            subject_type="message",
            subject_id=message.id,
            at=now,
            after={"attempts": message.attempts, "channel": message.channel},
            reason=str(exc),
        )
    uow.outbox.update(message)


def delivered(
    uow: UnitOfWork, message: OutgoingMessage, ref: str, now: datetime, run: DeliveryRun
) -> None:
    message.status, message.external_ref, message.sent_at = "sent", ref, now
    uow.outbox.update(message)
    record(
        uow,
        actor=DELIVERY_ACTOR,
        action="message.delivered",
        subject_type="message",
        subject_id=message.id,
        at=now,
        after={"channel": message.channel, "platform": message.platform, "external_ref": ref},
    )
    run.delivered += 1


def follow_up_warnings(
    uow: UnitOfWork, connectors: Connectors, clock: Callable[[], datetime]
) -> DeliveryRun:
    """After a warning's deadline: heeded if the post is gone or its text changed,
    escalated (for a takedown or a case) if it still stands as it was."""
    result = DeliveryRun()
    with uow:
        now = clock()
        due = [
            m
            for status in (MeasureStatus.SENT, MeasureStatus.ACKNOWLEDGED)
            for m in uow.measures.overdue(MeasureKind.WARNING, status, now)
        ]
        for measure in due:
            clue = uow.clues.get(measure.clue_id)
            post = uow.posts.get(clue.post_id) if clue else None
            connector = connectors.get(post.platform.value) if post else None
            if clue is None or post is None or connector is None:
                continue
            try:
                found = connector.post_status(post.external_id)
            except ConnectorError:
                continue  # asked again on the next round
            heeded = not found.exists or found.text != post.text
            before = measure.status
            measure.move_to(MeasureStatus.HEEDED if heeded else MeasureStatus.ESCALATED, now)
            measure.details["follow_up"] = {
                "checked_at": now.isoformat(),
                "post_exists": found.exists,
            }
            uow.measures.update(measure)
            record(
                uow,
                actor=DELIVERY_ACTOR,
                action=f"measure.warning.{measure.status}",
                subject_type="measure",
                subject_id=measure.id,
                at=now,
                unit_id=clue.unit_id,
                before={"status": before.value},
                after={"status": measure.status.value, "post_exists": found.exists},
            )
            if heeded:
                result.heeded += 1
            else:
                result.escalated += 1
        uow.commit()
    return result
