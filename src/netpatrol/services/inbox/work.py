"""Working the inbox: read a unit's messages unread first, open a thread, assign a
message to an officer, answer it from the account through the connector, mark it handled,
or attach it to a clue. Each change writes one audit entry."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from netpatrol import data
from netpatrol.domain.errors import InvalidTransition, NotFound, RuleViolation
from netpatrol.domain.inbox import (
    MAX_TEXT,
    Direction,
    InboxMessage,
    InboxPage,
    InboxQuery,
    InboxStatus,
    MessageKind,
)
from netpatrol.domain.units import Unit
from netpatrol.domain.users import Permission
from netpatrol.services.accounts.acting import Acting, require, require_unit
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import ConnectorError, PlatformConnector, UnitOfWork

Clock = Callable[[], datetime]
THREAD = 50


@dataclass(frozen=True)
class Template:
    key: str
    title: str
    text: str


def templates() -> dict[str, Template]:
    """The shipped answer templates (data/templates/inbox_replies.zh.json)."""
    raw = json.loads(data.read_text("templates/inbox_replies.zh.json"))["templates"]
    return {k: Template(k, v["title"], v["text"]) for k, v in raw.items()}


def listing(
    uow: UnitOfWork, actor: Acting, query: InboxQuery, own: frozenset[int] | None
) -> InboxPage:
    """The inbox of the actor's units (`own`; None: every unit), narrowed by the query."""
    require(actor, Permission.READ, "read the inbox")
    units = query.unit_ids if own is None else (query.unit_ids or own) & own
    with uow:
        return uow.inbox.page(
            InboxQuery(
                units,
                query.platform,
                query.account,
                query.status,
                query.assignee,
                query.after,
                query.limit,
            )
        )


def message_for(uow: UnitOfWork, actor: Acting, message_id: int) -> InboxMessage:
    message = uow.inbox.get(message_id)
    if message is None or message.direction is Direction.OUT or not actor.owns(message.unit_id):
        raise NotFound(f"inbox message {message_id} does not exist")
    return message


def thread_of(
    uow: UnitOfWork, actor: Acting, message_id: int
) -> tuple[InboxMessage, list[InboxMessage]]:
    """The message and the latest of its thread (the netizen's messages and the answers)."""
    require(actor, Permission.READ, "read the inbox")
    with uow:
        message = message_for(uow, actor, message_id)
        return message, uow.inbox.thread(message.thread, THREAD)


def assign(
    uow: UnitOfWork, actor: Acting, message_id: int, assignee: str, clock: Clock
) -> InboxMessage:
    """Give the message to an officer of the message's unit (or to nobody: '')."""
    require(actor, Permission.WORK, "assign inbox messages")
    with uow:
        message = message_for(uow, actor, message_id)
        if assignee:
            user = uow.users.by_username(assignee)
            if user is None or user.unit_id != message.unit_id or not user.active:
                raise RuleViolation(
                    f"{assignee} is not an active user of the unit the message was sent to",
                    rule="inbox_assignee_of_unit",
                    zh="只能分派给该账号所属单位的在岗人员",
                )
        before = message.assignee
        message.assignee = assignee
        uow.inbox.update(message)
        audit_change(
            uow,
            actor,
            "inbox.assigned",
            message,
            clock(),
            {"assignee": before},
            {"assignee": assignee},
        )
        uow.commit()
    return message


def mark_handled(uow: UnitOfWork, actor: Acting, message_id: int, clock: Clock) -> InboxMessage:
    require(actor, Permission.WORK, "handle inbox messages")
    with uow:
        message = message_for(uow, actor, message_id)
        if message.status is InboxStatus.HANDLED:
            raise InvalidTransition(
                "this message is already handled", rule="inbox_handled_once", zh="该消息已处理"
            )
        set_handled(message, actor, clock())
        uow.inbox.update(message)
        audit_change(
            uow,
            actor,
            "inbox.handled",
            message,
            clock(),
            {"status": "unread"},
            {"status": "handled"},
        )
        uow.commit()
    return message


