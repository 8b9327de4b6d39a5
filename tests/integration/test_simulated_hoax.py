"""The simulated day carries a hoax to a published debunk, so the demo shows one."""

from __future__ import annotations

from pathlib import Path

from netpatrol.bootstrap import Container
from netpatrol.domain.publications import PublicationKind, TargetStatus
from netpatrol.domain.spread import ClusterStatus
from netpatrol.services import clusters, publications
from netpatrol.services.simulation import simulate_day


def test_the_day_debunks_a_hoax_and_publishes_a_fraud_alert(
    container: Container, tmp_path: Path
) -> None:
    day = simulate_day(
        container.uow,
        container.detection(),
        container.triage,
        container.catalogue,
        container.warning_templates,
        tmp_path / "case",
        posts=120,
    )
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
