"""Large and unruly input files: bad lines are rejected one by one, the good ones around
them stored; the engine in several processes stores what one process stores; and the
"already stored?" question is answered by the unique index, not a scan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import event, select, text
from typer.testing import CliRunner

from netpatrol.adapters.db.maintenance import analyse
from netpatrol.adapters.db.tables.core import ClueRow, FindingRow, PostRow
from netpatrol.bootstrap import Container, bootstrap
from netpatrol.cli import EXIT_REJECTED, app
from netpatrol.config import Settings
from netpatrol.services.patrol.post_input import parse_post
from tests.conftest import _recreate_postgres, database_url
from tests.factories import make_posts

BAD_LINES = [
    b'{"platform": "weibo", "id": "x", "text": "\xff\xfe\x00binary"}',
    b"[" * 5000 + b"]" * 5000,
    json.dumps({**make_posts(1)[0], "id": "big", "reposts": 10**30}).encode(),
    json.dumps(
        {**make_posts(1)[0], "id": "far", "created_at": "9999-12-31T23:00:00-14:00"}
    ).encode(),
]


def _patrol(url: str, path: Path, *args: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NETPATROL_DATABASE_URL", url)
    runner = CliRunner()
    assert runner.invoke(app, ["init"]).exit_code == 0
    return runner.invoke(app, ["patrol", str(path), *args])


def _stored(url: str) -> tuple[set[str], list[tuple[str, str, str]], int]:
    built = bootstrap(Settings(database_url=url))
    with built.engine.connect() as conn:
        posts = set(conn.scalars(select(PostRow.external_id)))
        findings = sorted(
            (e, c, s)
            for e, c, s in conn.execute(
                select(PostRow.external_id, FindingRow.category, FindingRow.severity).join(
                    PostRow, PostRow.id == FindingRow.post_id
                )
            )
        )
        clues = len(conn.scalars(select(ClueRow.id)).all())
    built.dispose()
    return posts, findings, clues


def test_bad_lines_after_good_ones_lose_none_of_the_good(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _bad_lines_are_rejected_by_number(db_url, tmp_path, monkeypatch, "1")


def test_writer_processes_parse_the_lines_and_send_back_the_bad_ones(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With two writer processes the lines travel as read, a blank one among them, and
    each process parses its own: the rejected ones come back with their numbers."""
    _recreate_postgres(postgres_url)
    _bad_lines_are_rejected_by_number(postgres_url, tmp_path, monkeypatch, "2")


