"""`netpatrol assist`: ask, accept, answer, read, close, and a late answer refused (exit 3)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from netpatrol.bootstrap import Container
from netpatrol.cli import EXIT_REJECTED
from netpatrol.cli import app as cli
from netpatrol.services.clues.ports import ClueQuery


def test_the_assistance_commands(container: Container, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETPATROL_DATABASE_URL", container.settings.database_url)
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str]:
        done = runner.invoke(cli, list(args))
        return done.exit_code, done.output

    assert run("patrol", "--sample")[0] == 0
    with container.uow() as uow:
        beijing = next(u for u in uow.units.all() if u.code == "110000")
        [clue] = uow.clues.queue(ClueQuery(unit_ids=[beijing.id or 0]), 1, 0)
    bj, sz = ("--unit", "110000", "--actor", "bj"), ("--unit", "440300", "--actor", "sz")
    code, said = run(
        "assist", "ask", str(clue.id), "--to", "440300", "--kind", "identify_holder",
        "--note", "请协助调取实名信息", "--hours", "24", *bj,
    )  # fmt: skip
    assert code == 0 and "asked" in said
    rid = said.split()[2].rstrip(":")
    code, said = run("assist", "accept", rid, *bj)
    assert code == EXIT_REJECTED and "assistance.asked_unit_decides" in said
    assert run("assist", "accept", rid, *sz) == (0, f"assistance request {rid}: accepted\n")
    code, said = run("assist", "answer", rid, "--text", "机主已查明", "--item", "回执=118号", *sz)
    assert code == 0 and "1 items" in said
    code, said = run("assist", "list", *bj)
    assert f"*  #{rid} clue {clue.id} 110000->440300" in said
    code, said = run("assist", "show", rid, *bj)
    assert "sz: 机主已查明" in said and "sha256" in said
    assert f"*  #{rid}" not in run("assist", "list", *bj)[1]  # read now
    assert run("assist", "close", rid, *bj)[0] == 0
    code, said = run("assist", "answer", rid, "--text", "补充", *sz)
    assert code == EXIT_REJECTED and "takes no more answers" in said
    assert run("assist", "show", rid, "--unit", "120000")[0] == EXIT_REJECTED  # not party
