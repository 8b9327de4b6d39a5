"""Who is calling, as far as the abuse limits go: the connecting address, or the address a
trusted reverse proxy forwarded (NETPATROL_TRUSTED_PROXIES; none by default, so a client
cannot name itself in X-Forwarded-For), and the per-process throttle over their digests."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress

from fastapi import Request

from netpatrol.domain.errors import DomainError
from netpatrol.domain.throttle import Throttle


class TooManyRequests(DomainError):
    """One client asked too often; `retry_after` seconds until it may ask again."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many requests from here: try again in {retry_after} seconds")
        self.retry_after = retry_after


def client_address(request: Request) -> str:
    """The connecting address; behind trusted proxies, the nearest address in
    X-Forwarded-For that is not one of them (the ones further left are the client's say)."""
    peer = request.client.host if request.client else "unknown"
    proxies = request.app.state.container.settings.proxies()
    if not proxies or not _among(peer, proxies):
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",")]
    for hop in reversed([h for h in hops if h]):
        if not _among(hop, proxies):
            return hop if _is_address(hop) else peer
    return peer


def client_key(request: Request) -> str:
    """A keyed digest of the client's address: limits count it, nothing stores the address."""
    secret = request.app.state.container.settings.secret_key.encode()
    address = client_address(request).encode()
    return hmac.new(secret, address, hashlib.sha256).hexdigest()[:32]


def throttle(request: Request) -> Throttle:
    found: Throttle = request.app.state.throttle
    return found


def limit(request: Request, action: str) -> None:
    """Counts one `action` by this client; raises TooManyRequests past the policy's rate."""
    wait = throttle(request).spend(action, client_key(request), request.app.state.container.clock())
    if wait:
        raise TooManyRequests(wait)


def _among(
    address: str, proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]
) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
