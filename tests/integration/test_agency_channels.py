"""One contract for every channel a referral package travels by: the SMTP channel against
a local aiosmtpd server, the signed webhook against a local HTTP server, and the
simulator's mailbox. Each delivers the text and the package and names the delivery; each
answers an address it cannot reach with a ConnectorError."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, ClassVar

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from netpatrol.adapters.channels.agencies import SmtpChannel, WebhookChannel
from netpatrol.services.ports import ConnectorError
from netpatrol.services.signing.calls import signature
from netpatrol.sim.mailbox import AgencyMailbox

KEY = "referral-webhook-key-0001"
PACKAGE = json.dumps({"referral": 7, "evidence": [{"id": 1, "sha256": "ab" * 32}]})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__(EmailMessage)
        self.received: list[dict[str, Any]] = []

    def handle_message(self, message: EmailMessage) -> None:  # type: ignore[override]
        mail = message_from_bytes(message.as_bytes(), _class=EmailMessage, policy=policy.default)
        [attached] = list(mail.iter_attachments())
        self.received.append(
            {
                "address": mail["To"],
                "text": mail.get_body(("plain",)).get_content(),  # type: ignore[union-attr]
                "package": json.loads(attached.get_content()),
            }
        )


class Hook(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        stamp, nonce = self.headers["X-Netpatrol-Timestamp"], self.headers["X-Netpatrol-Nonce"]
        if self.headers["X-Netpatrol-Signature"] != signature(KEY, body, stamp, nonce):
            self.send_response(401)
            self.end_headers()
            return
        sent = json.loads(body)
        Hook.received.append(
            {"address": self.path, "text": sent["text"], "package": sent["package"]}
        )
        self.send_response(202)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture(params=["smtp", "webhook", "mailbox"])
def channel(request: pytest.FixtureRequest) -> Iterator[tuple[Any, str, str, Any]]:
    """(the channel, a reachable address, an unreachable one, what arrived)"""
    if request.param == "smtp":
        inbox = Inbox()
        port = free_port()
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        dead = SmtpChannel("127.0.0.1", free_port(), "netpatrol@gz.example.cn")
        yield (
            SmtpChannel("127.0.0.1", port, "netpatrol@gz.example.cn"),
            "a@b.cn",
            dead,
            inbox.received,
        )
        controller.stop()
    elif request.param == "webhook":
        Hook.received = []
        server = HTTPServer(("127.0.0.1", 0), Hook)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{server.server_port}/referrals"
        yield (
            WebhookChannel("netpatrol", KEY),
            url,
            f"http://127.0.0.1:{free_port()}/x",
            Hook.received,
        )
        server.shutdown()
        server.server_close()
    else:
        mailbox = AgencyMailbox(unreachable={"gone@b.cn"})
        yield mailbox, "a@b.cn", "gone@b.cn", mailbox.sent


def test_a_package_arrives_whole(channel: tuple[Any, str, Any, list[dict[str, Any]]]) -> None:
    sender, address, _, received = channel
    ref = sender.send(address, "线索移交 #7", "请核查并答复：https://x.cn/agency/t", PACKAGE)
    assert ref
    [arrived] = received
    assert arrived["address"].endswith(address.rpartition("/")[2] if "/" in address else address)
    assert "答复" in arrived["text"]
    package = (
        arrived["package"]
        if isinstance(arrived["package"], dict)
        else json.loads(arrived["package"])
    )
    assert package == json.loads(PACKAGE)


def test_an_unreachable_address_is_a_connector_error(
    channel: tuple[Any, str, Any, list[dict[str, Any]]],
) -> None:
    sender, _, dead, _ = channel
    with pytest.raises(ConnectorError):
        if isinstance(dead, SmtpChannel):
            dead.send("a@b.cn", "s", "t", PACKAGE)
        else:
            sender.send(dead, "s", "t", PACKAGE)


def test_a_webhook_with_the_wrong_key_is_refused() -> None:
    server = HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(ConnectorError):
            WebhookChannel("netpatrol", "another-key-000000000").send(
                f"http://127.0.0.1:{server.server_port}/r", "s", "t", PACKAGE
            )
    finally:
        server.shutdown()
        server.server_close()
