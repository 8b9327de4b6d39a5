"""Limits on how often one client (or one account name) may try something: a window count
for sign-ups and look-ups, and for sign-ins a back-off that doubles with each refusal past
a threshold and always ends. Kept in memory, per process; keys are digests, never raw
addresses or names, and the oldest keys go first when the table is full."""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

MAX_KEYS = 100_000


@dataclass(frozen=True)
class Rate:
    count: int
    per: timedelta


@dataclass(frozen=True)
class RequestLimits:
    """From the policy's "request_limits": a rate per action, and the sign-in back-off."""

    rates: Mapping[str, Rate]
    free_refusals: int = 5  # for one name
    free_refusals_per_client: int = 20  # many people may share one address
    first_delay: timedelta = timedelta(seconds=2)
    longest_delay: timedelta = timedelta(minutes=15)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> RequestLimits:
        raw = data.get("request_limits", {})
        rates = {
            name: Rate(int(spec["count"]), timedelta(seconds=float(spec["seconds"])))
            for name, spec in raw.get("rates", {}).items()
        }
        backoff = raw.get("sign_in_backoff", {})
        return cls(
            rates=rates,
            free_refusals=int(backoff.get("free_refusals", 5)),
            free_refusals_per_client=int(backoff.get("free_refusals_per_client", 20)),
            first_delay=timedelta(seconds=float(backoff.get("first_delay_seconds", 2))),
            longest_delay=timedelta(seconds=float(backoff.get("longest_delay_seconds", 900))),
        )


class Throttle:
    def __init__(self, limits: RequestLimits) -> None:
        self.limits = limits
        self._hits: OrderedDict[tuple[str, str], deque[datetime]] = OrderedDict()
        self._refusals: OrderedDict[str, tuple[int, datetime]] = OrderedDict()

    def spend(self, action: str, key: str, now: datetime) -> int:
        """Counts one try; 0 when it is allowed, else the seconds until one will be."""
        rate = self.limits.rates.get(action)
        if rate is None:
            return 0
        hits = self._hits.pop((action, key), deque())
        while hits and hits[0] <= now - rate.per:
            hits.popleft()
        self._hits[(action, key)] = hits
        _trim(self._hits)
        if len(hits) >= rate.count:
            return max(1, int((hits[0] + rate.per - now).total_seconds()) + 1)
        hits.append(now)
        return 0

    def wait(self, name: str, client: str, now: datetime) -> int:
        """Seconds before this name, or anyone from this client, may try to sign in again."""
        return max(
            self._delay(f"name:{name}", self.limits.free_refusals, now),
            self._delay(f"client:{client}", self.limits.free_refusals_per_client, now),
        )

    def refused(self, name: str, client: str, now: datetime) -> None:
        for key in (f"name:{name}", f"client:{client}"):
            count, _ = self._refusals.pop(key, (0, now))
            self._refusals[key] = (count + 1, now)
        _trim(self._refusals)

    def succeeded(self, name: str) -> None:
        """The name's count starts again; the client's stays, as it may be trying many."""
        self._refusals.pop(f"name:{name}", None)

    def _delay(self, key: str, free: int, now: datetime) -> int:
        count, last = self._refusals.get(key, (0, now))
        if count < free:
            return 0
        doublings = min(count - free, 20)
        delay = min(self.limits.first_delay * 2**doublings, self.limits.longest_delay)
        if now - last >= self.limits.longest_delay * 2:
            self._refusals.pop(key, None)  # quiet long enough: the slate is clean
            return 0
        return max(0, int((last + delay - now).total_seconds() + 0.999))


def _trim(table: OrderedDict[Any, Any]) -> None:
    while len(table) > MAX_KEYS:
        table.popitem(last=False)
