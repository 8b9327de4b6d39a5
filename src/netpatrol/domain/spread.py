"""Spread clusters (传播簇, M6): the variants and reposts of one claim, and how fast it spreads.

A claim spreads by fission: the first post, then copies of it (reposts, verbatim copies)
and variants (the place changed, a sentence added). A cluster keeps every post it has
seen, so its time series (posts, copies, reach and new variants per hour) and its growth
can be read back at any time, before and after a debunk.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from netpatrol.domain.categories import Category, SharingLevel
from netpatrol.domain.errors import InvalidTransition

GROWTH_WINDOW = timedelta(hours=3)  # growth: the spread in the last hours up to its newest post
EFFECT_WINDOW = timedelta(hours=12)  # before and after a debunk
MAX_SERIES_HOURS = 24 * 14


class ClusterStatus(StrEnum):
    WATCHING = "watching"  # spreading, not yet checked
    CHECKING = "checking"  # a check (核查) is open
    CHECKED = "checked"  # a verdict is approved; not (yet) debunked
    DEBUNKED = "debunked"  # shown false, and the debunk (辟谣) is published


CLUSTER_TRANSITIONS: dict[ClusterStatus, frozenset[ClusterStatus]] = {
    ClusterStatus.WATCHING: frozenset({ClusterStatus.CHECKING}),
    ClusterStatus.CHECKING: frozenset({ClusterStatus.CHECKED, ClusterStatus.WATCHING}),
    ClusterStatus.CHECKED: frozenset({ClusterStatus.DEBUNKED, ClusterStatus.CHECKING}),
    # a debunk taken back (the verdict was wrong, or the text): the claim waits for a new check
    ClusterStatus.DEBUNKED: frozenset({ClusterStatus.WATCHING}),
}


class MemberKind(StrEnum):
    FIRST = "first"  # the earliest post seen
    VARIANT = "variant"  # a new wording of the claim
    COPY = "copy"  # a repost or a verbatim copy of a wording already seen


@dataclass
class ClusterMember:
    cluster_id: int
    post_id: int
    kind: MemberKind
    text_sha256: str
    posted_at: datetime
    reach: int
    joined_at: datetime
    similarity: float = 1.0
    clue_id: int | None = None
    id: int | None = None


@dataclass
class Cluster:
    unit_id: int
    category: Category
    sharing_level: SharingLevel
    first_post_id: int
    claim: str
    first_seen_at: datetime
    last_seen_at: datetime
    created_at: datetime
    updated_at: datetime
    status: ClusterStatus = ClusterStatus.WATCHING
    verdict: str | None = None
    posts: int = 0
    copies: int = 0
    variants: int = 0
    reach: int = 0
    growth: float = 0.0  # reach per hour over GROWTH_WINDOW, each post counting at least 1
    debunked_at: datetime | None = None
    id: int | None = None

    def take(self, member: ClusterMember, at: datetime) -> None:
        """Count a new post of the cluster."""
        self.posts += 1
        if member.kind is MemberKind.COPY:
            self.copies += 1
        elif member.kind is MemberKind.VARIANT:
            self.variants += 1
        self.reach += member.reach
        self.first_seen_at = min(self.first_seen_at, member.posted_at)
        self.last_seen_at = max(self.last_seen_at, member.posted_at)
        self.updated_at = at

    def move_to(self, status: ClusterStatus, at: datetime) -> None:
        if status not in CLUSTER_TRANSITIONS[self.status]:
            raise InvalidTransition(f"cluster {self.id} cannot go from {self.status} to {status}")
        self.status = status
        self.updated_at = at


def growth(members: Iterable[ClusterMember], until: datetime) -> float:
    """Reach gained per hour over the GROWTH_WINDOW up to `until`, from the posts of that
    window. Every post counts at least 1, so a claim copied by many accounts without
    engagement still shows its spread; a post seen long after it was posted brings only
    the share of its reach that falls in one window."""
    since = until - GROWTH_WINDOW
    total = 0.0
    for m in members:
        if since < m.posted_at <= until:
            age = max(m.joined_at - m.posted_at, GROWTH_WINDOW)
            total += max(m.reach, 1) * (GROWTH_WINDOW / age)
    return round(total / (GROWTH_WINDOW.total_seconds() / 3600), 2)


@dataclass(frozen=True)
class Hour:
    start: datetime
    posts: int = 0
    copies: int = 0
    variants: int = 0
    reach: int = 0


def hourly(members: Sequence[ClusterMember], until: datetime | None = None) -> list[Hour]:
    """The cluster's time series, one row per hour from its first post to `until` (or its
    last post), empty hours included; at most MAX_SERIES_HOURS, the latest kept."""
    if not members:
        return []
    counted: dict[datetime, Hour] = {}
    for m in members:
        at = _hour(m.posted_at)
        row = counted.get(at, Hour(at))
        counted[at] = Hour(
            at,
            row.posts + 1,
            row.copies + (m.kind is MemberKind.COPY),
            row.variants + (m.kind is MemberKind.VARIANT),
            row.reach + m.reach,
        )
    last = max([m.posted_at for m in members] + ([until] if until else []))
    return series(list(counted.values()), min(m.posted_at for m in members), last)


def series_start(first: datetime, last: datetime) -> datetime:
    """The first hour a series from `first` to `last` shows (it keeps the latest hours)."""
    return max(_hour(first), _hour(last) - timedelta(hours=MAX_SERIES_HOURS - 1))


def series(counted: Sequence[Hour], first: datetime, last: datetime) -> list[Hour]:
    """One row per hour from `first` to `last` out of the hours that had posts (counted
    here or by the database), empty hours included; at most MAX_SERIES_HOURS."""
    start, end = series_start(first, last), _hour(last)
    by_hour = {h.start: h for h in counted}
    hours = int((end - start).total_seconds() // 3600) + 1
    return [by_hour.get(at, Hour(at)) for at in (start + timedelta(hours=i) for i in range(hours))]


def _hour(at: datetime) -> datetime:
    return at.replace(minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class Rates:
    hours: float
    posts: int
    variants: int
    reach: int

    @property
    def posts_per_hour(self) -> float:
        return round(self.posts / self.hours, 2) if self.hours else 0.0

    @property
    def reach_per_hour(self) -> float:
        return round(self.reach / self.hours, 2) if self.hours else 0.0


@dataclass(frozen=True)
class Effect:
    """The spread before the debunk (since the claim began, at most EFFECT_WINDOW) and after
    it (at most as long; while that window runs, its rates are per hour elapsed)."""

    debunked_at: datetime
    before: Rates
    after: Rates

    @property
    def change(self) -> float | None:
        """Relative change of posts per hour, after against before (-0.8: down 80%)."""
        if not self.before.posts_per_hour:
            return None
        return round(self.after.posts_per_hour / self.before.posts_per_hour - 1, 3)


def effect(
    members: Sequence[ClusterMember],
    debunked_at: datetime,
    now: datetime,
    window: timedelta = EFFECT_WINDOW,
) -> Effect:
    latest = max([now] + [m.posted_at for m in members])  # a clock behind the posts
    elapsed = min(max(latest - debunked_at, timedelta(minutes=1)), window)
    first = min([m.posted_at for m in members] + [debunked_at])
    before = min(max(debunked_at - first, timedelta(hours=1)), window)  # since it began
    return Effect(
        debunked_at,
        _rates(members, debunked_at - before, debunked_at, before),
        _rates(members, debunked_at, debunked_at + elapsed, elapsed),
    )


def _rates(
    members: Sequence[ClusterMember], since: datetime, until: datetime, span: timedelta
) -> Rates:
    chosen = [m for m in members if since <= m.posted_at < until]
    return Rates(
        hours=round(span.total_seconds() / 3600, 3),
        posts=len(chosen),
        variants=sum(1 for m in chosen if m.kind is MemberKind.VARIANT),
        reach=sum(m.reach for m in chosen),
    )


@dataclass
class SpreadSummary:
    """What a new batch did to the clusters: for the patrol's result."""

    created: list[int] = field(default_factory=list)
    joined: int = 0
