"""The simulated day carries a hoax to a published debunk, so the demo shows one."""

from __future__ import annotations

from pathlib import Path

from netpatrol.bootstrap import Container
from netpatrol.domain.publications import PublicationKind, TargetStatus
from netpatrol.domain.spread import ClusterStatus
from netpatrol.domain.users import Role
from netpatrol.services.accounts.acting import Staff
from netpatrol.services.publishing import publications
from netpatrol.services.rumours import checks, clusters
from tests.factories import simulated_day


def test_the_day_debunks_a_hoax_and_publishes_a_fraud_alert(
    container: Container, tmp_path: Path
) -> None:
    day = simulated_day(container, tmp_path / "case", posts=120)
    hoax = day.hoax
    assert hoax is not None and hoax.cluster_id is not None and hoax.debunk_id is not None
    assert len(hoax.accounts or []) == 6  # three units, two channels each
    assert hoax.joined_after == 24 and hoax.posts == 115
    assert day.audit_intact
    assert any(line.startswith("hoax:") for line in day.log)

    [debunk] = publications.published(container.uow(), [PublicationKind.DEBUNK])
    assert debunk.id == hoax.debunk_id and debunk.reach > 0
    assert {t.status for t in debunk.targets} == {TargetStatus.PUBLISHED}
    assert len({t.unit_id for t in debunk.targets}) == 3
    [alert] = publications.published(container.uow(), [PublicationKind.FRAUD_ALERT])
    assert alert.indicators  # the scam number it warns of, for the public lookup

    view = clusters.detail(container.uow(), hoax.cluster_id, container.clock())
    assert view.cluster.status is ClusterStatus.DEBUNKED and view.effect is not None
    assert view.effect.after.posts_per_hour < view.effect.before.posts_per_hour


def test_withdrawing_the_debunk_lets_the_claim_be_checked_again(
    container: Container, tmp_path: Path
) -> None:
    day = simulated_day(container, tmp_path / "case", posts=60)
    assert day.hoax is not None and day.hoax.cluster_id is not None
    [debunk] = publications.published(container.uow(), [PublicationKind.DEBUNK])
    desk = Staff("desk", Role.NATIONAL_DESK)
    publications.withdraw(container.uow(), debunk.id or 0, "核查结论有误", desk, container.clock)
    with container.uow() as uow:
        cluster = uow.clusters.get(day.hoax.cluster_id)
        trail = [e.action for e in uow.audit.for_subject("cluster", str(day.hoax.cluster_id))]
    assert cluster is not None and cluster.status is ClusterStatus.WATCHING
    assert trail[-1] == "cluster.reopened"
    assert publications.published(container.uow(), [PublicationKind.DEBUNK]) == []
    check = checks.open_check(
        container.uow(), day.hoax.cluster_id, "网传面包车抢孩子", desk, container.clock
    )
    assert check.id is not None
