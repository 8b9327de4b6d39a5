"""The simulated day's hoax (M6, M8): a fake child-snatching story spreads in variants hour
by hour; the patrol gathers it in a cluster that rises in the queue; an officer checks it,
a supervisor approves the verdict and the debunk, which goes out on three units' accounts
and the public page; the story fades, and its later variants still join the cluster.
A fraud alert goes out the same day, naming the scam number of the day's fraud clue."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from netpatrol.detect.pipeline import Engine
from netpatrol.domain.categories import Category
from netpatrol.domain.clues import ClueStatus
from netpatrol.domain.publications import PublicationKind
from netpatrol.domain.users import Role
from netpatrol.services.accounts.acting import Staff
from netpatrol.services.clues.ports import ClueQuery
from netpatrol.services.patrol.batch import PatrolResult, TriagePolicy, patrol_batch
from netpatrol.services.patrol.post_input import parse_post
from netpatrol.services.patrol.spread import cluster_key
from netpatrol.services.ports import PlatformConnector, UnitOfWork
from netpatrol.services.publishing import publications
from netpatrol.services.publishing import release as publishing
from netpatrol.services.publishing.redaction import indicators_in
from netpatrol.services.rumours import checks, debunks
from netpatrol.sim.hoax import HoaxSpread
from netpatrol.sim.platforms import SimulatedPlatform

RISING = (3, 6, 10, 16, 24, 32)  # posts an hour before the debunk
FADING = (12, 6, 3, 2, 1)  # and after it
HOAX_SEED = 20150101
CHANNELS = ("weibo", "wechat")


@dataclass
class HoaxOutcome:
    posts: int = 0
    cluster_id: int | None = None
    queue_rank_first: int | None = None  # the hoax's clue among the open clues, first hour
    queue_rank_last: int | None = None  # and when the debunk is written
    check_id: int | None = None
    debunk_id: int | None = None
    accounts: list[str] | None = None
    joined_after: int = 0
    alert_id: int | None = None


def carry_hoax(
    uow_factory: Callable[[], UnitOfWork],
    engine: Engine,
    policy: TriagePolicy,
    clock: Callable[[], datetime],
    advance: Callable[[timedelta], None],
    platforms: Mapping[str, SimulatedPlatform],
) -> HoaxOutcome:
    outcome = HoaxOutcome()
    officer = Staff("officer-day", Role.OFFICER)
    supervisor = Staff("supervisor-day", Role.SUPERVISOR)
    hoax = HoaxSpread(seed=HOAX_SEED)
    for hour, count in enumerate(RISING):
        result = _wave(uow_factory, engine, policy, clock, advance, platforms, hoax, count)
        outcome.posts += len(result.stored)
        if outcome.cluster_id is None and result.spread.created:
            outcome.cluster_id = result.spread.created[0]
        rank = _rank(uow_factory, outcome.cluster_id)
        if hour == 0:
            outcome.queue_rank_first = rank
        outcome.queue_rank_last = rank
    if outcome.cluster_id is None:  # this database has seen the hoax before
        return outcome
    cluster_id = outcome.cluster_id
    check = checks.open_check(
        uow_factory(), cluster_id, "网传多地有儿童在小区门口被开面包车的人贩子抢走", officer, clock
    )
    assert check.id is not None
    outcome.check_id = check.id
    for source in (
        {"kind": "agency", "value": "北京市公安局朝阳分局", "note": "近期辖区内未接到儿童被抢报警"},
        {"kind": "agency", "value": "广州市公安局天河区分局", "note": "经查无此警情"},
        {
            "kind": "link",
            "value": "https://www.piyao.org.cn/",
            "note": "同类“抢孩子”谣言多年来反复出现",
        },
        {"kind": "note", "value": "文中多处地名互相矛盾，配图为多年前外地旧图"},
    ):
        checks.add_source(uow_factory(), check.id, source, officer, clock)
    checks.submit(
        uow_factory(),
        check.id,
        "false",
        "各地公安机关均未接到相关报警，所谓“面包车抢孩子”系旧谣翻新，只换了地名。",
        officer,
        clock,
    )
    checks.decide(uow_factory(), check.id, True, "核查充分，同意", supervisor, clock)
    with uow_factory() as uow:
        cluster = uow.clusters.get(cluster_id)
        assert cluster is not None
        units = debunks.concerned_units(uow, cluster)[:3]
    debunk = debunks.draft_debunk(
        uow_factory(),
        cluster_id,
        officer,
        clock,
        targets=[(u.code, p) for u in units for p in CHANNELS if u.channel_accounts.get(p)],
    )
    assert debunk.id is not None
    outcome.debunk_id = debunk.id
    publications.approve(uow_factory(), debunk.id, supervisor, clock)
    connectors: dict[str, PlatformConnector] = dict(platforms)
    publishing.publish_due(uow_factory(), connectors, clock)
    with uow_factory() as uow:
        published = uow.publications.get(debunk.id)
    assert published is not None
    outcome.accounts = [t.account for t in published.targets if t.external_id]
    for count in FADING:
        result = _wave(uow_factory, engine, policy, clock, advance, platforms, hoax, count)
        outcome.posts += len(result.stored)
        outcome.joined_after += result.spread.joined
    publishing.refresh_reach(uow_factory(), connectors, clock)
    outcome.alert_id = _fraud_alert(uow_factory, clock, connectors, officer, supervisor)
    return outcome


def _wave(
    uow_factory: Callable[[], UnitOfWork],
    engine: Engine,
    policy: TriagePolicy,
    clock: Callable[[], datetime],
    advance: Callable[[timedelta], None],
    platforms: Mapping[str, SimulatedPlatform],
    hoax: HoaxSpread,
    count: int,
) -> PatrolResult:
    rows = hoax.wave(clock(), timedelta(hours=1), count)
    for platform in platforms.values():
        platform.add_posts(rows)
    advance(timedelta(hours=1))
    return patrol_batch(uow_factory(), [parse_post(r) for r in rows], engine, policy, clock)


def _rank(uow_factory: Callable[[], UnitOfWork], cluster_id: int | None) -> int | None:
    """Where the hoax's clue stands among the open clues of every unit (1 is first)."""
    if cluster_id is None:
        return None
    with uow_factory() as uow:
        mine = {c.id for c in uow.clues.open_by_keys([cluster_key(cluster_id)])}
        queue = uow.clues.queue(ClueQuery(statuses=[ClueStatus.OPEN, ClueStatus.CLAIMED]), 500, 0)
    return next((i + 1 for i, c in enumerate(queue) if c.id in mine), None)


