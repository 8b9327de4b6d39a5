"""The officer's worklist on SQLite and PostgreSQL: the same text from several posts is one
clue, the queue's tabs and their counts, assignment to a colleague, saved views, and search
kept within what a user may see."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from netpatrol.bootstrap import Container
from netpatrol.domain.categories import Category, SharingLevel
from netpatrol.domain.clues import ClueStatus
from netpatrol.domain.errors import NotFound, RuleViolation
from netpatrol.domain.indicators import KnownIndicator
from netpatrol.domain.users import Role, Visibility, visibility
from netpatrol.services.accounts import users as accounts
from netpatrol.services.clues import assign, queries, tabs
from netpatrol.services.clues import views as saved
from netpatrol.services.clues.ports import ClueQuery
from netpatrol.services.patrol.batch import PatrolResult, patrol_batch
from netpatrol.services.patrol.post_input import parse_post
from netpatrol.services.search.ports import SearchKind
from netpatrol.services.search.search import search

START = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
DRUGS = "冰毒出售，同城送货，懂的私聊，量大从优，价格美丽"
GAMBLING = "网上赌场百家乐稳赚不赔，注册就送彩金，加微信 betgz{n} 领取"


def post(n: int, text: str, region: str, author: str = "") -> dict[str, object]:
    return {
        "platform": "weibo",
        "id": f"wb-work-{n}",
        "author": {"id": author or f"70000{n}", "name": f"网友{n}号", "region": region},
        "text": text,
        "created_at": (START + timedelta(minutes=n)).isoformat(),
        "links": [],
        "reposts": n,
        "comments": 0,
        "likes": 0,
        "parent_id": None,
    }


def patrol(container: Container, *posts: dict[str, object]) -> PatrolResult:
    return patrol_batch(
        container.uow(),
        [parse_post(p) for p in posts],
        container.detection(),
        container.triage,
        container.clock,
    )


def unit_id(container: Container, code: str) -> int:
    with container.uow() as uow:
        return next(u.id or 0 for u in uow.units.all() if u.code == code)


def officer(container: Container, name: str, unit: str, role: Role = Role.OFFICER) -> Visibility:
    accounts.add_user(
        container.uow(),
        username=name,
        password="password-for-tests",
        role=role,
        unit_code=unit,
        display_name=name,
        actor="test",
        clock=container.clock,
    )
    with container.uow() as uow:
        user = uow.users.by_username(name)
        assert user is not None
        return visibility(user, uow.units.all())


def keep_in_unit(container: Container, clue_id: int) -> None:
    with container.uow() as uow:
        clue = uow.clues.get(clue_id)
        assert clue is not None
        clue.sharing_level = SharingLevel.UNIT
        uow.clues.update(clue)
        uow.commit()


def test_the_same_text_from_four_posts_is_one_clue_listing_all_four(container: Container) -> None:
    # four authors, the text copied with its punctuation and spacing moved
    copies = [DRUGS, DRUGS + "！！", DRUGS.replace("，", " "), "【转】" + DRUGS]
    result = patrol(container, *(post(n, t, "广东 广州") for n, t in enumerate(copies)))
    assert len(result.clues) == 1 and result.merged == 3
    view = queries.clue_detail(container.uow(), result.clues[0].id or 0)
    assert [p.external_id for p in view.posts] == [f"wb-work-{n}" for n in range(4)]
    # the same text from another city is that city's matter, a clue of its own
    other = patrol(container, post(9, DRUGS, "浙江 杭州"))
    assert len(other.clues) == 1 and other.clues[0].id != result.clues[0].id
    # a different text is not gathered
    third = patrol(container, post(10, "出售仿真枪，气枪出售，包邮到家，各种型号都有", "广东 广州"))
    assert len(third.clues) == 1


def test_tabs_split_mine_my_units_and_shared_with_counts(container: Container) -> None:
    gz = officer(container, "gz.one", "440100")
    officer(container, "gz.two", "440100")
    patrol(
        container,
        post(1, GAMBLING.format(n=1), "广东 广州"),
        post(2, GAMBLING.format(n=2) + "，日赚千元", "广东 广州"),
        post(3, DRUGS, "广东 深圳"),
    )
    with container.uow() as uow:
        clues = sorted(uow.clues.queue(ClueQuery(), 10, 0), key=lambda c: c.id or 0)
    by_unit = {c.unit_id: c for c in clues}
    shenzhen = by_unit[unit_id(container, "440300")]
    shenzhen.sharing_level = SharingLevel.PROVINCE
    with container.uow() as uow:
        uow.clues.update(shenzhen)
        uow.commit()
    guangzhou = [c for c in clues if c.unit_id == unit_id(container, "440100")]
    assert len(guangzhou) == 2
    base = ClueQuery(visibility=gz, statuses=tabs.OPEN)
    assert tabs.counts(container.uow(), "gz.one", base) == {
        tabs.Tab.MINE: 0,
        tabs.Tab.UNIT: 2,
        tabs.Tab.SHARED: 1,
    }
    assign.assign(container.uow(), guangzhou[0].id or 0, "gz.one", "gz.two", container.clock)
    counts = tabs.counts(container.uow(), "gz.one", base)
    assert (counts[tabs.Tab.MINE], counts[tabs.Tab.UNIT]) == (1, 1)
    mine = queries.clue_queue(container.uow(), filters=tabs.narrowed(tabs.Tab.MINE, "gz.one", base))
    assert [v.clue.id for v in mine] == [guangzhou[0].id]
    shared = queries.clue_queue(
        container.uow(), filters=tabs.narrowed(tabs.Tab.SHARED, "gz.one", base)
    )
    assert [v.clue.id for v in shared] == [shenzhen.id]


def test_assigning_needs_a_colleague_of_the_clues_unit_and_is_audited(
    container: Container,
) -> None:
    officer(container, "gz.lead", "440100", Role.SUPERVISOR)
    officer(container, "gz.new", "440100")
    officer(container, "hz.one", "330100")
    officer(container, "gz.audit", "440100", Role.AUDITOR)
    [clue] = patrol(container, post(1, GAMBLING.format(n=1), "广东 广州")).clues
    clue_id = clue.id or 0
    names = [u.username for u in assign.colleagues(container.uow(), frozenset({clue.unit_id}))]
    assert names == ["gz.lead", "gz.new"]  # the auditor works no clue
    for stranger in ("hz.one", "gz.audit", "nobody"):
        with pytest.raises(RuleViolation) as refused:
            assign.assign(container.uow(), clue_id, stranger, "gz.lead", container.clock)
        assert refused.value.zh and refused.value.rule == "assign.colleague"
    done = assign.assign(container.uow(), clue_id, "gz.new", "gz.lead", container.clock)
    assert (done.status, done.assignee) == (ClueStatus.CLAIMED, "gz.new")
    with container.uow() as uow:
        [entry] = [e for e in uow.audit.entries() if e.action == "clue.assigned"]
    assert (entry.actor, entry.before, entry.after) == (
        "gz.lead",
        {"assignee": None},
        {"assignee": "gz.new"},
    )


def test_saved_views_are_each_users_own(container: Container) -> None:
    filters = {"tab": "unit", "category": "gambling", "bogus": "x"}
    view = saved.save_view(container.uow(), "gz.one", " 广州 赌博 ", filters, container.clock)
    assert (view.name, view.filters) == ("广州 赌博", {"category": "gambling", "tab": "unit"})
    with pytest.raises(RuleViolation):
        saved.save_view(container.uow(), "gz.one", "广州 赌博", filters, container.clock)
    with pytest.raises(RuleViolation):
        saved.save_view(container.uow(), "gz.one", "空的", {"tab": ""}, container.clock)
    saved.save_view(container.uow(), "gz.two", "广州 赌博", filters, container.clock)
    assert [v.name for v in saved.list_views(container.uow(), "gz.one")] == ["广州 赌博"]
    with pytest.raises(NotFound):
        saved.delete_view(container.uow(), "gz.two", view.id or 0, container.clock)
    saved.delete_view(container.uow(), "gz.one", view.id or 0, container.clock)
    assert saved.list_views(container.uow(), "gz.one") == []
    assert len(saved.list_views(container.uow(), "gz.two")) == 1
    with container.uow() as uow:
        actions = [e.action for e in uow.audit.entries() if e.subject_type == "saved_view"]
    assert actions == ["view.saved", "view.saved", "view.deleted"]


def test_search_finds_chinese_substrings_within_what_the_user_may_see(
    container: Container,
) -> None:
    gz = officer(container, "gz.one", "440100")
    hz = officer(container, "hz.one", "330100")
    [gz_clue] = patrol(container, post(1, GAMBLING.format(n=77), "广东 广州", "gambler77")).clues
    [hz_clue] = patrol(container, post(2, DRUGS, "浙江 杭州")).clues
    for clue in (gz_clue, hz_clue):
        keep_in_unit(container, clue.id or 0)
    with container.uow() as uow:
        uow.indicators.add(
            KnownIndicator(
                "wechat", "betgz77", Category.GAMBLING, gz_clue.unit_id, SharingLevel.UNIT, START
            )
        )
        uow.commit()

    def found(terms: str, seen: Visibility, kind: SearchKind | None = None) -> dict[str, list[str]]:
        results = search(container.uow(), terms, seen, kind)
        return {k.value: [h.ref for h in hits] for k, hits in results.groups.items() if hits}

    # two characters (below a trigram), three or more, an author, a clue number
    assert found("赌场", gz) == {"clue": [str(gz_clue.id)], "post": [str(gz_clue.post_id)]}
    assert found("百家乐稳赚", gz)["post"] == [str(gz_clue.post_id)]
    assert found("gambler77", gz) == {"author": ["weibo:gambler77"]}
    assert found(f"#{gz_clue.id}", gz) == {"clue": [str(gz_clue.id)]}
    assert found("betgz77", gz)["indicator"] and found("betgz77", gz)["post"]
    # Hangzhou sees none of Guangzhou's unshared clue, and the other way round
    assert found("赌场", hz) == {} and found("gambler77", hz) == {}
    assert found("betgz77", hz) == {} and found(f"#{gz_clue.id}", hz) == {}
    assert found("冰毒", gz) == {} and found("冰毒出售", hz)["post"] == [str(hz_clue.post_id)]
    # a new post is searchable at once (the index is kept on insert)
    patrol(container, post(3, "出售仿真枪，气枪出售，包邮到家，各种型号都有", "广东 广州"))
    assert found("仿真枪", gz)["post"]
    with pytest.raises(RuleViolation):
        search(container.uow(), "字" * 101, gz)


def test_search_pages_one_kind_and_is_bounded(container: Container) -> None:
    posts = [
        post(n, f"网上赌场百家乐第{n}局稳赚，注册就送彩金，加微信 page{n}", "广东 广州", f"a{n}")
        for n in range(14)
    ]
    patrol(container, *posts)
    seen = Visibility(None, frozenset())
    first = search(container.uow(), "百家乐", seen)
    assert len(first.groups[SearchKind.POST]) == 10 and SearchKind.POST in first.more
    rest = search(container.uow(), "百家乐", seen, SearchKind.POST, offset=10)
    assert len(rest.groups[SearchKind.POST]) == 4 and not rest.more
    refs = [h.ref for h in first.groups[SearchKind.POST] + rest.groups[SearchKind.POST]]
    assert len(set(refs)) == 14
    assert search(container.uow(), "   ", seen).empty
