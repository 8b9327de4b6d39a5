"""The partner agencies' side of the simulator: a mailbox that takes referral packages the
way the SMTP and webhook channels do (the channels' in-memory twin)."""

from __future__ import annotations

from dataclasses import dataclass, field

from netpatrol.services.ports import ConnectorError


@dataclass
class AgencyMailbox:
    """Keeps what it is given; an address in `unreachable` fails."""

    sent: list[dict[str, str]] = field(default_factory=list)
    unreachable: set[str] = field(default_factory=set)

    def send(self, address: str, subject: str, text: str, package: str) -> str:
        if address in self.unreachable:
            raise ConnectorError(f"{address} cannot be reached")
        self.sent.append({"address": address, "subject": subject, "text": text, "package": package})
        return f"mailbox-{len(self.sent)}"
