"""Monthly partitions on PostgreSQL (findings, the audit log, the inbox): the migration
turns the plain tables into partitioned ones and back without losing a row, rows of a month
not made yet wait in the default partition and move into their month when the months are
ensured, and retention drops a month of inbox messages whole unless one of them is held.
SQLite keeps plain tables and gets the same retention, row by row."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Connection, func, select, text
from typer.testing import CliRunner

from netpatrol import data
from netpatrol.adapters.db import migrate, partitions
from netpatrol.adapters.db.tables.core import AuditRow, FindingRow, UnitRow
from netpatrol.adapters.db.tables.inbox import InboxMessageRow
from netpatrol.bootstrap import Container
from netpatrol.cli import app, storage
from netpatrol.domain.inbox import InboxMessage, MessageKind
from netpatrol.domain.measures import MeasureKind
from netpatrol.domain.posts import Post
from netpatrol.services.measures import graduated as measures
from netpatrol.services.oversight.checkpoints import verify_chain
from netpatrol.services.patrol.batch import patrol_batch
from netpatrol.services.patrol.post_input import read_jsonl
from netpatrol.services.retention.run import run_retention
from tests.conftest import database_url, ready_container


@pytest.fixture
def pg(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Container]:
    with ready_container(database_url("postgresql", request, tmp_path, migrated=True)) as built:
        yield built


def _patrol(container: Container) -> list[int]:
    """The sample posts patrolled: findings, clues and audit entries; the clues' ids."""
    lines = data.path("samples/posts.jsonl").read_text(encoding="utf-8").splitlines()
    posts = [p for _, p in read_jsonl(lines) if isinstance(p, Post)]
    found = patrol_batch(
        container.uow(), posts, container.detection(), container.triage, container.clock
    )
    return [c.id or 0 for c in found.clues]


def _message(container: Container, external_id: str, at: datetime, clue: int | None) -> int:
    with container.engine.connect() as conn:
        unit = int(conn.scalar(select(func.min(UnitRow.id))) or 0)
    message = InboxMessage(
        unit, "weibo", "unit_account", MessageKind.PRIVATE, external_id, "u1", "网友", "你好", at
    )
    message.clue_id = clue
    with container.uow() as uow:
        [stored] = uow.inbox.add_new([message])
        uow.commit()
    return stored.id or 0


def _kind(conn: Connection, table: str) -> str:
    return str(
        conn.scalar(text("SELECT relkind FROM pg_class WHERE oid = to_regclass(:t)"), {"t": table})
    )


def _counts(conn: Connection) -> tuple[int, int, int]:
    return tuple(  # type: ignore[return-value]
        int(conn.scalar(select(func.count()).select_from(row)) or 0)
        for row in (FindingRow, AuditRow, InboxMessageRow)
    )


def test_the_tables_are_partitioned_by_month_with_months_ahead(pg: Container) -> None:
    now = pg.clock()
    with pg.engine.connect() as conn:
        for table in partitions.PARTITIONED:
            assert _kind(conn, table) == "p"
            months = partitions.existing_months(conn, table)
            month = partitions.first_of(now)
            for _ in range(partitions.MONTHS_AHEAD + 1):
                assert month in months
                month = partitions.next_month(month)
            assert conn.scalar(text(f"SELECT to_regclass('{partitions.default_name(table)}')"))


def test_a_month_not_made_yet_waits_in_the_default_partition_then_moves(pg: Container) -> None:
    _patrol(pg)
    far = pg.clock() + timedelta(days=400)  # past the months made ahead
    kept = _message(pg, "m-far", far, None)
    month = partitions.first_of(far)
    with pg.engine.connect() as conn:
        waiting = f"SELECT count(*) FROM {partitions.default_name('inbox_messages')}"
        assert conn.scalar(text(waiting)) == 1
        before = _counts(conn)
    with pg.engine.begin() as conn:
        made = partitions.ensure_months(conn, pg.clock())
    assert made["inbox_messages"] == 1 and made["findings"] == 0
    with pg.engine.connect() as conn:
        assert conn.scalar(text(waiting)) == 0
        default = partitions.default_name("inbox_messages")  # emptied, not left to vacuum
        assert conn.scalar(text(f"SELECT pg_relation_size('{default}')")) == 0
        assert month in partitions.existing_months(conn, "inbox_messages")
        name = partitions.month_name("inbox_messages", month)
        assert conn.scalar(text(f"SELECT id FROM {name}")) == kept
        assert _counts(conn) == before
        indexes = conn.scalar(
            text("SELECT count(*) FROM pg_indexes WHERE tablename = :t"), {"t": name}
        )
        assert indexes == 9  # the key, the unique key and the seven page indexes
    with pg.engine.begin() as conn:  # again: nothing to do
        assert partitions.ensure_months(conn, pg.clock()) == {t: 0 for t in partitions.PARTITIONED}
    with pg.uow() as uow:
        assert uow.inbox.get(kept) is not None
    assert verify_chain(pg.uow(), pg.audit_keys).intact


