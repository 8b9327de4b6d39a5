"""Channels to partner agencies: e-mail through an SMTP server (standard library), a
signed webhook (the same signature recipe as pushes to us); the in-memory twin is the
simulator's (sim/mailbox.py)."""

from __future__ import annotations

import json
import smtplib
import time
import urllib.error
import urllib.request
from email.message import EmailMessage
from email.utils import make_msgid

from netpatrol.services.ports import ConnectorError
from netpatrol.services.signing.calls import signed_headers

TIMEOUT = 10.0


class SmtpChannel:
    """Mails the text, with the package attached as JSON."""

    def __init__(self, host: str, port: int, sender: str) -> None:
        self.host, self.port, self.sender = host, port, sender

    def send(self, address: str, subject: str, text: str, package: str) -> str:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, address, subject
        message["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or None)
        message.set_content(text)
        message.add_attachment(
            package.encode("utf-8"),
            maintype="application",
            subtype="json",
            filename="referral.json",
        )
        try:
            with smtplib.SMTP(self.host, self.port, timeout=TIMEOUT) as smtp:
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise ConnectorError(f"mail to {address} failed: {exc}") from exc
        return str(message["Message-ID"])


class WebhookChannel:
    """POSTs `{"text": ..., "package": ...}` signed with the installation's key."""

    def __init__(self, sender: str, secret: str) -> None:
        self.sender, self.secret = sender, secret

    def send(self, address: str, subject: str, text: str, package: str) -> str:
        body = json.dumps(
            {"subject": subject, "text": text, "package": json.loads(package)},
            ensure_ascii=False,
        ).encode("utf-8")
        headers = {
            "Content-Type": "application/json",
            **signed_headers(self.sender, self.secret, body, time.time()),
        }
        request = urllib.request.Request(address, body, headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
                return f"webhook:{answer.status}:{headers['X-Netpatrol-Nonce']}"
        except (OSError, urllib.error.URLError) as exc:
            raise ConnectorError(f"webhook {address} failed: {exc}") from exc
