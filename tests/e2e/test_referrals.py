"""Referrals to partner agencies on both databases: the directory and its edits, a referral
that names an agency from it (and nothing else), the package mailed through a local SMTP
server, the agency's answers through its link, and a referral that runs late flagged."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from netpatrol.bootstrap import Container
from netpatrol.cli import app as cli
from netpatrol.services.agencies.delivery import deliver_referrals
from netpatrol.services.measures.timers import run_due
from tests.factories import bearer, form_token

GUANGZHOU, GUANGDONG = "440100", "440000"
MARKET = {"name": "广东省市场监督管理局", "kind": "market_regulation", "channel": "email"}


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__(EmailMessage)
        self.mails: list[EmailMessage] = []

    def handle_message(self, message: EmailMessage) -> None:  # type: ignore[override]
        self.mails.append(message)


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def clock() -> dict[str, datetime]:
    return {"now": datetime.now(UTC)}


@pytest.fixture
def client(
    container: Container, request: pytest.FixtureRequest, clock: dict[str, datetime]
) -> TestClient:
    client: TestClient = request.getfixturevalue("patrolled_client")
    container.clock = lambda: clock["now"]
    return client


def guangdong_admin(container: Container) -> dict[str, str]:
    return bearer(container, "gd-admin", role="unit_admin", unit=GUANGDONG)


def guangzhou_clue(client: TestClient) -> dict[str, Any]:
    return dict(client.get("/api/v1/clues", params={"unit": GUANGZHOU, "status": "open"}).json()[0])


def refer(client: TestClient, clue: dict[str, Any], agency: str) -> Any:
    bases = client.get("/api/v1/legal-bases", params={"unit": GUANGZHOU}).json()
    fits = next(
        b["code"]
        for b in bases
        if clue["category"] in b["categories"] and "referral" in b["measures"]
    )
    body = {"kind": "referral", "legal_bases": [fits], "agency": agency, "deadline_hours": 48}
    return client.post(
        f"/api/v1/clues/{clue['id']}/measures", json={**body, "reason": "涉嫌虚假宣传"}
    )


def test_the_directory_and_who_may_edit_it(client: TestClient, container: Container) -> None:
    every = client.get("/api/v1/agencies").json()
    assert {a["kind"] for a in every} == {
        "market_regulation",
        "telecom",
        "cyberspace",
        "bank_antifraud",
        "education",
        "health",
    }
    mine = client.get("/api/v1/agencies", params={"unit": GUANGZHOU}).json()
    assert {a["province"] for a in mine} == {None, GUANGDONG}
    assert not any(a["reachable"] for a in mine)

    url = f"/api/v1/agencies/{GUANGDONG}-market"
    body = {**MARKET, "province": GUANGDONG, "address": "xiansuo@amr.gd.example.cn"}
    officer = bearer(container, "gz-officer", role="officer", unit=GUANGZHOU)
    assert client.put(url, json=body, headers=officer).status_code == 403
    beijing = bearer(container, "bj-admin", role="unit_admin", unit="110000")
    assert client.put(url, json=body, headers=beijing).status_code == 403
    bad = client.put(
        url, json={**body, "address": "not an address"}, headers=guangdong_admin(container)
    )
    assert bad.status_code == 422 and bad.json()["rule"] == "agency_address"
    moved = client.put(url, json={**body, "kind": "health"}, headers=guangdong_admin(container))
    assert moved.status_code == 422 and moved.json()["rule"] == "agency_kind_and_province_fixed"
    ok = client.put(url, json=body, headers=guangdong_admin(container))
    assert ok.status_code == 200 and ok.json() == {"code": f"{GUANGDONG}-market", "added": False}
    [entry] = [
        a
        for a in client.get("/api/v1/agencies", params={"unit": GUANGZHOU}).json()
        if a["code"] == f"{GUANGDONG}-market"
    ]
    assert entry["reachable"] is True

    listed = CliRunner().invoke(cli, ["agencies", "list", "--unit", GUANGZHOU])
    assert listed.exit_code == 0 and "xiansuo@amr.gd.example.cn" in listed.output
    changed = CliRunner().invoke(
        cli, ["agencies", "set", f"{GUANGDONG}-telecom", "--address", "fz@gdca.example.cn"]
    )
    assert changed.exit_code == 0 and "edited" in changed.output
    assert "fz@gdca.example.cn" in CliRunner().invoke(cli, ["agencies", "list"]).output


def test_a_referral_names_an_agency_of_the_directory(
    client: TestClient, container: Container
) -> None:
    clue = guangzhou_clue(client)
    before = client.get(f"/api/v1/clues/{clue['id']}").json()
    for agency, rule in (
        ("市场监管局", "agency_from_directory"),
        ("110000-market", "agency_from_directory"),  # another province's
        (f"{GUANGDONG}-market", "agency_address_required"),  # no address yet
    ):
        refused = refer(client, clue, agency)
        assert refused.status_code == 422 and refused.json()["rule"] == rule, refused.text
    assert client.get(f"/api/v1/clues/{clue['id']}").json() == before


def test_the_package_is_mailed_and_the_agency_answers_through_its_link(
    client: TestClient, container: Container, smtp: tuple[Inbox, int], clock: dict[str, datetime]
) -> None:
    inbox, port = smtp
    container.settings = container.settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": port}
    )
    body = {**MARKET, "province": GUANGDONG, "address": "xiansuo@amr.gd.example.cn"}
    client.put(
        f"/api/v1/agencies/{GUANGDONG}-market", json=body, headers=guangdong_admin(container)
    )
    clue = guangzhou_clue(client)
    opened = refer(client, clue, f"{GUANGDONG}-market")
    assert opened.status_code == 201, opened.text
    referral = opened.json()
    assert referral["details"]["agency"] == f"{GUANGDONG}-market" and referral["deadline"]

    sent = deliver_referrals(container.uow(), container.agency_channels(), container.clock)
    assert sent.delivered == 1 and sent.failed == 0
    [mail] = inbox.mails
    parsed = message_from_bytes(mail.as_bytes(), _class=EmailMessage, policy=policy.default)
    assert parsed["To"] == "xiansuo@amr.gd.example.cn" and f"#{clue['id']}" in parsed["Subject"]
    text = parsed.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "广东省市场监督管理局" in text and "SHA-256" in text
    [attachment] = list(parsed.iter_attachments())
    package = json.loads(attachment.get_content())
    assert package["clue"]["id"] == clue["id"] and package["legal_bases"] and package["evidence"]
    token = re.search(r"/agency/([A-Za-z0-9_-]+)", text)
    assert token is not None
    link = f"/agency/{token[1]}"

    page = client.get(link)
    assert page.status_code == 200 and "广东省市场监督管理局" in page.text
    declined = client.post(
        link, data={"answer": "declined", "text": "", "form_token": form_token(client)}
    )
    assert declined.status_code == 422
    clock["now"] += timedelta(hours=5)
    taken = client.post(
        link, data={"answer": "accepted", "text": "已受理", "form_token": form_token(client)}
    )
    assert taken.status_code == 200 and "referral-status" in taken.text
    done = client.post(
        f"/api/v1/referrals/{token[1]}", json={"answer": "done", "text": "已立案查处"}
    )
    assert done.json() == {"status": "done"}
    again = client.post(f"/api/v1/referrals/{token[1]}", json={"answer": "done", "text": "再次"})
    assert again.status_code == 409 and again.json()["rule"] == "referral_closed"
    assert client.get("/agency/not-a-real-token-000000").status_code == 404

    detail = client.get(f"/api/v1/clues/{clue['id']}").json()
    actions = [a["action"] for a in detail["audit"]]
    assert "measure.referral.accepted" in actions and "measure.referral.done" in actions
    page = client.get(f"/console/clues/{clue['id']}")
    assert "已立案查处" in page.text and f"referral-{referral['id']}" in page.text


def test_a_late_referral_is_flagged_once(
    client: TestClient, container: Container, clock: dict[str, datetime]
) -> None:
    body = {**MARKET, "province": GUANGDONG, "address": "xiansuo@amr.gd.example.cn"}
    client.put(
        f"/api/v1/agencies/{GUANGDONG}-market", json=body, headers=guangdong_admin(container)
    )
    referral = refer(client, guangzhou_clue(client), f"{GUANGDONG}-market").json()
    assert run_due(container.uow(), container.clock).referrals_escalated == 0
    clock["now"] += timedelta(hours=49)
    assert run_due(container.uow(), container.clock).referrals_escalated == 1
    assert run_due(container.uow(), container.clock).referrals_escalated == 0
    detail = client.get(f"/api/v1/clues/{referral['clue_id']}").json()
    [flagged] = [m for m in detail["measures"] if m["id"] == referral["id"]]
    assert flagged["details"]["escalated_at"] and flagged["status"] == "sent"
    assert [a for a in detail["audit"] if a["action"] == "measure.referral.escalated"]
