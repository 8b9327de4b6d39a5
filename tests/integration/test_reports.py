"""Public reports and volunteers on both databases: folding, limits, receipts, sealing,
screenshots, and reliability that moves with the officers' judgements."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from netpatrol.adapters.db.tables.core import ReportRow
from netpatrol.bootstrap import Container
from netpatrol.domain.clues import ClueStatus
from netpatrol.domain.errors import NotFound, RuleViolation
from netpatrol.domain.measures import MeasureKind
from netpatrol.domain.reports import Outcome
from netpatrol.services.clues.ports import ClueQuery
from netpatrol.services.measures import graduated as measures
from netpatrol.services.patrol.batch import patrol_batch
from netpatrol.services.patrol.post_input import parse_post
from netpatrol.services.public import reports, volunteers
from netpatrol.services.public.reports import RateLimited, Submission

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SCAM = "刷单返利，日赚三百，先垫付后返款，加微信 fanli_888 领取任务"


class Clock:
    def __init__(self) -> None:
        self.now = datetime.fromisoformat("2026-11-28T08:00:00+00:00")

    def __call__(self) -> datetime:
        return self.now


def submit(container: Container, clock: Clock, **fields: object) -> reports.Receipt:
    values: dict[str, object] = {"category": "fraud", "client": "198.51.100.7", **fields}
    return reports.submit(
        container.uow(),
        Submission(**values),  # type: ignore[arg-type]
        container.detection(),
        container.triage,
        container.sealer(),
        clock,
    )


def count_reports(container: Container) -> int:
    with container.engine.connect() as conn:
        return len(conn.execute(select(ReportRow.id)).all())


def test_an_anonymous_report_opens_a_clue_and_its_receipt_follows_it(
    container: Container,
) -> None:
    clock = Clock()
    receipt = submit(container, clock, text=SCAM, region="广东 深圳", contact="13800000000")
    assert receipt.code.startswith("R-") and not receipt.folded
    view = reports.receipt(container.uow(), receipt.code.lower())
    assert view.outcome is Outcome.RECEIVED and not view.closed
    with container.uow() as uow:
        report = uow.reports.get(receipt.report_id)
        assert report is not None and report.clue_id is not None
        clue = uow.clues.get(report.clue_id)
        units = {u.id: u.code for u in uow.units.all()}
    assert clue is not None and units[clue.unit_id] == "440300"
    with container.engine.connect() as conn:
        row = conn.execute(select(ReportRow.contact_sealed, ReportRow.receipt_sha256)).one()
    assert "13800000000" not in row.contact_sealed and row.receipt_sha256 != receipt.code
    assert container.sealer().open(row.contact_sealed) == "13800000000"

    measures.open_measure(
        container.uow(),
        measures.MeasureRequest(clue.id or 0, MeasureKind.TAKEDOWN, "officer", ["CSL-47"]),
        container.catalogue,
        clock,
    )
    later = reports.receipt(container.uow(), receipt.code)
    assert later.outcome is Outcome.TAKEN_DOWN and later.closed
    with pytest.raises(NotFound):
        reports.receipt(container.uow(), "R-0000-0000-0000")


def test_reports_of_the_same_link_or_a_near_duplicate_text_fold_into_one_clue(
    container: Container,
) -> None:
    clock = Clock()
    first = submit(container, clock, link="https://fanli-task.example.com/join?id=7")
    again = submit(
        container, clock, link="https://FANLI-task.example.com/join?id=7", client="203.0.113.9"
    )
    text = submit(container, clock, text=SCAM, client="203.0.113.10")
    echo = submit(container, clock, text=SCAM.replace("三百", "三百元"), client="203.0.113.11")
    assert not first.folded and again.folded and not text.folded and echo.folded
    with container.uow() as uow:
        clue_ids = {uow.reports.get(r.report_id).clue_id for r in (first, again)}  # type: ignore[union-attr]
        text_ids = {uow.reports.get(r.report_id).clue_id for r in (text, echo)}  # type: ignore[union-attr]
        assert len(clue_ids) == 1 and len(text_ids) == 1
        assert uow.clues.count() == 2


def test_a_flood_from_one_client_is_limited_and_leaves_nothing_half_stored(
    container: Container,
) -> None:
    clock = Clock()
    for i in range(5):
        submit(container, clock, text=f"{SCAM} 第{i}次", client="192.0.2.1")
    with pytest.raises(RateLimited) as refused:
        submit(container, clock, text="另一条诈骗信息，加QQ 12345678 领钱", client="192.0.2.1")
    assert refused.value.retry_after == 600
    assert count_reports(container) == 5
    submit(container, clock, text="另一条诈骗信息，加QQ 12345678 领钱", client="192.0.2.2")
    clock.now += timedelta(minutes=11)
    submit(container, clock, text="又一条刷单信息，垫付返利", client="192.0.2.1")
    assert count_reports(container) == 7


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({}, "text you saw"),
        ({"text": "x", "category": "politics"}, "unknown category"),
        ({"text": "x", "category": "normal"}, "not something to report"),
        ({"link": "javascript:alert(1)"}, "http(s)"),
        ({"text": "字" * 2001}, "2000"),
        ({"text": "x", "contact": "c" * 201}, "200"),
        ({"text": "x", "screenshot": b"GIF8" + b"\x00" * 10}, "PNG, JPEG"),
        ({"text": "x", "screenshot": PNG + b"\x00" * (2 * 1024 * 1024)}, "2 MB"),
        ({"text": "x", "volunteer_key": "V-AAAA-BBBB-CCCC-DDDD"}, "volunteer"),
    ],
)
def test_bad_reports_are_refused_with_a_reason_and_store_nothing(
    container: Container, fields: dict[str, object], reason: str
) -> None:
    with pytest.raises((RuleViolation, NotFound)) as refused:
        submit(container, Clock(), **fields)
    assert reason in str(refused.value)
    assert count_reports(container) == 0
    with container.uow() as uow:
        assert uow.clues.count() == 0


def test_a_screenshot_is_kept_with_its_digest_as_evidence(container: Container) -> None:
    receipt = submit(container, Clock(), text=SCAM, screenshot=PNG)
    with container.uow() as uow:
        report = uow.reports.get(receipt.report_id)
        assert report is not None
        items = uow.evidence.for_clue(report.clue_id or 0)
    assert [i.kind for i in items] == ["screenshot"] and items[0].content == PNG
    assert items[0].sha256 == report.screenshot_sha256 and report.screenshot_type == "image/png"
    assert items[0].intact()


def test_a_volunteers_score_follows_how_their_tips_were_judged(container: Container) -> None:
    clock = Clock()
    key, volunteer = volunteers.register(
        container.uow(), "朝阳群众", "北京", "", container.sealer(), clock
    )
    assert volunteer.id is not None
    fresh = volunteers.profile(container.uow(), key)
    assert fresh.standing.score == 0.5 and fresh.unit_name == "北京"

    def tip(text: str, client: str) -> int:
        receipt = submit(container, clock, text=text, volunteer_key=key, client=client)
        with container.uow() as uow:
            report = uow.reports.get(receipt.report_id)
        assert report is not None and report.clue_id is not None
        return report.clue_id

    def judge(clue_id: int, kind: MeasureKind) -> None:
        cited = [] if kind is MeasureKind.DISMISSAL else ["CSL-12"]  # a dismissal cites no law
        request = measures.MeasureRequest(clue_id, kind, "officer", cited, reason="核查")
        measures.open_measure(container.uow(), request, container.catalogue, clock)

    judge(tip("网上卖枪支配件，私聊下单 QQ 555666777", "1.1.1.1"), MeasureKind.TAKEDOWN)
    judge(tip("招兼职刷单，日结三百，加微信 job_5566", "1.1.1.2"), MeasureKind.TAKEDOWN)
    judge(tip("这家店的奶茶太难喝了，再也不买", "1.1.1.3"), MeasureKind.DISMISSAL)
    standing = volunteers.profile(container.uow(), key).standing
    assert (standing.confirmed, standing.dismissed) == (2, 1)
    assert standing.score == pytest.approx(3 / 5)

    reliable = tip("贷款无抵押秒到账，先交保证金，联系 13912345678", "1.1.1.4")
    anonymous = submit(
        container, clock, text="无抵押贷款先交费，电话 13700001111", client="9.9.9.9"
    )
    with container.uow() as uow:
        boosted = uow.clues.get(reliable)
        plain_report = uow.reports.get(anonymous.report_id)
        assert plain_report is not None
        plain = uow.clues.get(plain_report.clue_id or 0)
    assert boosted is not None and plain is not None
    assert boosted.priority == pytest.approx(0.1) and plain.priority == 0
    if boosted.severity is plain.severity:
        with container.uow() as uow:
            queue = [c.id for c in uow.clues.queue(ClueQuery(status=ClueStatus.OPEN), 50, 0)]
        assert queue.index(reliable) < queue.index(plain.id)


def test_a_flood_of_reports_does_not_bury_the_patrols_findings(container: Container) -> None:
    post = parse_post(
        {
            "platform": "weibo",
            "id": "gun-1",
            "author": {"id": "u1", "name": "枪友", "region": "广东 广州"},
            "text": "出售仿真枪，全金属一比一，钢珠枪、汽狗都有，私聊 QQ 1468023975",
            "created_at": "2026-11-28T07:00:00+00:00",
        }
    )
    patrol_batch(container.uow(), [post], container.detection(), container.triage, Clock())
    clock = Clock()
    for i in range(30):
        submit(
            container,
            clock,
            text=f"第{i}位网友说的话让我很不舒服，{i}号楼的邻居请处理",
            category="insult",
            client=f"10.0.0.{i}",
        )
    with container.uow() as uow:
        queue = uow.clues.queue(ClueQuery(status=ClueStatus.OPEN), 50, 0)
        first_post = uow.posts.get(queue[0].post_id)
    assert len(queue) > 1 and first_post is not None and first_post.external_id == "gun-1"
    assert all(c.severity.rank <= queue[0].severity.rank for c in queue)
