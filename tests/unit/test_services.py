"""The slice's use cases on the in-memory unit of work."""

from datetime import UTC, datetime

import pytest

from netpatrol import data
from netpatrol.adapters.memory.uow import MemoryUnitOfWork
from netpatrol.bootstrap import build_catalogue, build_detection, build_triage
from netpatrol.domain.clues import ClueStatus
from netpatrol.domain.errors import NotFound, RuleViolation
from netpatrol.services.accounts.units import load_units, units_from_data
from netpatrol.services.measures.warnings import WarningRequest, WarningTemplates, send_warning
from netpatrol.services.patrol.batch import patrol_batch
from netpatrol.services.patrol.post_input import parse_post

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
TRIAGE = build_triage()
TEMPLATES = WarningTemplates(data.read_text("templates/warning.zh.txt"))


def clock() -> datetime:
    return NOW


def post(external_id: str, text: str, region: str = "广东 深圳", platform: str = "weibo"):  # type: ignore[no-untyped-def]
    return parse_post(
        {
            "platform": platform,
            "id": external_id,
            "author": {"id": "u1", "name": "张三", "region": region},
            "text": text,
            "created_at": "2026-11-27T08:00:00+08:00",
            "reposts": 10,
        }
    )


@pytest.fixture
def uow() -> MemoryUnitOfWork:
    uow = MemoryUnitOfWork()
    load_units(uow, units_from_data(data.load_json("units.json")), "test", clock)
    return uow


def test_patrol_stores_posts_once_and_routes_clues_to_the_authors_unit(
    uow: MemoryUnitOfWork,
) -> None:
    engine = build_detection()
    batch = [
        post("1", "冰毒出售，同城送货"),
        post("2", "今天天气不错", "浙江 杭州"),
        post("1", "重复"),
    ]
    result = patrol_batch(uow, batch, engine, TRIAGE, clock)
    assert len(result.stored) == 2 and len(result.duplicates) == 1
    [clue] = result.clues
    with uow:
        unit = uow.units.get(clue.unit_id)
        assert unit is not None and unit.name == "深圳"
        entries = uow.audit.entries()
    actions = [e.action for e in entries]
    [ingested] = [e for e in entries if e.action == "posts.ingested"]  # one for the batch
    assert ingested.after is not None and ingested.after["posts"] == 2
    assert actions.count("finding.recorded") == 1 and actions.count("clue.routed") == 1

    again = patrol_batch(uow, batch, engine, TRIAGE, clock)
    assert not again.stored and len(again.duplicates) == 3
    with uow:
        assert uow.posts.count() == 2 and uow.clues.count() == 1


def test_a_warning_is_sent_from_the_units_account_citing_the_law(uow: MemoryUnitOfWork) -> None:
    result = patrol_batch(
        uow, [post("9", "出售仿真枪，气枪出售")], build_detection(), TRIAGE, clock
    )
    clue_id = result.clues[0].id or 0
    request = WarningRequest(clue_id, "officer-7", ["CL-125"], 24)
    measure, token = send_warning(
        uow, request, build_catalogue(), TEMPLATES, clock, "https://np.example"
    )
    assert measure.legal_bases == ["CL-125"]
    assert "第一百二十五条" in measure.body and "深圳" in measure.body
    assert f"https://np.example/r/{token}" in measure.body
    with uow:
        [message] = uow.outbox.all()
        clue = uow.clues.get(clue_id)
        last = uow.audit.entries()[-2:]
    assert message.sender_account == "@深圳网警巡查执法" and message.recipient == "u1"
    assert clue is not None and clue.status is ClueStatus.ACTIONED
    assert [e.action for e in last] == ["measure.warning.sent", "clue.status_changed"]
    assert all(e.actor == "officer-7" for e in last)


