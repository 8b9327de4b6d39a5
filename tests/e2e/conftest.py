"""An app on a patrolled database (the bundled sample), for the HTTP tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from netpatrol.bootstrap import Container
from netpatrol.cli import app as cli
from netpatrol.web.app import create_app
from tests.factories import bearer


@pytest.fixture
def patrolled_client(container: Container, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("NETPATROL_DATABASE_URL", container.settings.database_url)
    result = CliRunner().invoke(cli, ["patrol", "--sample"])
    assert result.exit_code == 0, result.output
    with TestClient(create_app(container.settings, container)) as client:
        client.headers.update(bearer(container, "officer-1"))
        yield client
