"""Retention on SQLite and PostgreSQL: each class past its period is deleted or
pseudonymised, nothing under legal hold is touched, every batch commits whole with an
audit entry of counts, a dry run changes nothing, and receipts still answer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from netpatrol import data
from netpatrol.adapters.db.retention import SqlRetention
from netpatrol.adapters.db.tables.core import EvidenceRow, PostRow, ReportRow
from netpatrol.bootstrap import Container
from netpatrol.domain.measures import MeasureKind
from netpatrol.domain.posts import Post
from netpatrol.services.clues import evidence
from netpatrol.services.measures import graduated as measures
from netpatrol.services.oversight.checkpoints import verify_chain
from netpatrol.services.patrol.batch import patrol_batch
from netpatrol.services.patrol.post_input import read_jsonl
from netpatrol.services.public import reports
from netpatrol.services.retention.run import run_retention

CONTACT = "13800138000"


def _later(container: Container, days: int) -> Callable[[], datetime]:
    now = container.clock()
    return lambda: now + timedelta(days=days)


def _world(container: Container) -> dict[str, object]:
    """A dismissed clue, a clue with an open case (and a report with a contact on it), and
    an anonymous-free report with a contact on a clue of its own."""
    lines = data.path("samples/posts.jsonl").read_text(encoding="utf-8").splitlines()
    posts = [p for _, p in read_jsonl(lines) if isinstance(p, Post)]
    found = patrol_batch(
        container.uow(), posts, container.detection(), container.triage, container.clock
    )
    dismissed, held = found.clues[0], found.clues[1]
    for clue, kind in ((dismissed, MeasureKind.DISMISSAL), (held, MeasureKind.CASE)):
        fitting = container.catalogue.fitting(clue.category.value, kind.value)
        bases = [] if kind is MeasureKind.DISMISSAL else [fitting[0].code]
        request = measures.MeasureRequest(clue.id or 0, kind, "officer", bases, reason="核查")
        measures.open_measure(container.uow(), request, container.catalogue, container.clock)
        evidence.capture(container.uow(), clue.id or 0, "officer", container.clock)
    receipt = reports.submit(
        container.uow(),
        reports.Submission(
            "fraud", text="刷单返利，先垫付，加微信 fanli_2233 领任务", contact=CONTACT, client="c1"
        ),
        container.detection(),
        container.triage,
        container.sealer(),
        container.clock,
    )
    with container.uow() as uow:
        report = uow.reports.get(receipt.report_id)
        assert report is not None and report.clue_id is not None
    held_report = reports.submit(
        container.uow(),
        reports.Submission("fraud", text="held", contact=CONTACT, client="c2"),
        container.detection(),
        container.triage,
        container.sealer(),
        container.clock,
    )
    with container.engine.begin() as conn:  # the second reporter spoke about the held case
        conn.execute(
            ReportRow.__table__.update()
            .where(ReportRow.id == held_report.report_id)
            .values(clue_id=held.id)
        )
    return {
        "dismissed": dismissed,
        "held": held,
        "spare": found.clues[2],
        "receipt": receipt,
        "held_report": held_report.report_id,
    }


def _count(container: Container, stmt: object) -> int:
    with container.engine.connect() as conn:
        return int(conn.scalar(stmt) or 0)  # type: ignore[call-overload]


def test_the_policy_is_applied_once_and_the_hold_is_kept(container: Container) -> None:
    world = _world(container)
    later = _later(container, 400)
    key = container.pseudonym_key()
    posts_before = _count(container, select(func.count()).select_from(PostRow))

    dry = run_retention(container.uow(), container.retention, later, key, dry_run=True)
    due = {o.data: o.due for o in dry}
    assert due["dismissed_posts"] >= 1 and due["reporter_contacts"] == 1
    assert all(o.applied == 0 for o in dry)
    assert _count(container, select(func.count()).where(ReportRow.contact_sealed != "")) == 2

    done = {o.data: o for o in run_retention(container.uow(), container.retention, later, key)}
    assert done["dismissed_posts"].applied == due["dismissed_posts"]
    assert done["reporter_contacts"].applied == 1  # the one on the open case is held
    with container.engine.connect() as conn:
        held = conn.scalar(
            select(ReportRow.contact_sealed).where(ReportRow.id == world["held_report"])
        )
        treated = conn.execute(
            select(PostRow.text, PostRow.author_id, PostRow.author_name).where(
                PostRow.author_id.startswith("p:")
            )
        ).all()
    assert held, "a contact on a clue with an open case is kept"
    assert treated and all(t == "" and n == "" for t, _, n in treated)
    held_clue = world["held"].id  # type: ignore[attr-defined]
    assert _count(container, select(func.count()).where(EvidenceRow.clue_id == held_clue)) >= 1
    assert _count(container, select(func.count()).select_from(PostRow)) == posts_before

    with container.uow() as uow:
        entries = uow.audit.recent(None, "retention.applied", "", 0, 50)
    assert {e.subject_id for e in entries} >= {"dismissed_posts", "reporter_contacts"}
    assert all(set(e.after or {}) == {"class", "action", "count", "cutoff"} for e in entries)
    assert CONTACT not in repr([e.after for e in entries])
    code = world["receipt"].code  # type: ignore[attr-defined]
    assert reports.receipt(container.uow(), code).category.value == "fraud"
    assert verify_chain(container.uow(), container.audit_keys).intact

    again = run_retention(container.uow(), container.retention, later, key)
    assert all(o.applied == 0 for o in again)


def test_a_crash_mid_run_leaves_each_batch_applied_or_not(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    spare = _world(container)["spare"].id  # type: ignore[attr-defined]
    request = measures.MeasureRequest(spare, MeasureKind.DISMISSAL, "officer", [], reason="无")
    measures.open_measure(container.uow(), request, container.catalogue, container.clock)
    later = _later(container, 400)
    key = container.pseudonym_key()
    [rule] = [r for r in container.retention if r.data.value == "dismissed_posts"]
    due = run_retention(container.uow(), [rule], later, key, dry_run=True)[0].due
    assert due >= 2
    real, calls = SqlRetention.apply, []

    def crashing(self: SqlRetention, *args: object) -> int:
        calls.append(1)
        done = real(self, *args)  # type: ignore[arg-type]
        if len(calls) == 2:
            raise RuntimeError("the machine went down")
        return done

    monkeypatch.setattr(SqlRetention, "apply", crashing)
    with pytest.raises(RuntimeError):
        run_retention(container.uow(), [rule], later, key, batch=1)
    monkeypatch.setattr(SqlRetention, "apply", real)
    treated = select(func.count()).where(PostRow.author_id.startswith("p:"))
    assert _count(container, treated) == 1  # the first batch, whole; the second, not at all
    with container.uow() as uow:
        assert len(uow.audit.recent(None, "retention.applied", "", 0, 10)) == 1
    rest = run_retention(container.uow(), [rule], later, key, batch=1)[0]
    assert rest.applied == due - 1 and _count(container, treated) == due
    assert verify_chain(container.uow(), container.audit_keys).intact
