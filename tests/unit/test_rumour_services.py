"""Spread tracking, checks, debunks and publishing on the in-memory unit of work."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from netpatrol import data
from netpatrol.adapters.memory.uow import MemoryUnitOfWork
from netpatrol.bootstrap import build_catalogue, build_detection, build_triage
from netpatrol.detect.pipeline import Engine
from netpatrol.domain.errors import InvalidTransition, PermissionDenied, RuleViolation
from netpatrol.domain.measures import MeasureKind, MeasureStatus
from netpatrol.domain.publications import PublicationKind, PublicationStatus, TargetStatus
from netpatrol.domain.spread import ClusterStatus, MemberKind
from netpatrol.domain.users import Role
from netpatrol.services.accounts.acting import Staff
from netpatrol.services.accounts.units import load_units, units_from_data
from netpatrol.services.measures import graduated as measures
from netpatrol.services.patrol import spread
from netpatrol.services.patrol.batch import PatrolResult, patrol_batch
from netpatrol.services.patrol.post_input import parse_post
from netpatrol.services.publishing import bulletins, publications
from netpatrol.services.publishing import release as publishing
from netpatrol.services.publishing.redaction import MASK, mentioned, redact
from netpatrol.services.rumours import checks, debunks
from netpatrol.services.rumours.ports import ClusterQuery
from netpatrol.sim.hoax import HoaxSpread
from netpatrol.sim.platforms import PLATFORMS, SimulatedPlatform

TRIAGE = build_triage()
OFFICER = Staff("officer", Role.OFFICER)
SUPERVISOR = Staff("boss", Role.SUPERVISOR)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="module")
def engine() -> Engine:
    return build_detection()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def uow(clock: Clock) -> MemoryUnitOfWork:
    uow = MemoryUnitOfWork()
    load_units(uow, units_from_data(data.load_json("units.json")), "test", clock)
    return uow


def spread_hoax(
    uow: MemoryUnitOfWork, engine: Engine, clock: Clock, waves: tuple[int, ...], hoax: HoaxSpread
) -> PatrolResult:
    total = PatrolResult()
    for count in waves:
        rows = hoax.wave(clock.now, timedelta(hours=1), count)
        clock.now += timedelta(hours=1)
        total.merge(patrol_batch(uow, [parse_post(r) for r in rows], engine, TRIAGE, clock))
    return total


def test_a_hoax_spreading_in_variants_gathers_in_one_cluster_and_one_clue(
    uow: MemoryUnitOfWork, engine: Engine, clock: Clock
) -> None:
    result = spread_hoax(uow, engine, clock, (3, 8, 20), HoaxSpread(seed=5))
    assert len(result.spread.created) == 1 and result.spread.joined == 31
    with uow:
        [cluster] = uow.clusters.listing(ClusterQuery(), 10, 0)
        members = uow.clusters.members(cluster.id or 0)
        [clue_id] = uow.clusters.clue_ids(cluster.id or 0)
        clue = uow.clues.get(clue_id)
    assert cluster.posts == 31 and cluster.variants > 0 and cluster.copies > 0
    assert {m.kind for m in members} == {MemberKind.FIRST, MemberKind.VARIANT, MemberKind.COPY}
    assert clue is not None and clue.growth >= cluster.growth > 0
    assert spread.cluster_key(cluster.id or 0) in uow.clues.keys_of(clue_id)


def test_a_repost_joins_its_parents_cluster_even_when_it_says_nothing_illegal(
    uow: MemoryUnitOfWork, engine: Engine, clock: Clock
) -> None:
    hoax = HoaxSpread(seed=6)
    spread_hoax(uow, engine, clock, (2,), hoax)
    first = hoax.posts[0]
    repost = {
        **first,
        "id": "repost-1",
        "author": {"id": "someone", "name": "路人"},
        "text": "收到，转给家里人看看",
        "parent_id": first["id"],
        "created_at": clock.now.isoformat(),
    }
    result = patrol_batch(uow, [parse_post(repost)], engine, TRIAGE, clock)
    assert result.findings == [] and result.spread.joined == 1
    with uow:
        [cluster] = uow.clusters.listing(ClusterQuery(), 10, 0)
        assert uow.clusters.members(cluster.id or 0)[-1].kind is MemberKind.COPY


def test_different_rumours_make_different_clusters(
    uow: MemoryUnitOfWork, engine: Engine, clock: Clock
) -> None:
    rows = [
        {
            "platform": "weibo",
            "id": f"r{i}",
            "author": {"id": f"a{i}"},
            "text": text,
            "created_at": clock.now.isoformat(),
        }
        for i, text in enumerate(
            [
                "紧急扩散！北京朝阳区有两岁男孩在小区门口被抢走，人贩子开着白色面包车，家长们一定要看好孩子",
                "刚接到在水厂上班的亲戚电话，城西自来水被投毒了，千万别喝，已经有人进医院了，不转不是人",
            ]
        )
    ]
    result = patrol_batch(uow, [parse_post(r) for r in rows], engine, TRIAGE, clock)
    assert len(result.spread.created) == 2


def checked_false(uow: MemoryUnitOfWork, engine: Engine, clock: Clock) -> int:
    spread_hoax(uow, engine, clock, (3, 6, 12), HoaxSpread(seed=7))
    with uow:
        [cluster] = uow.clusters.listing(ClusterQuery(), 10, 0)
    cluster_id = cluster.id or 0
    check = checks.open_check(uow, cluster_id, "网传有人开面包车抢孩子", OFFICER, clock)
    checks.add_source(uow, check.id or 0, {"kind": "agency", "value": "市公安局"}, OFFICER, clock)
    checks.submit(uow, check.id or 0, "false", "无此警情，旧谣翻新", OFFICER, clock)
    checks.decide(uow, check.id or 0, True, "", SUPERVISOR, clock)
    return cluster_id


def test_four_eyes_on_the_check_and_only_a_false_claim_is_debunked(
    uow: MemoryUnitOfWork, engine: Engine, clock: Clock
) -> None:
    spread_hoax(uow, engine, clock, (3, 6), HoaxSpread(seed=8))
    with uow:
        [cluster] = uow.clusters.listing(ClusterQuery(), 10, 0)
    cid = cluster.id or 0
    check = checks.open_check(uow, cid, "网传抢孩子", OFFICER, clock)
    with pytest.raises(RuleViolation):
        checks.open_check(uow, cid, "again", OFFICER, clock)  # one check at a time
    checks.add_source(uow, check.id or 0, {"kind": "note", "value": "问过学校"}, OFFICER, clock)
    with pytest.raises(RuleViolation):  # only the reviewer proposes the verdict
        checks.submit(uow, check.id or 0, "true", "x", Staff("other", Role.OFFICER), clock)
    checks.submit(uow, check.id or 0, "true", "确有其事", OFFICER, clock)
    with pytest.raises(PermissionDenied):  # an officer does not approve
        checks.decide(uow, check.id or 0, True, "", Staff("peer", Role.OFFICER), clock)
    with pytest.raises(RuleViolation):  # nor does the reviewer, even as a supervisor
        checks.decide(uow, check.id or 0, True, "", Staff("officer", Role.SUPERVISOR), clock)
    checks.decide(uow, check.id or 0, True, "", SUPERVISOR, clock)
    with pytest.raises(RuleViolation):
        debunks.draft_debunk(uow, cid, OFFICER, clock)
    with uow:
        assert uow.clusters.get(cid).verdict == "true"  # type: ignore[union-attr]


def test_a_debunk_goes_out_on_the_chosen_accounts_and_new_variants_join_on_arrival(
    uow: MemoryUnitOfWork, engine: Engine, clock: Clock
) -> None:
    cid = checked_false(uow, engine, clock)
    suggestion = debunks.suggest(uow, cid)
    units = suggestion.units[:3]
    assert len(units) == 3 and "谣言" in suggestion.body
    debunk = debunks.draft_debunk(
        uow, cid, OFFICER, clock, targets=[(u.code, "weibo") for u in units]
    )
    with pytest.raises(RuleViolation):
        debunks.draft_debunk(uow, cid, OFFICER, clock)  # one debunk per cluster
    with pytest.raises(RuleViolation):
        publications.approve(uow, debunk.id or 0, Staff("officer", Role.SUPERVISOR), clock)
    publications.approve(uow, debunk.id or 0, SUPERVISOR, clock)
    platforms = {p: SimulatedPlatform(p, clock) for p in PLATFORMS}
    run = publishing.publish_due(uow, platforms, clock, "https://np.example")
    assert run.published == 1 and run.posted == 3
    posted = platforms["weibo"].state.posts.values()
    accounts = {p.data["author"]["id"] for p in posted}
    assert accounts == {u.channel_accounts["weibo"] for u in units}
    assert all(f"https://np.example/debunks/{debunk.id}" in p.data["text"] for p in posted)
    with uow:
        cluster = uow.clusters.get(cid)
        stored = uow.publications.get(debunk.id or 0)
    assert cluster is not None and cluster.status is ClusterStatus.DEBUNKED
    assert stored is not None and all(t.reach and t.live for t in stored.targets)

    assert spread.teach_debunked(uow, engine) > 0
    [verdict] = engine.run(
        [HoaxSpread.text({k: 1 for k in ("opening", "place", "age", "child", "car", "closing")})]
    )
    assert any(spread.cluster_of_ref(s.ref) == cid for s in verdict.evidence)
    later = spread_hoax(uow, engine, clock, (4,), HoaxSpread(seed=99, prefix="later"))
    assert later.spread.joined == 4 and not later.spread.created


def test_scheduled_publications_wait_and_failures_are_retried_then_marked(
    uow: MemoryUnitOfWork, clock: Clock
) -> None:
    draft = publications.draft(
        uow,
        publications.Draft(
            PublicationKind.SAFETY_TIP,
            "440100",
            "年底警惕网购退款诈骗",
            "凡是自称客服要求转账退款的，都是诈骗。",
            [("440100", "weibo"), ("440100", "tieba")],
            publish_at=clock.now + timedelta(hours=2),
        ),
        OFFICER,
        clock,
    )
    publications.approve(uow, draft.id or 0, SUPERVISOR, clock)

    class Broken(SimulatedPlatform):
        def publish(self, account: str, text: str) -> str:
            from netpatrol.services.ports import ConnectorError

            raise ConnectorError("tieba answered 503")

    connectors = {"weibo": SimulatedPlatform("weibo", clock), "tieba": Broken("tieba", clock)}
    assert publishing.publish_due(uow, connectors, clock).published == 0
    clock.now += timedelta(hours=2)
    runs = [publishing.publish_due(uow, connectors, clock) for _ in range(5)]
    assert runs[0].published == 1 and runs[0].posted == 1
    assert sum(r.failed for r in runs) == 1
    with uow:
        stored = uow.publications.get(draft.id or 0)
    assert stored is not None and stored.status is PublicationStatus.PUBLISHED
    statuses = {t.platform: t.status for t in stored.targets}
    assert statuses == {"weibo": TargetStatus.PUBLISHED, "tieba": TargetStatus.FAILED}
    with pytest.raises(InvalidTransition):
        publications.edit(uow, draft.id or 0, "t", "b", None, None, OFFICER, clock)


def test_publishing_checks_the_accounts_and_who_may_publish_where(
    uow: MemoryUnitOfWork, clock: Clock
) -> None:
    def write(targets: list[tuple[str, str]], actor: Staff = OFFICER) -> None:
        publications.draft(
            uow,
            publications.Draft(PublicationKind.FRAUD_ALERT, "440100", "t", "b", targets),
            actor,
            clock,
        )

    with pytest.raises(RuleViolation):
        write([])
    with pytest.raises(RuleViolation):
        write([("440100", "myspace")])
    with pytest.raises(PermissionDenied):
        write([("440100", "weibo")], Staff("gz", Role.OFFICER, frozenset({999})))
    with pytest.raises(PermissionDenied):
        write([("440100", "weibo")], Staff("reader", Role.AUDITOR))


def test_published_alerts_are_found_by_the_numbers_they_mention(
    uow: MemoryUnitOfWork, clock: Clock
) -> None:
    alert = publications.draft(
        uow,
        publications.Draft(
            PublicationKind.FRAUD_ALERT,
            "440100",
            "警惕刷单骗局",
            "骗子的电话是 138-1234-5678，QQ 12345678，网址 http://scam.example.com/pay",
            [("440100", "weibo")],
        ),
        OFFICER,
        clock,
    )
    assert publications.published_mentioning(uow, "phone", "13812345678") == []  # not yet
    publications.approve(uow, alert.id or 0, SUPERVISOR, clock)
    publishing.publish_due(uow, {}, clock)
    [found] = publications.published_mentioning(uow, "phone", "+86 138 1234 5678")
    assert found.id == alert.id
    assert [p.id for p in publications.published(uow, [PublicationKind.FRAUD_ALERT])] == [alert.id]
    assert publications.published(uow, [PublicationKind.DEBUNK]) == []
    with pytest.raises(RuleViolation):
        publications.published_mentioning(uow, "horoscope", "x")


def test_redaction_removes_personal_data() -> None:
    text = (
        "张三(wx: zhangsan_88)在群里说：加我微信 zhangsan_88 或打 13912345678，"
        "身份证 110101199003071234，邮箱 a.b@example.com，@李四 也在"
    )
    cleaned = redact(text, ["张三"])
    for secret in ("张三", "zhangsan_88", "13912345678", "110101199003071234", "a.b@", "李四"):
        assert secret not in cleaned
    assert MASK in cleaned and "在群里说" in cleaned
    assert ("phone", "13912345678") in mentioned([text])


def test_a_typical_case_bulletin_comes_from_a_closed_case_without_personal_data(
    uow: MemoryUnitOfWork, engine: Engine, clock: Clock
) -> None:
    catalogue = build_catalogue()
    post = {
        "platform": "weibo",
        "id": "fraud-1",
        "author": {"id": "u-777", "name": "王小明", "region": "广东 广州"},
        "text": "高价回收银行卡，刷单返利日结，联系QQ 87654321 或电话 13700001111",
        "created_at": clock.now.isoformat(),
    }
    [clue] = patrol_batch(uow, [parse_post(post)], engine, TRIAGE, clock).clues
    clue_id = clue.id or 0
    with pytest.raises(RuleViolation):
        bulletins.draft_bulletin(uow, clue_id, catalogue, OFFICER, clock)
    basis = next(b.code for b in catalogue if "fraud" in b.categories)
    case = measures.open_measure(
        uow,
        measures.MeasureRequest(
            clue_id, MeasureKind.CASE, "officer", [basis], "王小明组织刷单诈骗"
        ),
        catalogue,
        clock,
    )
    for status in (MeasureStatus.APPROVED, MeasureStatus.CLOSED):
        measures.advance(uow, case.id or 0, status, "boss", clock)
    bulletin = bulletins.draft_bulletin(uow, clue_id, catalogue, OFFICER, clock)
    assert bulletin.kind is PublicationKind.CASE_BULLETIN and bulletin.source_clue_id == clue_id
    for secret in ("王小明", "u-777", "87654321", "13700001111"):
        assert secret not in bulletin.body and secret not in bulletin.title
    assert "刷单" in bulletin.body and bulletin.indicators == []
