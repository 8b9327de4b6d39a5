"""After a simulated working day (a hoax debunked, a fraud alert published): a person who
reports the hoax finds the debunk on their receipt, and the scam lookup shows the alert
that names the day's scam number."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from netpatrol.bootstrap import Container
from netpatrol.cli import app as cli
from netpatrol.domain.publications import PublicationKind
from netpatrol.services.publishing import publications
from netpatrol.web.app import create_app


@pytest.fixture
def day(container: Container, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("NETPATROL_DATABASE_URL", container.settings.database_url)
    result = CliRunner().invoke(cli, ["simulate-day"])
    assert result.exit_code == 0, result.output
    with TestClient(create_app(container.settings, container)) as client:
        yield client


def test_reporters_of_a_debunked_claim_find_the_debunk_on_their_receipt(
    day: TestClient, container: Container
) -> None:
    [debunk] = publications.published(container.uow(), [PublicationKind.DEBUNK])
    with container.uow() as uow:
        members = uow.clusters.members(debunk.cluster_id or 0)
        post = uow.posts.get(members[-1].post_id)
    assert post is not None
    reported = day.post(
        "/api/v1/reports", json={"text": "转发：" + post.text, "category": "rumour"}
    )
    assert reported.status_code == 201, reported.text
    receipt = day.get(f"/api/v1/receipts/{reported.json()['receipt']}").json()
    assert receipt["debunks"] == [{"title": debunk.title, "url": f"/debunks/{debunk.id}"}]
    page = day.get(f"/receipt/{reported.json()['receipt']}")
    assert "经核查为不实信息" in page.text and f"/debunks/{debunk.id}" in page.text


def test_the_lookup_shows_the_alert_that_names_a_scam_number(
    day: TestClient, container: Container
) -> None:
    [alert] = publications.published(container.uow(), [PublicationKind.FRAUD_ALERT])
    _, value = alert.indicators[0]
    found = day.get("/api/v1/lookup", params={"q": value}).json()
    assert found["value"] == value and found["known"] is True
    assert {"title": alert.title, "url": f"/alerts/{alert.id}"} in found["alerts"]
    page = day.get("/lookup", params={"q": value})
    assert f"/alerts/{alert.id}" in page.text
