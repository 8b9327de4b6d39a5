"""A repeat offender on SQLite and PostgreSQL: each new post after a warning is a new clue
with its own warning, the clue page lists the earlier warnings, and the policy sends an
author warned twice to a case."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from netpatrol.bootstrap import Container
from netpatrol.services.clues import queries
from netpatrol.services.measures.warnings import WarningRequest, send_warning
from netpatrol.services.patrol.batch import patrol_batch
from netpatrol.services.patrol.post_input import parse_post

START = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
GAMBLING = "网上赌场百家乐稳赚不赔，注册就送彩金，加微信 bet{n} 领取"


def post(n: int) -> dict[str, object]:
    return {
        "platform": "weibo",
        "id": f"wb-repeat-{n}",
        "author": {"id": "8800001", "name": "常客", "region": "广东 广州"},
        "text": GAMBLING.format(n=n),
        "created_at": (START + timedelta(hours=n)).isoformat(),
        "links": [],
        "reposts": 0,
        "comments": 0,
        "likes": 0,
        "parent_id": None,
    }


def test_each_new_post_is_a_new_clue_with_its_own_warning(container: Container) -> None:
    clock = {"now": START}
    container.clock = lambda: clock["now"]
    clue_ids = []
    for n in range(3):
        clock["now"] = START + timedelta(hours=n + 1)
        result = patrol_batch(
            container.uow(),
            [parse_post(post(n))],
            container.detection(),
            container.triage,
            container.clock,
        )
        [clue] = result.clues
        assert clue.category.value == "gambling"
        clue_ids.append(clue.id or 0)
        view = queries.clue_detail(container.uow(), clue.id or 0, container.measure_policy)
        assert view.suggestion is not None
        if n < 2:
            assert view.suggestion.measure != "case"
            best = container.catalogue.fitting("gambling", "warning")[0].code
            assert best == "CL-303"  # the gambling article is offered first
            warning, _ = send_warning(
                container.uow(),
                WarningRequest(clue.id or 0, "officer-1", [best], 24),
                container.catalogue,
                container.warning_templates,
                container.clock,
            )
            assert "赌博罪" in warning.body
            assert not re.search(r"\([^)]*[A-Za-z]{3,}", warning.body)  # no English gloss
    assert len(set(clue_ids)) == 3  # a warned clue takes no new post: each is its own clue

    last = queries.clue_detail(container.uow(), clue_ids[-1], container.measure_policy)
    assert last.suggestion is not None and last.suggestion.measure == "case"
    history = queries.related_clues(container.uow(), clue_ids[-1])
    assert sorted(m.clue_id for m in history.warnings) == sorted(clue_ids[:2])
