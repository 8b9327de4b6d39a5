"""A cluster's hourly series is kept as its posts join: counts add up across batches, and
an upgrade fills the hours of the posts stored before it, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic import command

from netpatrol.adapters.db import migrate
from netpatrol.bootstrap import Container
from netpatrol.domain.categories import Category, SharingLevel
from netpatrol.domain.spread import Cluster, ClusterMember, Hour, MemberKind
from tests.integration.test_repositories import _posts

T0 = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
KINDS = [MemberKind.FIRST, MemberKind.COPY, MemberKind.VARIANT, MemberKind.COPY]


def _store(container: Container) -> int:
    posts = _posts(8)
    with container.uow() as uow:
        uow.posts.add_many(posts)
        unit_id = uow.units.all()[0].id or 0
        cluster = uow.clusters.add(
            Cluster(
                unit_id, Category.RUMOUR, SharingLevel.UNIT, posts[0].id or 0, "c", T0, T0, T0, T0
            )
        )
        uow.commit()
    cluster_id = cluster.id or 0
    for part in (posts[:4], posts[4:]):  # two batches landing in the same hours
        with container.uow() as uow:
            uow.clusters.add_members(
                [
                    (
                        ClusterMember(
                            cluster_id,
                            p.id or 0,
                            KINDS[i],
                            str(p.id),
                            T0 + timedelta(minutes=25 * i + 1),
                            10 + i,
                            T0,
                        ),
                        None,
                        [],
                    )
                    for i, p in enumerate(part)
                ]
            )
            uow.commit()
    return cluster_id


def _hours(container: Container, cluster_id: int) -> list[Hour]:
    with container.uow() as uow:
        return uow.clusters.hourly(cluster_id, T0 + timedelta(minutes=10))


def test_hours_add_up_across_batches_and_are_filled_on_upgrade(container: Container) -> None:
    cluster_id = _store(container)
    expected = [  # minutes 1, 26, 51 in the first hour, 76 in the second; twice over
        Hour(T0, 6, 2, 2, 2 * (10 + 11 + 12)),
        Hour(T0 + timedelta(hours=1), 2, 2, 0, 2 * 13),
    ]
    assert _hours(container, cluster_id) == expected
    config = migrate.alembic_config(container.engine.url.render_as_string(hide_password=False))
    with container.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0019")
        command.upgrade(config, "head")
    assert _hours(container, cluster_id) == expected
