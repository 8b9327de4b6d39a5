"""Rules of spread clusters, checks and publications (domain only)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from netpatrol.domain.categories import Category, SharingLevel
from netpatrol.domain.checks import Check, CheckStatus, Source, Verdict
from netpatrol.domain.errors import InvalidTransition, RuleViolation
from netpatrol.domain.publications import Publication, PublicationKind, PublicationStatus
from netpatrol.domain.spread import (
    Cluster,
    ClusterMember,
    ClusterStatus,
    MemberKind,
    effect,
    growth,
    hourly,
)

T0 = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


def member(minutes: float, kind: MemberKind = MemberKind.COPY, reach: int = 10) -> ClusterMember:
    at = T0 + timedelta(minutes=minutes)
    return ClusterMember(1, int(minutes * 10), kind, "d", at, reach, at)


def cluster() -> Cluster:
    return Cluster(1, Category.RUMOUR, SharingLevel.UNIT, 1, "claim", T0, T0, T0, T0, id=1)


def test_a_cluster_counts_its_posts_and_moves_along_its_table() -> None:
    c = cluster()
    for m in (member(0, MemberKind.FIRST), member(5), member(70, MemberKind.VARIANT, 40)):
        c.take(m, T0)
    assert (c.posts, c.copies, c.variants, c.reach) == (3, 1, 1, 60)
    assert c.last_seen_at == T0 + timedelta(minutes=70)
    with pytest.raises(InvalidTransition):
        c.move_to(ClusterStatus.DEBUNKED, T0)  # not without a check
    c.move_to(ClusterStatus.CHECKING, T0)
    c.move_to(ClusterStatus.CHECKED, T0)
    c.move_to(ClusterStatus.DEBUNKED, T0)
    with pytest.raises(InvalidTransition):
        c.move_to(ClusterStatus.CHECKING, T0)


def test_the_hourly_series_keeps_empty_hours_and_growth_reads_the_last_three() -> None:
    members = [member(0, MemberKind.FIRST), member(15), member(190, MemberKind.VARIANT, 0)]
    rows = hourly(members)
    assert [r.posts for r in rows] == [2, 0, 0, 1]
    assert [r.variants for r in rows] == [0, 0, 0, 1]
    # the three hours up to the newest post (3:10): the copy at 0:15 is in, the first is not;
    # a post without engagement still counts one
    assert growth(members, members[-1].posted_at) == round((10 + 1) / 3, 2)


def test_the_effect_compares_the_spread_before_and_after_the_debunk() -> None:
    members = [member(m) for m in range(0, 360, 10)]  # 6 posts an hour for six hours
    members += [member(360 + m) for m in range(0, 240, 60)]  # then one an hour
    fx = effect(members, T0 + timedelta(hours=6), T0 + timedelta(hours=10))
    assert fx.before.posts_per_hour == 6.0 and fx.after.posts_per_hour == 1.0
    assert fx.change == pytest.approx(-0.833, abs=0.001)


def test_sources_are_checked_and_a_verdict_needs_one() -> None:
    with pytest.raises(RuleViolation):
        Source.parse({"kind": "link", "value": "javascript:alert(1)"})
    with pytest.raises(RuleViolation):
        Source.parse({"kind": "rumour-mill", "value": "x"})
    with pytest.raises(RuleViolation):
        Source.parse({"kind": "agency", "value": "  "})
    check = Check(1, 1, "claim", "officer", T0, T0)
    with pytest.raises(RuleViolation):
        check.submit(Verdict.FALSE, "because", T0)
    check.add_source(Source.parse({"kind": "agency", "value": "市公安局", "note": "无此警情"}), T0)
    with pytest.raises(RuleViolation):
        check.submit(Verdict.FALSE, " ", T0)
    check.submit(Verdict.FALSE, "because", T0)
    assert check.status is CheckStatus.SUBMITTED


def test_a_check_is_approved_by_a_second_person_only() -> None:
    check = Check(1, 1, "claim", "officer", T0, T0)
    check.add_source(Source.parse({"kind": "note", "value": "called the school"}), T0)
    check.submit(Verdict.FALSE, "no such event", T0)
    with pytest.raises(RuleViolation):
        check.approve("officer", "", T0)
    with pytest.raises(RuleViolation):
        check.send_back("boss", "", T0)  # sending back says why
    check.send_back("boss", "ask the school in writing", T0)
    assert check.status is CheckStatus.OPEN
    check.submit(Verdict.FALSE, "no such event", T0)
    check.approve("boss", "ok", T0)
    assert check.status is CheckStatus.APPROVED and check.approver == "boss"
    with pytest.raises(InvalidTransition):
        check.add_source(Source.parse({"kind": "note", "value": "late"}), T0)


def publication(kind: PublicationKind = PublicationKind.FRAUD_ALERT) -> Publication:
    return Publication(kind, 1, "title", "body", "author", T0, T0)


def test_a_publication_is_approved_by_another_and_an_edit_asks_again() -> None:
    p = publication()
    with pytest.raises(RuleViolation):
        p.approve("author", T0)
    p.approve("boss", T0)
    assert p.due(T0)
    p.edit("new title", "new body", T0)
    assert p.status is PublicationStatus.DRAFT and p.approver is None and p.version == 2
    p.approve("boss", T0)
    p.move_to(PublicationStatus.PUBLISHED, T0 + timedelta(hours=1))
    assert p.published_at == T0 + timedelta(hours=1) and p.is_public
    with pytest.raises(InvalidTransition):
        p.edit("again", "again", T0)
    p.move_to(PublicationStatus.WITHDRAWN, T0)
    assert not p.is_public


def test_scheduled_publications_wait_for_their_time() -> None:
    p = publication()
    p.publish_at = T0 + timedelta(hours=2)
    p.approve("boss", T0)
    assert not p.due(T0 + timedelta(hours=1)) and p.due(T0 + timedelta(hours=2))


def test_publications_need_a_text_and_a_debunk_its_check() -> None:
    with pytest.raises(RuleViolation):
        Publication(PublicationKind.SAFETY_TIP, 1, " ", "body", "a", T0, T0).validate()
    with pytest.raises(RuleViolation):
        publication(PublicationKind.DEBUNK).validate()
