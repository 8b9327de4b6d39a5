"""The command line against a real database: init, patrol, detect."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from netpatrol.adapters.db.tables.core import AuditRow, ClueRow, FindingRow, PostRow, UnitRow
from netpatrol.bootstrap import bootstrap
from netpatrol.cli import EXIT_REJECTED, app
from netpatrol.config import Settings
from tests.factories import make_posts, write_jsonl


@pytest.fixture
def run(db_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NETPATROL_DATABASE_URL", db_url)
    runner = CliRunner()

    def invoke(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(app, list(args), input=stdin)

    return invoke


def counts(db_url: str) -> dict[str, int]:
    container = bootstrap(Settings(database_url=db_url))
    with container.engine.connect() as conn:
        result = {
            row.__tablename__: conn.scalar(select(func.count()).select_from(row)) or 0
            for row in (UnitRow, PostRow, FindingRow, ClueRow, AuditRow)
        }
    container.dispose()
    return result


def test_init_is_idempotent(run, db_url: str) -> None:  # type: ignore[no-untyped-def]
    first = run("init")
    assert first.exit_code == 0, first.output
    assert "62 added" in first.output
    second = run("init")
    assert second.exit_code == 0 and "0 added, 0 updated" in second.output
    assert counts(db_url)["units"] == 62


def test_init_leaves_the_planner_statistics(run, db_url: str) -> None:  # type: ignore[no-untyped-def]
    """A plan made before any statistics scans tables that have since grown large."""
    assert run("init").exit_code == 0
    container = bootstrap(Settings(database_url=db_url))
    with container.engine.connect() as conn:
        if container.engine.dialect.name == "sqlite":
            analysed = conn.scalar(text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'units'"))
        else:
            analysed = conn.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_user_tables WHERE relname = 'posts' "
                    "AND last_analyze IS NOT NULL"
                )
            )
    container.dispose()
    assert analysed


def test_patrol_refuses_an_uninitialised_database(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_jsonl(tmp_path / "p.jsonl", make_posts(3))
    result = run("patrol", str(path))
    assert result.exit_code == 1
    assert "run `netpatrol init` first" in result.output


def test_patrol_ten_thousand_posts_once_with_rejects_reported(  # type: ignore[no-untyped-def]
    run, db_url: str, tmp_path: Path
) -> None:
    rows: list[object] = list(make_posts(10_000))
    rows[10] = "{broken json"
    rows[2000] = {**make_posts(1)[0], "id": "bad-1", "platform": "myspace"}
    rows[5000] = {k: v for k, v in make_posts(1)[0].items() if k != "text"}
    path = write_jsonl(tmp_path / "posts.jsonl", rows)
    assert run("init").exit_code == 0

    first = run("patrol", str(path))
    assert first.exit_code == EXIT_REJECTED, first.output
    assert "10000/10000" in first.output  # the progress bar ran to the end
    assert "9997 posts stored" in first.output and "3 rejected" in first.output
    assert "line 11: malformed JSON" in first.output
    assert "line 2001: platform" in first.output
    assert "line 5001: text: Field required" in first.output
    stored = counts(db_url)
    assert stored["posts"] == 9997
    assert 0 < stored["clues"] <= stored["findings"]  # findings about one author merge

    second = run("patrol", str(path))
    assert second.exit_code == EXIT_REJECTED
    assert "0 posts stored, 9997 already seen" in second.output
    assert counts(db_url) == stored


DETECTORS = {"lexicon", "intent", "classifier", "street_classifier", "indicators", "near-duplicate"}


def test_patrol_json_prints_one_object_per_finding(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = make_posts(40, illegal_share=0.5)
    path = write_jsonl(tmp_path / "posts.jsonl", rows)
    assert run("init").exit_code == 0
    result = run("patrol", str(path), "--json")
    assert result.exit_code == 0, result.output
    printed = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert printed
    by_id = {r["id"]: r for r in rows}
    for finding in printed:
        assert set(finding) >= {"post_id", "category", "score", "severity", "evidence"}
        text_ = by_id[finding["post_id"]]["text"]
        for span in finding["evidence"]:
            assert text_[span["start"] : span["end"]] == span["text"]
            assert span["detector"] in DETECTORS


def test_a_failed_write_leaves_no_partial_batch(run, db_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("init").exit_code == 0
    container = bootstrap(Settings(database_url=db_url))
    with container.engine.begin() as conn:  # a clue can no longer be stored
        conn.execute(text("DROP TABLE findings"))
    container.dispose()
    path = write_jsonl(tmp_path / "posts.jsonl", make_posts(50, illegal_share=0.5))
    result = run("patrol", str(path))
    assert result.exit_code != 0
    after = counts_without_findings(db_url)
    assert after["posts"] == 0 and after["clues"] == 0


def counts_without_findings(db_url: str) -> dict[str, int]:
    container = bootstrap(Settings(database_url=db_url))
    with container.engine.connect() as conn:
        result = {
            row.__tablename__: conn.scalar(select(func.count()).select_from(row)) or 0
            for row in (PostRow, ClueRow)
        }
    container.dispose()
    return result


def test_a_known_indicator_turns_an_ordinary_post_into_a_finding(  # type: ignore[no-untyped-def]
    run, tmp_path: Path
) -> None:
    assert run("init").exit_code == 0
    added = run("indicator", "add", "phone", "+86 139-0000-1111", "--category", "fraud")
    assert added.exit_code == 0, added.output
    assert "proposed" in added.output and "13900001111" in run("indicator", "list").output
    made = run("user", "add", "chief", "--role", "supervisor", "--password", "long-enough-pw")
    assert made.exit_code == 0, made.output
    confirmed = run("indicator", "confirm", "1", "--actor", "chief")
    assert confirmed.exit_code == 0 and "confirmed" in confirmed.output, confirmed.output
    again = run("indicator", "add", "phone", "13900001111")
    assert again.exit_code == 2 and "already known" in again.output
    bad = run("indicator", "add", "fax", "123")
    assert bad.exit_code == 2 and "fax" in bad.output
    post = {**make_posts(1)[0], "text": "周末有空的朋友打 139 0000 1111 一起打球"}
    result = run("patrol", str(write_jsonl(tmp_path / "p.jsonl", [post])), "--json")
    assert result.exit_code == 0, result.output
    [finding] = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert finding["category"] == "fraud"
    assert any(e["detector"] == "indicators" for e in finding["evidence"])


def test_a_line_separator_inside_a_text_is_not_a_line_break(  # type: ignore[no-untyped-def]
    run, db_url: str, tmp_path: Path
) -> None:
    rows = make_posts(2)
    rows[0]["text"] = "第一段\u2028第二段"
    assert run("init").exit_code == 0
    result = run("patrol", str(write_jsonl(tmp_path / "p.jsonl", rows)))
    assert result.exit_code == 0, result.output
    assert counts(db_url)["posts"] == 2


def test_patrol_reads_csv_too(run, db_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import csv

    path = tmp_path / "posts.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
                "platform",
                "id",
                "author_id",
                "author_name",
                "author_region",
                "text",
                "created_at",
                "links",
                "reposts",
                "comments",
                "likes",
                "parent_id",
                "topic",
            ]
        )
        writer.writerow(
            [
                "weibo",
                "c1",
                "u1",
                "张三",
                "广东 深圳",
                "冰毒出售，同城送货\n价格私聊",
                "2026-11-27T08:00:00+08:00",
                "http://t.cn/a http://t.cn/b",
                "3",
                "1",
                "2",
                "",
                "#话题#",
            ]
        )
        writer.writerow(
            [
                "tieba",
                "c2",
                "u2",
                "",
                "",
                "今天天气不错",
                "2026-11-27T08:00:00+08:00",
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        )
        writer.writerow(
            [
                "weibo",
                "c3",
                "u3",
                "",
                "",
                "x",
                "2026-11-27T08:00:00+08:00",
                "",
                "many",
                "",
                "",
                "",
                "",
            ]
        )
    assert run("init").exit_code == 0
    result = run("patrol", str(path), "--json")
    assert result.exit_code == EXIT_REJECTED, result.output
    assert "2 posts stored" in result.output and "line 5: a count is not a whole number" in (
        result.output
    )
    [finding] = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert finding["post_id"] == "c1" and finding["category"] == "drugs"
    container = bootstrap(Settings(database_url=db_url))
    with container.engine.connect() as conn:
        ids = list(conn.scalars(text("SELECT id FROM posts")))
    with container.uow() as uow:
        posts = uow.posts.get_many(ids)
    container.dispose()
    stored = {p.external_id: p for p in posts.values()}
    assert stored["c1"].links == ["http://t.cn/a", "http://t.cn/b"]
    assert stored["c1"].extra == {"topic": "#话题#"} and stored["c1"].reposts == 3
    bad_header = tmp_path / "bad.csv"
    bad_header.write_text("id,text\n1,x\n", encoding="utf-8")
    refused = run("patrol", str(bad_header))
    assert refused.exit_code == EXIT_REJECTED and "lacks the columns" in refused.output
