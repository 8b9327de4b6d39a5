"""The simulated day's platforms and partner agency answering (M5): each platform's desk
reviews the takedown notices it received and answers through the signed callback's path
(signed with its key, checked, parsed, recorded) after a realistic delay, refusing one
notice with a reason and asking about another before removing it; a referral goes to the
market regulator as a package, and the regulator answers through its link."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from netpatrol.domain.agencies import AgencyAnswer, AgencyKind, Channel, with_changes
from netpatrol.domain.legal import LegalCatalogue
from netpatrol.domain.measures import MeasureKind
from netpatrol.services.agencies import directory, referrals
from netpatrol.services.agencies.delivery import deliver_referrals
from netpatrol.services.clues.queries import clue_context
from netpatrol.services.measures import graduated, notices
from netpatrol.services.ports import UnitOfWork
from netpatrol.services.signing import calls
from netpatrol.sim.mailbox import AgencyMailbox
from netpatrol.sim.platforms import SimulatedPlatform

UowFactory = Callable[[], UnitOfWork]
OFFICER, ADMIN = "officer-day", "admin-day"


@dataclass
class Answered:
    removed: int = 0
    refused: int = 0
    asked: int = 0
    log: list[str] = field(default_factory=list)


class Clock(Protocol):
    now: datetime

    def __call__(self) -> datetime: ...


def _delay(notice_id: int) -> timedelta:
    """A desk answers between 1 and 20 hours after the notice, fixed per notice."""
    value = int(hashlib.sha256(str(notice_id).encode()).hexdigest()[:6], 16)
    return timedelta(minutes=60 + value % (19 * 60))


def platforms_answer(
    uow_factory: UowFactory,
    platforms: dict[str, SimulatedPlatform],
    clock: Clock,
    notice_ids: Sequence[int],
) -> Answered:
    """Every notice answered in the order its answer falls due: the first refused as
    lawful, the second asked about (the officer answers, then it is removed), the rest
    removed."""
    keys = {p: secrets.token_urlsafe(24) for p in platforms}
    done = Answered()
    with uow_factory() as uow:
        notices_ = [m for m in (uow.measures.get(i) for i in notice_ids) if m is not None]
        posts = {m.id: clue_context(uow, m.clue_id)[1].external_id for m in notices_}

    def send(notice_id: int, platform: str, body: dict[str, str]) -> None:
        raw = json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = calls.signed_headers(platform, keys[platform], raw, clock().timestamp())
        # checked as the callback route checks it: signature, window, and the nonce spent once
        signer = calls.start(
            keys[platform], headers["X-Netpatrol-Timestamp"], headers["X-Netpatrol-Nonce"], clock()
        )
        signer.update(raw)
        calls.finish(signer, headers["X-Netpatrol-Signature"])
        calls.spend_nonce(uow_factory(), platform, headers["X-Netpatrol-Nonce"], clock())
        notices.answer_notice(uow_factory(), notice_id, platform, notices.parse_answer(raw), clock)

    for i, notice in enumerate(sorted(notices_, key=lambda m: m.created_at + _delay(m.id or 0))):
        post = posts[notice.id]
        platform = str(notice.details["platform"])
        desk = platforms[platform]
        clock.now = max(clock.now, notice.created_at + _delay(notice.id or 0))
        if i == 0 and len(notices_) > 1:
            desk.decide_takedown(post, remove=False)
            send(
                notice.id or 0,
                platform,
                {
                    "answer": "refused",
                    "reason": "not_unlawful",
                    "text": "经审核，该内容为用户转述新闻，不违反平台规则",
                },
            )
            done.refused += 1
            continue
        if i == 1 and len(notices_) > 2:
            send(
                notice.id or 0,
                platform,
                {"answer": "needs_more", "text": "请提供认定该内容违法的具体依据或鉴定意见"},
            )
            done.asked += 1
            clock.now += timedelta(hours=2)
            notices.answer_question(
                uow_factory(),
                notice.id or 0,
                OFFICER,
                "内容系冒充官方发布的虚假信息，已附证据摘要与法律依据，请依法处置",
                clock,
            )
            clock.now += timedelta(hours=3)
        desk.decide_takedown(post, remove=True)
        send(notice.id or 0, platform, {"answer": "removed"})
        done.removed += 1
    done.log.append(
        f"platforms answered {len(notices_)} notices through the signed callback: "
        f"{done.removed} removed, {done.refused} refused (not unlawful, they said), "
        f"{done.asked} asked for more first"
    )
    return done


def refer_and_answer(
    uow_factory: UowFactory,
    clue_id: int,
    legal_basis: str,
    catalogue: LegalCatalogue,
    clock: Clock,
    unit_code: str,
) -> str:
    """The unit admin gives the market regulator an address, the officer refers the clue,
    the package is mailed (to the in-memory channel) and the regulator takes it up and
    reports it done through its link; the referral's final state."""
    regulator = next(
        a for a in directory.list_agencies(uow_factory(), unit_code) if a.kind is AgencyKind.MARKET
    )
    address = with_changes(regulator, channel=Channel.EMAIL, address="xiansuo@samr.example.cn")
    directory.set_entry(uow_factory(), address, ADMIN, clock)
    measure = graduated.open_measure(
        uow_factory(),
        graduated.MeasureRequest(
            clue_id,
            MeasureKind.REFERRAL,
            OFFICER,
            [legal_basis],
            "涉嫌虚假宣传与无照经营，属市场监管职责",
            deadline_hours=168,
            agency=regulator.code,
        ),
        catalogue,
        clock,
        reply_base="https://netpatrol.example.cn",
    )
    mail = AgencyMailbox()
    deliver_referrals(uow_factory(), {Channel.EMAIL: mail}, clock)
    [sent] = mail.sent
    token = re.search(r"/agency/([A-Za-z0-9_-]+)", sent["text"])
    assert token is not None, "the package carries the agency's link"
    clock.now += timedelta(hours=20)
    referrals.answer(
        uow_factory(), token[1], AgencyAnswer.ACCEPTED, "已受理，转辖区执法大队核查", clock
    )
    clock.now += timedelta(hours=30)
    done = referrals.answer(
        uow_factory(), token[1], AgencyAnswer.DONE, "已立案查处，责令下架涉事商品", clock
    )
    assert done.id == measure.id
    return done.status.value
