"""Indicator governance on memory, SQLite and PostgreSQL: a second person's review, expiry
and renewal, false-positive reports, edits and removal (each audited), bulk exchange in CSV
and STIX 2.1, and unit-level indicators matched only on the unit's own clues."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from netpatrol.bootstrap import build_detection, build_triage
from netpatrol.domain.errors import InvalidTransition, PermissionDenied
from netpatrol.domain.indicators import ExpiryPolicy, ReportSource, ReviewState
from netpatrol.services.matrix import exchange
from netpatrol.services.matrix import indicators as store
from netpatrol.services.patrol.batch import patrol_batch
from netpatrol.services.patrol.post_input import parse_post
from netpatrol.services.ports import UnitOfWork
from netpatrol.services.public.lookup import dispute, lookup
from tests.factories import make_posts
from tests.integration.test_repositories import NOW

POLICY = ExpiryPolicy({"phone": 180, "url": 30})


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def propose(uow: UnitOfWork, value: str, sharing: str = "national", unit: str = "000000") -> int:
    proposal = store.Proposal("phone", value, "fraud", unit, sharing, "officer-a")
    added = store.propose_indicator(uow, proposal, lambda: NOW)
    assert added.id is not None
    return added.id


def actions(uow: UnitOfWork) -> list[str]:
    with uow:
        return [e.action for e in uow.audit.entries() if e.subject_type == "indicator"]


def test_the_lookup_shows_an_indicator_only_once_a_second_person_confirms_it(
    uow: UnitOfWork,
) -> None:
    clock = Clock()
    indicator_id = propose(uow, "138 0013 8000")
    assert not lookup(uow, "13800138000", now=NOW).known
    with pytest.raises(PermissionDenied) as refused:
        store.decide_indicator(uow, indicator_id, "officer-a", True, POLICY, clock)
    assert refused.value.rule == "four_eyes"
    confirmed = store.decide_indicator(uow, indicator_id, "supervisor-b", True, POLICY, clock)
    assert confirmed.review is ReviewState.CONFIRMED and confirmed.reviewer == "supervisor-b"
    assert confirmed.expires_at == NOW + timedelta(days=180)
    assert lookup(uow, "138-0013-8000", now=NOW).known
    later = NOW + timedelta(days=181)
    assert not lookup(uow, "13800138000", now=later).known  # expired
    clock.now = later
    store.renew_indicator(uow, indicator_id, "supervisor-b", POLICY, clock)
    assert lookup(uow, "13800138000", now=later).known
    assert actions(uow) == ["indicator.proposed", "indicator.confirmed", "indicator.renewed"]


def test_a_public_false_positive_report_takes_it_out_of_the_lookup_until_decided(
    uow: UnitOfWork,
) -> None:
    clock = Clock()
    indicator_id = propose(uow, "13900139000")
    store.decide_indicator(uow, indicator_id, "supervisor-b", True, POLICY, clock)
    assert dispute(uow, "139 0013 9000", "client-digest", "this is my shop's number", clock) == 1
    assert not lookup(uow, "13900139000", now=NOW).known
    with uow:
        [report] = uow.indicators.open_reports()
        assert uow.indicators.get(indicator_id).review is ReviewState.UNDER_REVIEW  # type: ignore[union-attr]
    assert report.source is ReportSource.PUBLIC and report.reason == "this is my shop's number"
    store.decide_indicator(uow, indicator_id, "supervisor-c", False, POLICY, clock, "shop's line")
    with uow:
        assert uow.indicators.open_reports() == []
    assert not lookup(uow, "13900139000", now=NOW).known
    assert actions(uow)[-2:] == ["indicator.reported", "indicator.rejected"]


def test_widening_the_sharing_sends_it_back_to_review_and_removal_is_final(
    uow: UnitOfWork,
) -> None:
    clock = Clock()
    indicator_id = propose(uow, "13700137000", sharing="unit")
    store.decide_indicator(uow, indicator_id, "supervisor-b", True, POLICY, clock)
    noted = store.edit_indicator(uow, indicator_id, "officer-a", clock, note="seen twice")
    assert noted.review is ReviewState.CONFIRMED
    widened = store.edit_indicator(uow, indicator_id, "officer-a", clock, sharing="national")
    assert widened.review is ReviewState.PROPOSED and widened.reviewer is None
    assert not lookup(uow, "13700137000", now=NOW).known
    store.remove_indicator(uow, indicator_id, "supervisor-b", "number reassigned", clock)
    with pytest.raises(InvalidTransition):
        store.decide_indicator(uow, indicator_id, "supervisor-b", True, POLICY, clock)
    assert actions(uow)[-3:] == ["indicator.edited", "indicator.edited", "indicator.removed"]


def test_an_import_stores_the_good_rows_and_names_each_bad_one(uow: UnitOfWork) -> None:
    propose(uow, "13600136000")
    text = (
        "kind,value,category,sharing_level,note\n"
        "phone,136 0013 6000,fraud,national,already known\n"
        "domain,Evil-Shop.com,phishing,national,\n"
        "fax,123,fraud,national,\n"
        "phone,13500135000,fraud,galaxy,\n"
        "url,https://pay.evil-shop.com/x,phishing,unit,link\n"
        "domain,evil-shop.com,fraud,unit,twice\n"
    )
    report = exchange.import_rows(uow, exchange.read_csv(text), "000000", "desk", lambda: NOW)
    assert [(i.kind, i.value) for i in report.added] == [
        ("domain", "evil-shop.com"),
        ("url", "https://pay.evil-shop.com/x"),
    ]
    assert [n for n, _ in report.errors] == [1, 3, 4, 6]
    assert "fax" in report.errors[1][1] and "galaxy" in report.errors[2][1]
    with uow:
        stored = {(i.kind, i.value): i.review for i in uow.indicators.all()}
    assert len(stored) == 3 and set(stored.values()) == {ReviewState.PROPOSED}


def test_a_stix_bundle_round_trips_kinds_categories_and_levels(uow: UnitOfWork) -> None:
    text = (
        "kind,value,category,sharing_level\n"
        "phone,13312345678,fraud,national\n"
        "qq,12345678,gambling,province\n"
        "domain,bad.example,phishing,unit\n"
        "short_link,https://t.cn/abc,fraud,national\n"
    )
    first = exchange.import_rows(uow, exchange.read_csv(text), "000000", "desk", lambda: NOW)
    assert not first.errors
    bundle = exchange.export_stix(first.added)
    parsed = json.loads(bundle)
    assert parsed["type"] == "bundle" and {o["spec_version"] for o in parsed["objects"]} == {"2.1"}
    assert "[domain-name:value = 'bad.example']" in {o["pattern"] for o in parsed["objects"]}
    rows = exchange.read_stix(bundle)
    expected = {(i.kind, i.value, i.category.value, i.sharing_level.value) for i in first.added}
    assert {(r.kind, r.value, r.category, r.sharing) for r in rows if not isinstance(r, tuple)} == (
        expected
    )
    parsed["objects"].append({"type": "indicator", "pattern": "[broken"})
    rows = exchange.read_stix(json.dumps(parsed))
    again = exchange.import_rows(uow, rows, "110000", "x", Clock())
    assert [n for n, _ in again.errors] == [5]
    assert len(again.added) == 4  # another unit may hold the same values


def test_a_unit_level_indicator_is_matched_only_on_the_units_own_clues(uow: UnitOfWork) -> None:
    clock = Clock()
    beijing = propose(uow, "13811112222", sharing="unit", unit="110000")
    shanghai = store.propose_indicator(
        uow, store.Proposal("domain", "scam-shop.cn", "fraud", "310000", "unit", "o"), clock
    )
    for indicator_id in (beijing, shanghai.id or 0):
        store.decide_indicator(uow, indicator_id, "supervisor-b", True, POLICY, clock)
    rows = make_posts(2, seed=3)
    rows[0]["author"]["region"] = "北京市"
    rows[0]["text"] = "高额返利刷单兼职，日结工资，联系 13811112222，官网 scam-shop.cn 先交保证金"
    rows[1]["author"]["region"] = "上海市"
    rows[1]["text"] = "刷单返利，稳赚不赔，先交保证金，登录 scam-shop.cn 充值就返现"
    engine = build_detection(with_classifier=True)
    result = patrol_batch(uow, [parse_post(r) for r in rows], engine, build_triage(), clock)
    matched = {
        p.external_id: {e.rule for e in f.evidence if e.detector == "indicators"}
        for p, f in result.findings
    }
    # each unit's own indicator on its own clue; the other's is not matched there
    assert matched == {"p-000000": {"phone:13811112222"}, "p-000001": {"domain:scam-shop.cn"}}


def test_a_batch_naming_a_thousand_values_still_finds_the_stored_one(uow: UnitOfWork) -> None:
    propose(uow, "13899990000")
    named = [f"1{n:010d}" for n in range(1000)] + ["13899990000"]
    with uow:
        found = uow.indicators.with_values(named)
    assert [i.value for i in found] == ["13899990000"]