def reply(
    uow: UnitOfWork,
    actor: Acting,
    message_id: int,
    connectors: Mapping[str, PlatformConnector],
    clock: Clock,
    template: str = "",
    text: str = "",
) -> InboxMessage:
    """Answer from the account the message was sent to: a private message answers in
    private, a comment or mention publicly (`回复@name：`). The template fills in the
    netizen's and the unit's names; a text given replaces it. The answer joins the thread
    and the message counts as handled."""
    require(actor, Permission.WORK, "answer inbox messages")
    known = templates()
    if template and template not in known:
        raise RuleViolation(
            f"unknown template {template!r}; one of {', '.join(sorted(known))}",
            rule="inbox_template",
            zh="没有这个答复模板",
        )
    with uow:
        message = message_for(uow, actor, message_id)
        unit = uow.units.get(message.unit_id)
        body = text.strip()
        if not body and template:
            body = known[template].text.format(
                name=message.sender_name, unit=unit.name if unit else ""
            )
        if not body or len(body) > MAX_TEXT:
            raise RuleViolation(
                f"an answer needs a template or a text of 1 to {MAX_TEXT} characters",
                rule="inbox_reply_text",
                zh=f"答复须选择模板或填写1至{MAX_TEXT}字的内容",
            )
        connector = connectors.get(message.platform)
        if connector is None:
            raise RuleViolation(
                f"no connector to {message.platform} is configured",
                rule="inbox_no_connector",
                zh="未配置该平台的连接",
            )
        try:
            if message.kind is MessageKind.PRIVATE:
                sent = connector.send_private_message(message.account, message.sender_id, body)
            else:
                sent = connector.publish(message.account, f"回复@{message.sender_name}：{body}")
        except ConnectorError as exc:
            raise RuleViolation(
                f"the platform refused the answer: {exc}",
                rule="inbox_platform_refused",
                zh="平台拒绝了答复",
            ) from None
        now = clock()
        answer = uow.inbox.add(
            InboxMessage(
                unit_id=message.unit_id,
                platform=message.platform,
                account=message.account,
                kind=message.kind,
                external_id=sent,
                sender_id=message.sender_id,
                sender_name=message.sender_name,
                text=body,
                received_at=now,
                direction=Direction.OUT,
                status=InboxStatus.HANDLED,
                in_reply_to=message.external_id,
                handled_by=actor.name,
                handled_at=now,
            )
        )
        before = message.status
        set_handled(message, actor, now)
        uow.inbox.update(message)
        audit_change(
            uow,
            actor,
            "inbox.replied",
            message,
            now,
            {"status": before.value},
            {"answer": answer.id, "platform_id": sent, "template": template},
            body,
        )
        uow.commit()
    return answer


def attach(
    uow: UnitOfWork, actor: Acting, message_id: int, clue_id: int, clock: Clock
) -> InboxMessage:
    """Attach the message to a clue of the actor's units (it then reads on the clue)."""
    require(actor, Permission.WORK, "attach inbox messages")
    with uow:
        message = message_for(uow, actor, message_id)
        clue = uow.clues.get(clue_id)
        if clue is None or not actor.owns(clue.unit_id):
            raise NotFound(f"clue {clue_id} does not exist")
        require_unit(actor, clue.unit_id, f"clue {clue_id}")
        before = message.clue_id
        message.clue_id = clue_id
        uow.inbox.update(message)
        audit_change(
            uow,
            actor,
            "inbox.attached",
            message,
            clock(),
            {"clue_id": before},
            {"clue_id": clue_id},
        )
        uow.commit()
    return message


def set_handled(message: InboxMessage, actor: Acting, now: datetime) -> None:
    message.status, message.handled_by, message.handled_at = InboxStatus.HANDLED, actor.name, now


def audit_change(
    uow: UnitOfWork,
    actor: Acting,
    action: str,
    message: InboxMessage,
    now: datetime,
    before: dict[str, object],
    after: dict[str, object],
    reason: str = "",
) -> None:
    record(
        uow,
        actor=actor.name,
        action=action,
        subject_type="inbox_message",
        subject_id=message.id,
        at=now,
        unit_id=message.unit_id,
        before=before,
        after=after,
        reason=reason,
    )


def units(uow: UnitOfWork) -> list[Unit]:
    """Every unit, for naming them and their accounts."""
    with uow:
        return uow.units.all()


def assignees(uow: UnitOfWork, unit_id: int) -> list[str]:
    """The active users of a unit, who may be given its messages."""
    with uow:
        return sorted(u.username for u in uow.users.all() if u.unit_id == unit_id and u.active)


def on_clue(
    uow: UnitOfWork, clue_id: int, measure_ids: Sequence[int], limit: int = 20
) -> list[InboxMessage]:
    """What netizens sent that belongs to this clue: messages attached to it and answers
    to its warnings (the caller has already checked that the reader may see the clue)."""
    with uow:
        return uow.inbox.on_clue(clue_id, measure_ids, limit)
