"""Referrals (联动移交): a referral names one agency of the directory and goes to it as a
package (the clue in brief, its evidence, the legal bases cited) through the agency's
channel; the agency answers through a link that opens this one referral and nothing else
(accepted, declined or done, with text), and a referral past its deadline is flagged."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from netpatrol.domain.agencies import Agency, AgencyAnswer, next_status
from netpatrol.domain.categories import CATEGORY_NAMES_ZH
from netpatrol.domain.clues import Clue
from netpatrol.domain.errors import NotFound
from netpatrol.domain.evidence import EvidenceItem
from netpatrol.domain.legal import LegalBasis
from netpatrol.domain.measures import Measure, MeasureKind, MeasureStatus
from netpatrol.domain.posts import Post
from netpatrol.domain.units import Unit
from netpatrol.services.agencies.directory import directory_in, province_of
from netpatrol.services.clues.queries import clue_context
from netpatrol.services.measures.ports import OutgoingMessage
from netpatrol.services.measures.warnings import token_digest
from netpatrol.services.oversight.audit import record_for_measure
from netpatrol.services.ports import UnitOfWork

CHANNEL = "referral"
TIMER_ACTOR = "system:timers"
WAITING = (MeasureStatus.SENT, MeasureStatus.ACCEPTED)


def resolve(uow: UnitOfWork, code: str, unit: Unit) -> Agency:
    """Inside an open unit of work: the agency a referral of this unit names."""
    units = uow.units.all()
    return directory_in(uow).resolve(code, province_of(units, unit))


def package(
    clue: Clue,
    post: Post,
    unit: Unit,
    bases: Sequence[LegalBasis],
    items: Sequence[EvidenceItem],
    measure: Measure,
) -> dict[str, object]:
    """What the agency receives, for systems (JSON); `text_of` says it for people."""
    return {
        "referral": measure.id,
        "from_unit": {"code": unit.code, "name": unit.name},
        "deadline": measure.deadline.isoformat() if measure.deadline else None,
        "clue": {
            "id": clue.id,
            "category": clue.category.value,
            "category_zh": CATEGORY_NAMES_ZH[clue.category],
            "severity": clue.severity.value,
            "opened_at": clue.created_at.isoformat(),
            "platform": post.platform.value,
            "post": post.external_id,
            "excerpt": post.text[:280],
            "reason": measure.details.get("reason", ""),
        },
        "evidence": [
            {
                "id": i.id,
                "kind": i.kind,
                "sha256": i.sha256,
                "captured_at": i.captured_at.isoformat(),
            }
            for i in items
        ],
        "legal_bases": [{"code": b.code, "law": b.law, "article": b.article} for b in bases],
    }


def text_of(agency: Agency, content: dict[str, object], link: str) -> str:
    clue = content["clue"]
    assert isinstance(clue, dict)
    bases = content["legal_bases"]
    evidence = content["evidence"]
    assert isinstance(bases, list) and isinstance(evidence, list)
    unit = content["from_unit"]
    assert isinstance(unit, dict)
    return (
        f"{agency.name}：\n\n{unit['name']}网警巡查执法移交线索 #{clue['id']}"
        f"（{clue['category_zh']}），请于 {content['deadline'] or '尽快'} 前处理并答复。\n"
        f"平台 {clue['platform']} 帖子 {clue['post']}：{clue['excerpt']}\n"
        f"移交理由：{clue['reason'] or '—'}\n"
        "法律依据："
        + "、".join(f"《{b['law']}》{b['article']}" for b in bases)
        + "\n"
        + "".join(f"证据 {e['id']}（{e['kind']}）SHA-256 {e['sha256']}\n" for e in evidence)
        + f"\n答复（接收、退回或办结）请通过：{link}\n"
    )


def send_package(
    uow: UnitOfWork,
    measure: Measure,
    agency: Agency,
    parts: tuple[Clue, Post, Unit],
    bases: Sequence[LegalBasis],
    items: Sequence[EvidenceItem],
    public_url: str,
) -> str:
    """Inside an open unit of work: queue the package for the agency's channel and keep
    the digest of the link's token; the token itself (shown once)."""
    clue, post, unit = parts
    token = secrets.token_urlsafe(18)
    link = f"{public_url.rstrip('/')}/agency/{token}"
    content = package(clue, post, unit, bases, items, measure)
    message = uow.outbox.add(
        OutgoingMessage(
            CHANNEL,
            agency.channel.value,
            unit.name,
            agency.address,
            json.dumps(
                {"text": text_of(agency, content, link), "package": content}, ensure_ascii=False
            ),
            measure.created_at,
            subject=f"线索移交 #{clue.id}：{CATEGORY_NAMES_ZH[clue.category]}",
        )
    )
    uow.agencies.add_token(measure.id or 0, token_digest(token))
    measure.details |= {"message_id": message.id, "agency_name": agency.name}
    uow.measures.update(measure)
    return token


