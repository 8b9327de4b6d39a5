"""One contract for the worklist's storage (saved views, search, the queue's tab counts),
run against the in-memory twin and the SQL adapter on SQLite and PostgreSQL."""

from __future__ import annotations

from netpatrol.domain.categories import Category, Severity, SharingLevel
from netpatrol.domain.clues import Clue
from netpatrol.domain.findings import Finding
from netpatrol.domain.users import Visibility
from netpatrol.domain.views import SavedView
from netpatrol.services.clues.ports import ClueQuery
from netpatrol.services.patrol.post_input import parse_post
from netpatrol.services.ports import UnitOfWork
from netpatrol.services.search.ports import SearchKind
from tests.integration.test_repositories import NOW

TEXTS = ["网上赌场百家乐稳赚不赔", "冰毒出售同城送货", "网上赌场注册就送彩金"]


def _store(uow: UnitOfWork) -> tuple[list[Clue], int, int]:
    """Three posts, each a clue: two of the first city unit (one claimed), one of the
    second; the second unit's shared nationally. (clues, first unit, second unit)."""
    posts = [
        parse_post(
            {
                "platform": "weibo",
                "id": f"w{n}",
                "author": {"id": f"author{n}", "name": f"作者{n}", "region": ""},
                "text": text,
                "created_at": NOW.isoformat(),
            }
        )
        for n, text in enumerate(TEXTS)
    ]
    with uow:
        first, second = [u.id or 0 for u in uow.units.all() if u.level.value == "city"][:2]
        uow.posts.add_many(posts)
        clues = [
            Clue(unit, Category.GAMBLING, Severity.HIGH, p.id or 0, 1, level, NOW, NOW)
            for p, unit, level in zip(
                posts,
                (first, second, first),
                (SharingLevel.UNIT, SharingLevel.NATIONAL, SharingLevel.UNIT),
                strict=True,
            )
        ]
        clues[2].assignee = "me"
        uow.clues.add_many(clues)
        uow.findings.add_many(
            [
                Finding(Category.GAMBLING, 0.9, Severity.HIGH, [], "t", "1", p.id, c.id, NOW)
                for p, c in zip(posts, clues, strict=True)
            ]
        )
        uow.commit()
    return clues, first, second


def test_saved_views_round_trip_per_user(uow: UnitOfWork) -> None:
    with uow:
        kept = uow.saved_views.add(SavedView("me", "赌博", {"category": "gambling"}, NOW))
        uow.saved_views.add(SavedView("you", "赌博", {"tab": "mine"}, NOW))
        uow.commit()
    with uow:
        assert uow.saved_views.for_user("me") == [kept]
        assert uow.saved_views.get(kept.id or 0) == kept
        uow.saved_views.delete(kept.id or 0)
        uow.commit()
    with uow:
        assert uow.saved_views.for_user("me") == []
        assert [v.name for v in uow.saved_views.for_user("you")] == ["赌博"]


def test_search_and_tab_counts_keep_to_what_a_unit_may_see(uow: UnitOfWork) -> None:
    clues, first, _ = _store(uow)
    mine = Visibility(frozenset({first}), frozenset())
    with uow:

        def refs(kind: SearchKind, terms: str, seen: Visibility) -> list[str]:
            return [h.ref for h in uow.search.find(kind, terms, seen, 10, 0)]

        everyone = Visibility(None, frozenset())
        assert refs(SearchKind.CLUE, "网上赌场", everyone) == [str(clues[2].id), str(clues[0].id)]
        assert refs(SearchKind.POST, "赌场", mine) == [str(clues[2].post_id), str(clues[0].post_id)]
        assert refs(SearchKind.POST, "冰毒出售", mine) == [str(clues[1].post_id)]  # shared
        assert refs(SearchKind.AUTHOR, "author1", mine) == ["weibo:author1"]
        assert refs(SearchKind.CLUE, f"#{clues[0].id}", mine) == [str(clues[0].id)]
        assert refs(SearchKind.POST, "赌场", mine)[1:] == [
            h.ref for h in uow.search.find(SearchKind.POST, "赌场", mine, 10, 1)
        ]
        nobody = Visibility(frozenset(), frozenset())
        assert refs(SearchKind.POST, "赌场", nobody) == []
        base = ClueQuery(visibility=mine)
        assert uow.clues.count_queue(ClueQuery(visibility=mine, assignee="me")) == 1
        assert uow.clues.count_queue(ClueQuery(visibility=mine, own_units=True)) == 2
        assert uow.clues.count_queue(ClueQuery(visibility=mine, own_units=False)) == 1
        assert (
            uow.clues.count_queue(ClueQuery(visibility=mine, own_units=True, unclaimed=True)) == 1
        )
        assert uow.clues.count_queue(base) == len(uow.clues.queue(base, 10, 0)) == 3