def test_down_to_plain_tables_and_up_again_keeps_every_row(pg: Container) -> None:
    _patrol(pg)
    _message(pg, "m-now", pg.clock(), None)
    _message(pg, "m-old", pg.clock() - timedelta(days=500), None)
    config = migrate.alembic_config(pg.engine.url.render_as_string(hide_password=False))
    with pg.engine.connect() as conn:
        before = _counts(conn)
    with pg.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0029")
    with pg.engine.connect() as conn:
        assert all(_kind(conn, t) == "r" for t in partitions.PARTITIONED)
        assert _counts(conn) == before
    assert migrate.upgrade(pg.engine) == ("0029", migrate.head_revision())
    with pg.engine.connect() as conn:
        assert all(_kind(conn, t) == "p" for t in partitions.PARTITIONED)
        assert _counts(conn) == before
        old = partitions.first_of(pg.clock() - timedelta(days=500))
        assert old in partitions.existing_months(conn, "inbox_messages")  # made for its rows
        last = conn.scalar(select(func.max(InboxMessageRow.id)))
    assert verify_chain(pg.uow(), pg.audit_keys).intact
    assert _message(pg, "m-after", pg.clock(), None) > int(last or 0)  # the ids go on
    _patrol(pg)  # findings and audit entries are written as before
    assert verify_chain(pg.uow(), pg.audit_keys).intact


def test_retention_drops_a_whole_month_of_inbox_messages_unless_one_is_held(
    container: Container,
) -> None:
    clues = _patrol(container)
    held = clues[1]
    fitting = container.catalogue.fitting("fraud", MeasureKind.CASE.value)
    request = measures.MeasureRequest(held, MeasureKind.CASE, "officer", [fitting[0].code], "立案")
    measures.open_measure(container.uow(), request, container.catalogue, container.clock)
    now = container.clock()
    gone = _message(container, "m-900", now - timedelta(days=900), None)
    kept_held = _message(container, "m-800-held", now - timedelta(days=800), held)
    gone_too = _message(container, "m-800", now - timedelta(days=800), None)
    recent = _message(container, "m-10", now - timedelta(days=10), None)
    postgres = container.engine.dialect.name == "postgresql"
    if postgres:  # as the timers worker does: the old months get their own partitions
        with container.engine.begin() as conn:
            partitions.ensure_months(conn, now)
    [rule] = [r for r in container.retention if r.data.value == "inbox"]
    key = container.pseudonym_key()

    [dry] = run_retention(container.uow(), [rule], lambda: now, key, dry_run=True)
    assert dry.due == 2 and dry.applied == 0
    [done] = run_retention(container.uow(), [rule], lambda: now, key)
    assert done.applied == 2
    with container.engine.connect() as conn:
        left = set(conn.scalars(select(InboxMessageRow.id)))
    assert left == {kept_held, recent} and not {gone, gone_too} & left
    with container.uow() as uow:
        entries = uow.audit.recent(None, "retention.applied", "", 0, 10)
    dropped = [e.after for e in entries if e.after and "partitions" in e.after]
    if postgres:
        month = partitions.first_of(now - timedelta(days=900))
        assert dropped == [
            {
                "class": "inbox",
                "action": "delete",
                "count": 1,
                "cutoff": rule.cutoff(now).isoformat(),
                "partitions": [partitions.month_name("inbox_messages", month)],
            }
        ]
        with container.engine.connect() as conn:
            assert month not in partitions.existing_months(conn, "inbox_messages")
            held_month = partitions.first_of(now - timedelta(days=800))
            assert held_month in partitions.existing_months(conn, "inbox_messages")
    else:
        assert dropped == []
    assert sum(int((e.after or {}).get("count", 0)) for e in entries) == 2
    assert verify_chain(container.uow(), container.audit_keys).intact
    [again] = run_retention(container.uow(), [rule], lambda: now, key)
    assert again.applied == 0


def test_the_partitions_command(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETPATROL_DATABASE_URL", db_url)
    runner = CliRunner()
    assert runner.invoke(app, ["init"]).exit_code == 0
    shown = runner.invoke(app, ["partitions", "--ahead", "5"])
    assert shown.exit_code == 0, shown.output
    if db_url.startswith("sqlite"):
        assert "SQLite keeps plain tables" in shown.output
    else:
        assert "findings_default" in shown.output and "inbox_messages_y" in shown.output
        made = "partitions made: posts 2, findings 2, audit_entries 2, inbox_messages 2"
        assert made in shown.output
    assert storage.MONTHS_AHEAD == partitions.MONTHS_AHEAD
    refused = runner.invoke(app, ["partitions", "--ahead", "99"])
    assert refused.exit_code == 2 and "--ahead" in refused.output