@dataclass(frozen=True)
class ReferralForAgency:
    """What the agency sees through its link."""

    id: int
    agency: str
    unit_name: str
    status: str
    deadline: datetime | None
    summary: str
    answers: list[dict[str, str]]


def _by_token(uow: UnitOfWork, token: str) -> Measure:
    measure_id = uow.agencies.by_token(token_digest(token))
    measure = uow.measures.get(measure_id) if measure_id else None
    if measure is None or measure.kind is not MeasureKind.REFERRAL:
        raise NotFound("this link is not valid")
    return measure


def show(uow: UnitOfWork, token: str) -> ReferralForAgency:
    with uow:
        measure = _by_token(uow, token)
        clue, post, unit = clue_context(uow, measure.clue_id)
        category = CATEGORY_NAMES_ZH[clue.category]
        summary = f"{category} · {post.platform.value} {post.external_id}：{post.text[:280]}"
        return ReferralForAgency(
            measure.id or 0,
            str(measure.details.get("agency_name", measure.details.get("agency", ""))),
            unit.name,
            measure.status.value,
            measure.deadline,
            summary,
            list(measure.details.get("agency_answers", [])),  # type: ignore[call-overload]
        )


def answer(
    uow: UnitOfWork, token: str, reply: AgencyAnswer, text: str, clock: Callable[[], datetime]
) -> Measure:
    """The agency's answer, moved along domain/agencies.py's table and audited."""
    text = text.strip()
    with uow:
        measure = _by_token(uow, token)
        before = measure.status
        to = next_status(before, reply, text)
        now = clock()
        measure.move_to(to, now)
        answers = list(measure.details.get("agency_answers", []))  # type: ignore[call-overload]
        answers.append({"answer": reply.value, "text": text, "at": now.isoformat()})
        measure.details["agency_answers"] = answers
        uow.measures.update(measure)
        record_for_measure(
            uow,
            measure,
            actor=f"agency:{measure.details.get('agency', '')}",
            action=f"measure.referral.{to}",
            at=now,
            before={"status": before.value},
            after={"status": to.value},
            reason=text,
        )
        uow.commit()
    return measure


def escalate_overdue(uow: UnitOfWork, now: datetime) -> int:
    """Inside an open unit of work: referrals still waiting on the agency past their
    deadline are flagged once, with an audit entry, so the unit chases them."""
    flagged = 0
    for status in WAITING:
        for measure in uow.measures.overdue(MeasureKind.REFERRAL, status, now):
            if "escalated_at" in measure.details:
                continue
            measure.details["escalated_at"] = now.isoformat()
            uow.measures.update(measure)
            record_for_measure(
                uow,
                measure,
                actor=TIMER_ACTOR,
                action="measure.referral.escalated",
                at=now,
                after={
                    "status": measure.status.value,
                    "deadline": measure.deadline.isoformat() if measure.deadline else None,
                    "agency": measure.details.get("agency"),
                },
                reason="the agency did not answer the referral by its deadline",
            )
            flagged += 1
    return flagged
