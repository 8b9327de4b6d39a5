"""Carrying referral packages to the agencies: each queued package goes through the
channel its agency uses (e-mail or a signed webhook); one that keeps failing is marked
failed after a few attempts, with the reason in the audit log."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime

from netpatrol.services.agencies.ports import AgencyChannel
from netpatrol.services.agencies.referrals import CHANNEL
from netpatrol.services.measures.delivery import BATCH, DeliveryRun, delivered, failed
from netpatrol.services.ports import ConnectorError, UnitOfWork


def deliver_referrals(
    uow: UnitOfWork, channels: Mapping[str, AgencyChannel], clock: Callable[[], datetime]
) -> DeliveryRun:
    """Send the queued referral packages whose channel is configured here."""
    result = DeliveryRun()
    with uow:
        for message in uow.outbox.queued(BATCH):
            channel = channels.get(message.platform)
            if message.channel != CHANNEL or channel is None:
                continue
            now = clock()
            message.attempts += 1
            content = json.loads(message.text)
            package = json.dumps(content["package"], ensure_ascii=False)
            try:
                ref = channel.send(
                    message.recipient, message.subject or "", content["text"], package
                )
            except ConnectorError as exc:
                failed(uow, message, exc, now, result)
                continue
            delivered(uow, message, ref, now, result)
        uow.commit()
    return result
