"""Storage protocols for spread clusters and checks (M6); each has a SQL and an in-memory
twin."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from netpatrol.domain.checks import Check, CheckStatus
from netpatrol.domain.spread import Cluster, ClusterMember, ClusterStatus, Hour
from netpatrol.domain.users import Visibility


@dataclass(frozen=True)
class Wording:
    """A stored wording of a cluster (its first post or a variant) as a near-duplicate
    candidate: its MinHash signature for the similarity estimate."""

    member_id: int
    cluster_id: int
    signature: bytes


@dataclass(frozen=True)
class ClusterQuery:
    visibility: Visibility | None = None
    unit_ids: Sequence[int] | None = None
    statuses: Sequence[ClusterStatus] | None = None


class ClusterRepository(Protocol):
    def add(self, cluster: Cluster) -> Cluster: ...
    def get(self, cluster_id: int) -> Cluster | None: ...
    def get_many(self, cluster_ids: Iterable[int]) -> dict[int, Cluster]: ...
    def update(self, cluster: Cluster) -> None: ...
    def listing(self, query: ClusterQuery, limit: int, offset: int) -> list[Cluster]:
        """Fastest growing first, then the most recently seen."""
        ...

    def add_members(
        self, members: Sequence[tuple[ClusterMember, bytes | None, Sequence[int]]]
    ) -> None:
        """Store posts of clusters in one go, giving each its id; a new wording comes with
        its signature and band keys."""
        ...

    def members(self, cluster_id: int, since: datetime | None = None) -> list[ClusterMember]:
        """The cluster's posts (posted at or after `since`), oldest first."""
        ...

    def latest_members(self, cluster_id: int, before_id: int, limit: int) -> list[ClusterMember]:
        """Newest posted first; with `before_id`, those posted before that member."""
        ...

    def hourly(self, cluster_id: int, since: datetime) -> list[Hour]:
        """Posts, copies, variants and reach per hour (UTC) from the hour holding `since`,
        counted as the members joined; hours without a post are left out."""
        ...

    def members_of_posts(self, post_ids: Iterable[int]) -> dict[int, ClusterMember]: ...
    def members_by_post_keys(
        self, keys: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], ClusterMember]:
        """Members by their post's (platform, external id): a repost's parent."""
        ...

    def wordings_with_bands(self, band_keys: Iterable[int]) -> list[Wording]:
        """Stored wordings that share any of these LSH band keys."""
        ...

    def has_wording(self, cluster_id: int, text_sha256: str) -> bool: ...
    def debunked_heads(self) -> dict[int, int]:
        """Debunked clusters and the id of their newest wording."""
        ...

    def wording_texts(self, cluster_id: int, after_member_id: int) -> list[tuple[int, str]]:
        """(member id, post text) of the cluster's wordings newer than a member id."""
        ...

    def clue_ids(self, cluster_id: int, before: int = 0, limit: int | None = None) -> list[int]:
        """The clues of the cluster's posts, newest first, below `before` when given."""
        ...


class CheckRepository(Protocol):
    def add(self, check: Check) -> Check: ...
    def get(self, check_id: int) -> Check | None: ...
    def update(self, check: Check) -> None: ...
    def for_cluster(self, cluster_id: int) -> list[Check]:
        """Newest first."""
        ...

    def with_status(self, status: CheckStatus, unit_ids: Sequence[int] | None) -> list[Check]: ...
