"""The accounts' inbox on SQLite and PostgreSQL: what netizens send comes in once, a reply
to a warning is linked to it, a threat becomes a clue, and officers work the messages."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from netpatrol.bootstrap import Container
from netpatrol.domain.errors import InvalidTransition, NotFound, RuleViolation
from netpatrol.domain.inbox import Cursor, Direction, InboxQuery, InboxStatus
from netpatrol.domain.users import Role
from netpatrol.services.accounts.acting import Staff
from netpatrol.services.inbox import work
from netpatrol.services.inbox.pull import pull_inbox
from netpatrol.services.inbox.reporting import report_message
from netpatrol.sim.inbox_traffic import InboxTraffic
from netpatrol.sim.platforms import SimulatedPlatform
from tests.factories import simulated_day

AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
ACCOUNT = "@北京网警巡查执法"


def weibo_with(messages: list[dict[str, object]]) -> SimulatedPlatform:
    platform = SimulatedPlatform("weibo")
    platform.send_to_account(messages)
    return platform


def message(n: int, text: str, sender: str = "n1", **extra: object) -> dict[str, object]:
    return {
        "id": f"w-{n}",
        "kind": "private",
        "account": ACCOUNT,
        "sender": {"id": sender, "name": f"网友{sender}"},
        "text": text,
        "created_at": AT.replace(minute=n % 60).isoformat(),
        **extra,
    }


def pull(container: Container, platform: SimulatedPlatform):  # type: ignore[no-untyped-def]
    return pull_inbox(
        container.uow,
        {"weibo": platform},
        container.detection(),
        container.triage,
        container.clock,
    )


def test_a_pull_stores_each_message_once_and_a_threat_becomes_a_clue(
    container: Container,
) -> None:
    platform = weibo_with(
        [
            message(1, "谢谢你们发的防骗提醒，我妈差点就转账了"),
            message(2, "你们再封我号，我就去买雷管炸药炸了你们大楼", sender="n2"),
            message(3, "garbage", kind="letter"),
            message(4, "有人找你", account="@不存在的账号"),
        ]
    )
    got, unreachable = pull(container, platform)
    assert (got.stored, len(got.rejected), unreachable) == (2, 2, [])
    assert "kind must be one of" in got.rejected[0] and "no unit holds" in got.rejected[1]
    again, _ = pull(container, platform)
    assert again.stored == 0 and again.duplicates >= 1  # the newest is asked for again
    [clue_id] = got.clues
    with container.uow() as uow:
        clue = uow.clues.get(clue_id)
        beijing = next(u for u in uow.units.all() if u.code == "110000")
        page = uow.inbox.page(InboxQuery(frozenset({beijing.id or 0})))
    assert clue is not None and clue.category.value == "explosives"
    assert clue.unit_id == beijing.id  # the unit the threat was sent to
    threat = next(m for m in page.messages if m.sender_id == "n2")
    assert threat.clue_id == clue_id and threat.category == "explosives"


def test_unread_first_and_keyset_pages_reach_every_message_once(container: Container) -> None:
    traffic = InboxTraffic([("weibo", ACCOUNT)], seed=5)
    platform = weibo_with(traffic.batch(23, AT))
    pull(container, platform)
    officer = Staff("officer-inbox", Role.OFFICER)
    first = work.listing(container.uow(), officer, InboxQuery(None, limit=10), None)
    for done in first.messages[:4]:
        work.mark_handled(container.uow(), officer, done.id or 0, container.clock)
    seen, after, statuses = [], None, []
    while True:
        page = work.listing(container.uow(), officer, InboxQuery(None, after=after, limit=5), None)
        seen += [m.id for m in page.messages]
        statuses += [m.status for m in page.messages]
        if not page.next_after:
            break
        after = Cursor.parse(page.next_after)
    assert len(seen) == len(set(seen)) == 23
    assert statuses == [InboxStatus.UNREAD] * 19 + [InboxStatus.HANDLED] * 4
    with pytest.raises(RuleViolation) as refused:
        Cursor.parse("x12")
    assert refused.value.rule == "inbox_cursor"


def test_assign_answer_and_attach_are_audited_and_checked(container: Container) -> None:
    platform = weibo_with([message(1, "请问被网络诈骗了应该去哪里报案？", kind="comment")])
    pull(container, platform)
    officer = Staff("officer-inbox", Role.OFFICER)
    auditor = Staff("auditor-inbox", Role.AUDITOR)
    with container.uow() as uow:
        [asked] = uow.inbox.page(InboxQuery(None)).messages
    with pytest.raises(RuleViolation) as refused:
        work.assign(container.uow(), officer, asked.id or 0, "nobody-here", container.clock)
    assert refused.value.rule == "inbox_assignee_of_unit"
    with pytest.raises(RuleViolation):
        work.reply(container.uow(), officer, asked.id or 0, {"weibo": platform}, container.clock)
    answer = work.reply(
        container.uow(), officer, asked.id or 0, {"weibo": platform}, container.clock, "question"
    )
    assert answer.direction is Direction.OUT and "96110" in answer.text
    # a comment is answered in public, from the account it was sent to
    [own] = [p for p in platform.state.posts.values() if p.data["author"]["id"] == ACCOUNT]
    assert own.data["text"].startswith("回复@网友n1：")
    message_, thread = work.thread_of(container.uow(), officer, asked.id or 0)
    assert message_.status is InboxStatus.HANDLED and [m.direction for m in thread] == [
        Direction.IN,
        Direction.OUT,
    ]
    with pytest.raises(InvalidTransition):
        work.mark_handled(container.uow(), officer, asked.id or 0, container.clock)
    with pytest.raises(NotFound):
        work.attach(container.uow(), officer, asked.id or 0, 999_999, container.clock)
    with pytest.raises(Exception, match="may not"):
        work.mark_handled(container.uow(), auditor, asked.id or 0, container.clock)
    with container.uow() as uow:
        actions = [e.action for e in uow.audit.for_subject("inbox_message", str(asked.id))]
    assert actions == ["inbox.replied"]


def test_a_tip_becomes_a_report_with_a_receipt(container: Container) -> None:
    tip = "举报：有人在深圳本地群里发刷单返利广告，说日结三百，让先垫付，群号12345678"
    platform = weibo_with([message(1, tip)])
    pull(container, platform)
    officer = Staff("officer-inbox", Role.OFFICER)
    with container.uow() as uow:
        [sent] = uow.inbox.page(InboxQuery(None)).messages
    reported = report_message(
        container.uow,
        officer,
        sent.id or 0,
        "fraud",
        container.detection(),
        container.triage,
        container.sealer(),
        container.clock,
    )
    assert reported.receipt.startswith("R") and reported.clue_id
    with pytest.raises(InvalidTransition) as twice:
        report_message(
            container.uow,
            officer,
            sent.id or 0,
            "fraud",
            container.detection(),
            container.triage,
            container.sealer(),
            container.clock,
        )
    assert twice.value.rule == "inbox_report_once"
    with container.uow() as uow:
        stored = uow.inbox.get(sent.id or 0)
        report = uow.reports.get(reported.report_id)
    assert stored is not None and stored.report_id == reported.report_id
    assert stored.status is InboxStatus.HANDLED and report is not None
    assert report.clue_id == reported.clue_id == stored.clue_id


def test_the_day_answers_a_warning_reply_and_reports_a_tip(
    container: Container, tmp_path: Path
) -> None:
    day = simulated_day(container, tmp_path / "case", posts=80)
    assert day.inbox is not None
    assert day.inbox.received > 50 and day.inbox.warning_replies >= 1
    assert day.inbox.answered == day.inbox.warning_replies
    assert day.inbox.report_receipt and day.inbox.report_clue
    with container.uow() as uow:
        replied = [m for m in uow.inbox.page(InboxQuery(None, limit=500)).messages if m.measure_id]
        warning = uow.measures.get(replied[0].measure_id or 0)
    assert warning is not None and warning.recipient == replied[0].sender_id
    on_clue = work.on_clue(container.uow(), warning.clue_id, [warning.id or 0])
    assert replied[0].id in {m.id for m in on_clue}  # the clue page lists the answer
    assert day.audit_intact
