"""The audit trail from the outside: reads of measures are logged, an auditor signs a
checkpoint and verifies the chain from the command line, and tampering makes it fail."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from typer.testing import CliRunner

from netpatrol.adapters.db.tables.core import AuditRow
from netpatrol.bootstrap import Container
from netpatrol.cli import app as cli
from tests.e2e.test_warning_replies import send


def test_reading_the_measures_is_audited(
    patrolled_client: TestClient, container: Container
) -> None:
    measure_id, _ = send(patrolled_client, 0)
    listed = patrolled_client.get("/api/v1/measures").json()
    assert [m["recipient"] for m in listed if m["id"] == measure_id] != [None]
    with container.uow() as uow:
        [read] = uow.audit.recent(None, "measure.read", "", 0, 10)
    assert read.actor == "officer-1" and measure_id in (read.after or {})["measures"]


def test_an_auditor_checkpoints_and_verifies_the_chain(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETPATROL_DATABASE_URL", container.settings.database_url)
    runner = CliRunner()
    signed = runner.invoke(cli, ["audit", "checkpoint", "--actor", "auditor-1"])
    assert signed.exit_code == 0 and "checkpoint at entry 2" in signed.output, signed.output
    verified = runner.invoke(cli, ["audit", "verify"])
    assert verified.exit_code == 0, verified.output
    assert "intact: 2 entries" in verified.output and "1 signed checkpoints met" in verified.output
    assert "entries/s" in verified.output
    with container.engine.begin() as conn:
        conn.execute(update(AuditRow).where(AuditRow.seq == 1).values(actor="someone else"))
    broken = runner.invoke(cli, ["audit", "verify"])
    assert broken.exit_code == 1 and "entry 1 does not match its hash" in broken.output


def test_the_timers_sign_a_checkpoint_when_one_is_due(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETPATROL_DATABASE_URL", container.settings.database_url)
    runner = CliRunner()
    first = runner.invoke(cli, ["worker", "timers", "--once"])
    assert first.exit_code == 0 and "audit checkpoint signed at entry 2" in first.output
    again = runner.invoke(cli, ["worker", "timers", "--once"])
    assert again.exit_code == 0 and "audit checkpoint" not in again.output  # nothing new


def test_retention_from_the_command_line(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETPATROL_DATABASE_URL", container.settings.database_url)
    runner = CliRunner()
    dry = runner.invoke(cli, ["retention", "run", "--dry-run"])
    assert dry.exit_code == 0 and "dismissed_posts: would pseudonymise 0" in dry.output
    assert "audit: kept (3650 days)" in dry.output
    done = runner.invoke(cli, ["retention", "run", "--batch", "50"])
    assert done.exit_code == 0 and "sessions: deleted 0 in 0 batches" in done.output
    monkeypatch.setenv("NETPATROL_RETENTION_POLICY", "/nonexistent.json")
    refused = runner.invoke(cli, ["retention", "run"])
    assert refused.exit_code == 1 and "NETPATROL_RETENTION_POLICY" in refused.output


def test_serving_beyond_this_machine_wants_an_audit_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETPATROL_SECRET_KEY", "a-real-secret-of-enough-length")
    monkeypatch.delenv("NETPATROL_AUDIT_KEY", raising=False)
    refused = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert refused.exit_code == 1 and "NETPATROL_AUDIT_KEY" in refused.output
    monkeypatch.setenv("NETPATROL_AUDIT_KEY", "short")
    invalid = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert invalid.exit_code == 1 and "at least 32" in invalid.output