_CONTACT_LABELS = {"phone": "", "qq": "QQ：", "wechat": "微信："}


def _fraud_alert(
    uow_factory: Callable[[], UnitOfWork],
    clock: Callable[[], datetime],
    connectors: Mapping[str, PlatformConnector],
    officer: Staff,
    supervisor: Staff,
) -> int | None:
    """A fraud alert naming the phone or account of the day's gravest fraud clue."""
    with uow_factory() as uow:
        frauds = uow.clues.queue(ClueQuery(category=Category.FRAUD), 20, 0)
        posts = uow.posts.get_many(c.post_id for c in frauds)
        units = {u.id: u for u in uow.units.all()}
    for clue in frauds:
        post = posts[clue.post_id]
        found = [i for i in indicators_in(post.text) if i.kind.value in ("phone", "qq", "wechat")]
        if not found:
            continue
        unit = units[clue.unit_id]
        # an account is an account only beside its app's name, in the alert as in the post
        named = _CONTACT_LABELS[found[0].kind.value] + post.text[found[0].start : found[0].end]
        alert = publications.draft(
            uow_factory(),
            publications.Draft(
                kind=PublicationKind.FRAUD_ALERT,
                unit_code=unit.code,
                title="警惕“刷单返利”骗局",
                body=(
                    f"近期有不法分子在网上发布“刷单返利、日结”等信息，留下联系方式 {named}，"
                    "诱导网民垫付资金。凡是要求先垫钱的刷单都是诈骗！请勿添加、勿转账，"
                    "如已受骗请立即拨打110报警。"
                ),
                targets=[(unit.code, p) for p in CHANNELS if unit.channel_accounts.get(p)],
            ),
            officer,
            clock,
        )
        assert alert.id is not None
        publications.approve(uow_factory(), alert.id, supervisor, clock)
        publishing.publish_due(uow_factory(), connectors, clock)
        return alert.id
    return None


def hoax_line(outcome: HoaxOutcome) -> str:
    if outcome.cluster_id is None:
        return "hoax: seen before in this database, nothing new"
    return (
        f"hoax: {outcome.posts} posts in cluster {outcome.cluster_id} (queue place "
        f"{outcome.queue_rank_first} -> {outcome.queue_rank_last}); check {outcome.check_id} "
        f"found it false; debunk {outcome.debunk_id} on {len(outcome.accounts or [])} accounts "
        f"and /debunks/{outcome.debunk_id}; {outcome.joined_after} later posts joined the "
        f"cluster; fraud alert {outcome.alert_id} on /alerts"
    )
