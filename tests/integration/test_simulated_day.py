"""The working day of issue M4/M5/M11, driven on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import update
from typer.testing import CliRunner

from netpatrol.adapters.db.tables.core import AuditRow
from netpatrol.bootstrap import Container
from netpatrol.cli import app as cli
from netpatrol.domain.appeals import appeal_of
from netpatrol.domain.measures import MeasureKind, MeasureStatus
from netpatrol.services.oversight.checkpoints import verify_chain
from tests.factories import simulated_day


def test_a_whole_working_day(container: Container, tmp_path: Path) -> None:
    day = simulated_day(container, tmp_path / "case", posts=200)
    assert day.posts == 200 and day.clues > 20 and day.merged > 0
    assert day.warnings > 10 and day.heeded > 0 and day.escalated > 0
    assert day.takedowns_confirmed + day.takedowns_refused == day.escalated
    assert day.takedowns_refused == 1 and day.takedowns_confirmed >= 2
    assert any("through the signed callback" in line for line in day.log)
    assert day.case_approved and day.referral_answered and day.appeal_upheld
    assert day.evidence_verified and (tmp_path / "case" / "manifest.json").is_file()
    assert day.audit_intact and day.audit_entries > 400
    assert any(line.startswith("retention run: dismissed_posts") for line in day.log)

    with container.uow() as uow:
        all_measures = uow.measures.all()
    by_kind = {k: [m for m in all_measures if m.kind is k] for k in MeasureKind}
    [case] = by_kind[MeasureKind.CASE]
    assert case.status is MeasureStatus.APPROVED and case.approver != case.actor
    takedowns = by_kind[MeasureKind.TAKEDOWN]
    assert {m.status for m in takedowns} == {MeasureStatus.CONFIRMED, MeasureStatus.REFUSED}
    [refused] = [m for m in takedowns if m.status is MeasureStatus.REFUSED]
    assert refused.details["refusal_reason"] == "not_unlawful"
    asked = [m for m in takedowns if len(m.details["platform_thread"]) == 3]
    assert [t["kind"] for t in asked[0].details["platform_thread"]] == [
        "needs_more",
        "answer",
        "removed",
    ]
    [referral] = by_kind[MeasureKind.REFERRAL]
    assert referral.status is MeasureStatus.DONE
    assert [a["answer"] for a in referral.details["agency_answers"]] == ["accepted", "done"]
    [withdrawn] = [m for m in by_kind[MeasureKind.WARNING] if m.status is MeasureStatus.WITHDRAWN]
    decision = appeal_of(withdrawn)
    assert decision is not None and decision.upheld and decision.reasons
    # a second supervisor, who neither sent nor approved the warning, decided the appeal
    assert withdrawn.actor == "supervisor-day" and decision.decided_by == day.appeal_decided_by
    assert day.appeal_decided_by == "supervisor-day-2"
    assert by_kind[MeasureKind.DISMISSAL][0].legal_bases == []  # a dismissal cites no law

    with container.engine.begin() as conn:
        conn.execute(update(AuditRow).where(AuditRow.seq == 100).values(reason="altered"))
    report = verify_chain(container.uow(), container.audit_keys)
    assert report.broken_seq == 100 and report.checked == 99


def test_the_day_from_the_command_line_runs_once(container: Container, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NETPATROL_DATABASE_URL", container.settings.database_url)
    first = CliRunner().invoke(cli, ["simulate-day", "--posts", "60"])
    assert first.exit_code == 0, first.output
    assert "audit chain" in first.output and "intact" in first.output
    again = CliRunner().invoke(cli, ["simulate-day", "--posts", "60"])
    assert again.exit_code == 0 and "already" in again.output
