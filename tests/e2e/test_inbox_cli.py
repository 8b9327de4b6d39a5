"""`netpatrol inbox traffic` has the simulator's netizens write to the accounts over HTTP;
`netpatrol inbox pull` takes it in once, on both databases."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from netpatrol.bootstrap import Container
from netpatrol.cli import app as cli
from netpatrol.domain.inbox import InboxQuery
from tests.integration.test_connectors import simulator_url  # noqa: F401  (the fixture)


def test_traffic_then_pull_over_http(
    container: Container,
    simulator_url: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NETPATROL_DATABASE_URL", container.settings.database_url)
    monkeypatch.delenv("NETPATROL_PLATFORM_URL", raising=False)
    unset = CliRunner().invoke(cli, ["inbox", "pull"])
    assert unset.exit_code == 1 and "NETPATROL_PLATFORM_URL" in unset.output
    monkeypatch.setenv("NETPATROL_PLATFORM_URL", simulator_url)
    written = CliRunner().invoke(cli, ["inbox", "traffic", "40", "--seed", "4"])
    assert written.exit_code == 0, written.output
    assert sum(int(line.split(": ")[1].split()[0]) for line in written.output.splitlines()) == 40
    pulled = CliRunner().invoke(cli, ["inbox", "pull"])
    assert pulled.exit_code == 0, pulled.output
    assert pulled.output.startswith("40 messages stored")
    with container.uow() as uow:
        page = uow.inbox.page(InboxQuery(None, limit=100))
    assert len(page.messages) == 40 and all(m.text for m in page.messages)
    again = CliRunner().invoke(cli, ["inbox", "pull"])
    assert again.output.startswith("0 messages stored"), again.output