def _bad_lines_are_rejected_by_number(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    rows = make_posts(1300)
    lines = [json.dumps(r, ensure_ascii=False).encode() for r in rows[:1200]]
    lines += BAD_LINES + [json.dumps(r, ensure_ascii=False).encode() for r in rows[1200:]]
    lines.insert(600, b"   ")  # blank: skipped, but counted in the numbers after it
    path = tmp_path / "posts.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    result = _patrol(url, path, "--jobs", jobs, monkeypatch=monkeypatch)
    assert result.exit_code == EXIT_REJECTED, result.output
    assert "1300 posts stored" in result.output and "4 rejected" in result.output
    assert "line 1202: not UTF-8 text" in result.output
    assert "line 1203: malformed JSON: nested too deep" in result.output
    assert "line 1204: reposts" in result.output
    assert "line 1205: created_at" in result.output
    assert _stored(url)[0] == {r["id"] for r in rows}


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_several_processes_store_what_one_stores(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite the processes detect and this one writes; on PostgreSQL each process also
    commits batches of its own, racing the others for the same clues."""
    path = tmp_path / "posts.jsonl"
    rows = make_posts(1500, illegal_share=0.3)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    one_url = f"sqlite:///{tmp_path / 'one'}.db"
    two_url = database_url(kind, request, tmp_path)
    for url, jobs in ((one_url, "1"), (two_url, "2")):
        result = _patrol(url, path, "--jobs", jobs, "--batch-size", "300", monkeypatch=monkeypatch)
        assert result.exit_code == 0, result.output
        assert "1500 posts stored" in result.output
    one, two = (_stored(url) for url in (one_url, two_url))
    assert one[:2] == two[:2] and one[1] and one[2]
    # writers that commit side by side merge findings into clues in another order (a finding
    # with two keys joins whichever clue holds one first), so the clues may number a few
    # more or fewer; two writers never each open a clue for one key they both looked up
    assert abs(one[2] - two[2]) <= max(2, one[2] // 50), (one[2], two[2])


def test_writer_processes_print_the_findings_as_json(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _recreate_postgres(postgres_url)
    path = tmp_path / "posts.jsonl"
    rows = make_posts(900, illegal_share=0.3)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    result = _patrol(
        postgres_url, path, "--jobs", "2", "--batch-size", "200", "--json", monkeypatch=monkeypatch
    )
    assert result.exit_code == 0, result.output
    printed = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert printed and len(printed) == len(_stored(postgres_url)[1])
    assert all(p["platform"] and p["category"] and p["evidence"] is not None for p in printed)


def _refuse(url: str, table: str, sqlstate: str) -> None:
    """Make the database refuse every row stored in `table`, with `sqlstate` on PostgreSQL
    (22000, a data exception, is what a value the database will not hold raises)."""
    built = bootstrap(Settings(database_url=url))
    with built.engine.begin() as conn:
        if built.engine.dialect.name == "sqlite":
            conn.execute(
                text(
                    f"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} are frozen'); END"
                )
            )
        else:
            conn.execute(
                text(
                    "CREATE OR REPLACE FUNCTION refuse_rows() RETURNS trigger AS $$ BEGIN "
                    "RAISE EXCEPTION '% are frozen', TG_ARGV[1] USING ERRCODE = TG_ARGV[0]; "
                    "END $$ LANGUAGE plpgsql"
                )
            )
            conn.execute(
                text(
                    f"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} "
                    f"FOR EACH ROW EXECUTE FUNCTION refuse_rows('{sqlstate}', '{table}')"
                )
            )
    built.dispose()


@pytest.mark.parametrize(
    ("kind", "table", "sqlstate", "said"),
    [
        ("sqlite", "findings", "", "the database failed storing lines 1 to 300: findings are"),
        ("postgresql", "findings", "P0001", "the database failed storing lines 1 to 300"),
        ("postgresql", "posts", "22000", "the database refused the batch: posts are frozen"),
    ],
)
def test_a_batch_the_database_will_not_take_stops_the_patrol_with_a_message(
    kind: str,
    table: str,
    sqlstate: str,
    said: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On PostgreSQL the batches are written in the writer processes, whose failure the
    command reports; on SQLite in the command's own process, behind the engines'."""
    path = tmp_path / "posts.jsonl"
    rows = make_posts(900, illegal_share=0.3)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    url = database_url(kind, request, tmp_path)
    monkeypatch.setenv("NETPATROL_DATABASE_URL", url)
    runner = CliRunner()
    assert runner.invoke(app, ["init"]).exit_code == 0
    _refuse(url, table, sqlstate)
    result = runner.invoke(app, ["patrol", str(path), "--jobs", "2", "--batch-size", "300"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert f"error: {said}" in result.output and result.output.count("error:") == 1
    assert "Traceback" not in result.output
    assert _stored(url)[0] == set()  # no post of a batch whose findings were refused


def test_storing_posts_asks_the_unique_index_not_a_scan(container: Container) -> None:
    posts = [parse_post(r) for r in make_posts(5)]
    statements: list[str] = []
    event.listen(
        container.engine,
        "before_cursor_execute",
        lambda _c, _cur, sql, *_: statements.append(sql),
    )
    with container.uow() as uow:
        assert len(uow.posts.add_new(posts)) == 5
        sixth = parse_post(make_posts(6)[5])
        assert uow.posts.add_new([*posts, sixth]) == [sixth]
    touching = [s for s in statements if "posts" in s and "cluster" not in s]
    assert touching and all("ON CONFLICT" in s and "DO NOTHING" in s for s in touching)


def test_the_planner_statistics_are_refreshed(container: Container) -> None:
    with container.uow() as uow:
        uow.posts.add_many([parse_post(r) for r in make_posts(50)])
        uow.commit()
    analyse(container.engine)
    sqlite = container.engine.dialect.name == "sqlite"
    ask = (
        "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'posts'"
        if sqlite
        else "SELECT count(*) FROM pg_stats WHERE tablename = 'posts'"
    )
    with container.engine.connect() as conn:
        assert (conn.scalar(text(ask)) or 0) > 0


def test_statistics_are_refreshed_each_time_the_run_doubles_what_it_stored(
    container: Container,
) -> None:
    from netpatrol.cli.patrol import ANALYSE_FROM, Tally

    tally = Tally()
    seen = []
    for stored in (ANALYSE_FROM - 1, ANALYSE_FROM, 2 * ANALYSE_FROM - 1, 2 * ANALYSE_FROM):
        tally.stored = stored
        tally.refresh_statistics(container.engine)
        seen.append(tally.analysed_at)
    # not before ANALYSE_FROM posts, then once the run's posts double since the last time
    assert seen == [0, ANALYSE_FROM, ANALYSE_FROM, 2 * ANALYSE_FROM]
    tally.stored = 3 * ANALYSE_FROM  # half again: statistics within a factor of two stand
    tally.refresh_statistics(container.engine)
    assert tally.analysed_at == 2 * ANALYSE_FROM
