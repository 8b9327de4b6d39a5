"""Takedown notices (清理通知) and the platform's answer to them: the notice carries its
evidence items and the address the platform answers at; the platform answers, signed,
that it removed the post, refused (with a reason) or needs more (with a question), and an
officer answers the question. Each answer moves the notice along domain/notices.py's table
and writes one audit entry."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from netpatrol.domain.errors import NotFound, RuleViolation
from netpatrol.domain.evidence import EvidenceItem
from netpatrol.domain.legal import LegalBasis
from netpatrol.domain.measures import Measure, MeasureKind, MeasureStatus
from netpatrol.domain.notices import (
    MAX_TEXT,
    NoticeAnswer,
    PlatformAnswer,
    RefusalReason,
    next_status,
    thread_entry,
)
from netpatrol.domain.posts import Post
from netpatrol.domain.text import cleaned
from netpatrol.domain.units import Unit
from netpatrol.services.clues.queries import clue_context
from netpatrol.services.measures.ports import OutgoingMessage
from netpatrol.services.oversight.audit import record, record_for_measure
from netpatrol.services.patrol.post_input import decode_json
from netpatrol.services.ports import UnitOfWork

Clock = Callable[[], datetime]
CALLBACK = "/api/v1/platform/notices/{id}"


def file_notice(
    uow: UnitOfWork,
    measure: Measure,
    unit: Unit,
    post: Post,
    bases: Sequence[LegalBasis],
    items: Sequence[EvidenceItem],
    public_url: str,
) -> None:
    """Inside an open unit of work: queue the notice of a takedown just added, with its
    evidence items and where to answer."""
    callback = public_url.rstrip("/") + CALLBACK.format(id=measure.id)
    due = measure.deadline or measure.created_at
    text = (
        f"清理通知 #{measure.id}：{post.platform.value} 帖子 {post.external_id}"
        f"（作者 {post.author.id}）涉嫌违法，依据 {'、'.join(b.law + b.article for b in bases)}，"
        f"请于 {due.isoformat()} 前删除，并签名回复至 {callback}"
        "（removed / refused 附理由 / needs_more 附问题）。原文：" + post.text
    )
    text += "".join(f"\n证据 {i.id}（{i.kind}）：SHA-256 {i.sha256}" for i in items)
    message = uow.outbox.add(
        OutgoingMessage(
            "takedown_notice",
            post.platform.value,
            unit.channel_accounts.get(post.platform.value, unit.name),
            f"platform:{post.platform.value}",
            text,
            measure.created_at,
            subject=post.external_id,
        )
    )
    measure.details |= {
        "message_id": message.id,
        "platform": post.platform.value,
        "callback": callback,
    }
    uow.measures.update(measure)


def parse_answer(body: bytes) -> NoticeAnswer:
    """`{"answer": "removed" | "refused" | "needs_more", "reason": ..., "text": ...}`."""
    try:
        payload = decode_json(body)
    except ValueError:
        raise RuleViolation("the body is not JSON", rule="answer_json") from None
    if not isinstance(payload, dict):
        raise RuleViolation('expected {"answer": ...}', rule="answer_json")
    answer, reason, text = payload.get("answer"), payload.get("reason"), payload.get("text", "")
    if answer not in {a.value for a in PlatformAnswer}:
        raise RuleViolation(
            "answer: one of " + ", ".join(PlatformAnswer), rule="answer_kind", zh="回复类型无效"
        )
    if reason is not None and reason not in {r.value for r in RefusalReason}:
        raise RuleViolation("reason: one of " + ", ".join(RefusalReason), rule="refusal_reason")
    if not isinstance(text, str):
        raise RuleViolation("text: a string", rule="answer_text")
    kept, removed = cleaned(text)
    return NoticeAnswer(
        PlatformAnswer(answer), RefusalReason(reason) if reason else None, kept.strip(), removed
    )


def _notice(uow: UnitOfWork, notice_id: int, platform: str | None = None) -> Measure:
    measure = uow.measures.get(notice_id)
    if measure is None or measure.kind is not MeasureKind.TAKEDOWN:
        raise NotFound(f"no takedown notice {notice_id}")
    if platform is not None and measure.details.get("platform") != platform:
        raise NotFound(f"no takedown notice {notice_id}")  # never whose it is
    return measure


def answer_notice(
    uow: UnitOfWork, notice_id: int, platform: str, answer: NoticeAnswer, clock: Clock
) -> Measure:
    """Record the platform's answer; the first answer sets the notice's hours to answer."""
    with uow:
        measure = _notice(uow, notice_id, platform)
        before = measure.status
        to = next_status(before, answer.answer)
        now = clock()
        measure.move_to(to, now)
        hours = round((now - measure.created_at).total_seconds() / 3600, 2)
        measure.details.setdefault("response_hours", hours)
        if answer.reason:
            measure.details["refusal_reason"] = answer.reason.value
        thread = list(measure.details.get("platform_thread", []))  # type: ignore[call-overload]
        reason = answer.reason.value if answer.reason else ""
        thread.append(thread_entry(f"platform:{platform}", now, answer.answer, answer.text, reason))
        measure.details["platform_thread"] = thread
        uow.measures.update(measure)
        record_for_measure(
            uow,
            measure,
            actor=f"platform:{platform}",
            action=f"measure.takedown.{to}",
            at=now,
            before={"status": before.value},
            after={"status": to.value, "answer": answer.answer.value, "reason": reason}
            | _removals(answer),
            reason=answer.text,
        )
        uow.commit()
    return measure


def _removals(answer: NoticeAnswer) -> dict[str, dict[str, int]]:
    removed = answer.control_chars_removed
    return {"control_chars_removed": {"text": removed}} if removed else {}


def answer_question(
    uow: UnitOfWork, notice_id: int, actor: str, text: str, clock: Clock
) -> Measure:
    """An officer answers the platform's question; the notice waits for the platform again
    and the answer goes to it with the notice's ticket."""
    text = text.strip()
    if not text or len(text) > MAX_TEXT:
        raise RuleViolation(
            f"the answer is 1 to {MAX_TEXT} characters", rule="answer_text", zh="请填写答复"
        )
    with uow:
        measure = _notice(uow, notice_id)
        before = measure.status
        if before is not MeasureStatus.NEEDS_MORE:
            raise RuleViolation(
                f"notice {notice_id} is {before}: the platform asked nothing to answer",
                rule="no_question_open",
                zh="平台未提出需答复的问题",
            )
        now = clock()
        measure.move_to(MeasureStatus.SENT, now)
        thread = list(measure.details.get("platform_thread", []))  # type: ignore[call-overload]
        thread.append(thread_entry(actor, now, "answer", text))
        measure.details["platform_thread"] = thread
        uow.measures.update(measure)
        clue, post, unit = clue_context(uow, measure.clue_id)
        # to the platform's desk, from the unit's account, as a message on the notice
        uow.outbox.add(
            OutgoingMessage(
                "notice_answer",
                post.platform.value,
                unit.channel_accounts.get(post.platform.value, unit.name),
                f"platform:{post.platform.value}",
                f"清理通知 #{notice_id} 补充说明：{text}",
                now,
                subject=post.external_id,
            )
        )
        record(
            uow,
            actor=actor,
            action="measure.takedown.answered_platform",
            subject_type="measure",
            subject_id=measure.id,
            at=now,
            unit_id=clue.unit_id,
            before={"status": before.value},
            after={"status": measure.status.value},
            reason=text,
        )
        uow.commit()
    return measure