def test_a_refused_warning_changes_nothing(uow: MemoryUnitOfWork) -> None:
    result = patrol_batch(uow, [post("9", "冰毒出售")], build_detection(), TRIAGE, clock)
    clue_id = result.clues[0].id or 0
    with uow:
        before = len(uow.audit.entries())
    for bad in (WarningRequest(clue_id, "o", []), WarningRequest(clue_id, "o", ["NOPE"])):
        with pytest.raises(RuleViolation):
            send_warning(uow, bad, build_catalogue(), TEMPLATES, clock)
    with pytest.raises(NotFound):
        send_warning(uow, WarningRequest(999, "o", ["CL-347"]), build_catalogue(), TEMPLATES, clock)
    with uow:
        assert len(uow.audit.entries()) == before and not uow.outbox.all()
        assert not uow.measures.for_clue(clue_id)


def test_findings_about_one_author_or_number_merge_into_one_open_clue(
    uow: MemoryUnitOfWork,
) -> None:
    engine = build_detection()
    first = patrol_batch(uow, [post("1", "冰毒出售，同城送货")], engine, TRIAGE, clock)
    [clue] = first.clues
    assert clue.due_at is not None and clue.due_at > NOW
    same_author = post("2", "出售仿真枪，气枪出售，包邮到家")
    other_author_same_phone = parse_post(
        {
            "platform": "weibo",
            "id": "3",
            "author": {"id": "u9"},
            "reposts": 400,
            "text": "刷单返利日结，电话13812345678",
            "created_at": "2026-11-27T08:00:00+08:00",
        }
    )
    later = patrol_batch(uow, [same_author, other_author_same_phone], engine, TRIAGE, clock)
    assert later.merged == 1 and len(later.clues) == 1
    again = patrol_batch(
        uow,
        [
            parse_post(
                {
                    "platform": "weibo",
                    "id": "4",
                    "author": {"id": "u7"},
                    "text": "高额回报，刷单返利，电话 138 1234 5678",
                    "created_at": "2026-11-27T09:00:00+08:00",
                }
            )
        ],
        engine,
        TRIAGE,
        clock,
    )
    assert again.merged == 1 and not again.clues
    with uow:
        merged = uow.clues.get(clue.id or 0)
        assert merged is not None and len(uow.findings.for_clue(clue.id or 0)) == 2
        assert uow.clues.count() == 2
        actions = [e.action for e in uow.audit.entries()]
    assert actions.count("clue.merged") == 2


def test_high_reach_shortens_the_service_level() -> None:
    levels = TRIAGE.service_levels
    from netpatrol.domain.categories import Severity

    assert levels.due(Severity.HIGH, 10, NOW) > levels.due(Severity.HIGH, 5000, NOW)
    assert (levels.due(Severity.HIGH, 5000, NOW) - NOW).total_seconds() == 3600


def test_a_post_without_a_region_goes_to_the_place_it_names(uow: MemoryUnitOfWork) -> None:
    named = post("7", "重庆解放碑附近出售仿真枪，气枪出售", region="")
    result = patrol_batch(uow, [named], build_detection(), TRIAGE, clock)
    with uow:
        unit = uow.units.get(result.clues[0].unit_id)
        [routed] = [e for e in uow.audit.entries() if e.action == "clue.routed"]
    assert unit is not None and unit.name == "重庆"
    assert routed.reason.startswith("place named in the text")


def test_a_finding_names_the_rules_behind_it_or_says_n_grams_alone_carry_it(
    uow: MemoryUnitOfWork,
) -> None:
    from netpatrol.domain.findings import Evidence, Finding
    from netpatrol.web.console.clue import highlight

    engine = build_detection()
    text = "新到的猪肉 成色好 一克三百五 同城面交 懂的来"
    result = patrol_batch(uow, [post("9", text)], engine, TRIAGE, clock)
    [(_, finding)] = result.findings
    assert "drugs.slang_in_trade" in finding.rules
    assert any(e.label == "intent:drugs.slang_in_trade" for e in finding.evidence)
    marked = [s for s in highlight(text, [finding]) if s.marked]
    assert any("intent:drugs.slang_in_trade" in s.detectors for s in marked)
    topic = Finding(
        finding.category, 0.6, finding.severity, [Evidence(0, 2, "新到", "classifier")], "c", "1"
    )
    assert topic.rules == []
