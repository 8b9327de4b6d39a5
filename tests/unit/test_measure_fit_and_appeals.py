"""The rules of issue 13 in the domain: legal bases that fit, one live measure of a kind per
clue, and appeals decided by someone who had no hand in the measure."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from netpatrol.bootstrap import build_catalogue, load_policy
from netpatrol.domain.appeals import appeal_of, decide_appeal, escalate_appeal, file_appeal
from netpatrol.domain.categories import Category, Severity
from netpatrol.domain.errors import InForce, InvalidTransition, PermissionDenied, RuleViolation
from netpatrol.domain.legal import check_fit
from netpatrol.domain.measures import Measure, MeasureKind, MeasureStatus, check_none_live
from netpatrol.domain.policy import MeasurePolicy

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
LATIN = re.compile(r"[A-Za-z]")


def measure(kind: MeasureKind, status: MeasureStatus, approver: str | None = None) -> Measure:
    return Measure(1, kind, ["CL-303"], "officer-a", NOW, status, approver=approver, id=7)


def test_the_gambling_article_comes_first_for_a_gambling_warning() -> None:
    fitting = build_catalogue().fitting("gambling", "warning")
    assert fitting[0].code == "CL-303"
    assert "CSL-47" not in [b.code for b in fitting]  # the operators' duty: takedowns only


def test_every_violation_can_be_warned_taken_down_and_opened_as_a_case() -> None:
    catalogue = build_catalogue()
    for category in (c for c in Category if c.is_violation):
        for kind in ("warning", "takedown", "case", "referral"):
            assert catalogue.fitting(category.value, kind), (category, kind)
        assert catalogue.fitting(category.value, "dismissal") == []


def test_a_basis_that_does_not_fit_is_refused_in_both_languages() -> None:
    catalogue = build_catalogue()
    check_fit(catalogue.resolve(["CL-303"]), "gambling", "warning")
    with pytest.raises(RuleViolation) as refused:
        check_fit(catalogue.resolve(["CL-266", "CL-303"]), "gambling", "warning")
    assert refused.value.rule == "legal_basis_fits"
    assert "CL-266" in str(refused.value) and "CL-303" not in str(refused.value)
    assert "不适用" in refused.value.zh
    with pytest.raises(RuleViolation):
        check_fit(catalogue.resolve(["CSL-47"]), "fraud", "warning")


def test_what_a_citizen_reads_of_a_basis_is_chinese_only() -> None:
    for basis in build_catalogue():
        assert basis.covers_zh and not LATIN.search(basis.covers_zh), basis.code
    assert build_catalogue().resolve(["CL-303"])[0].covers_zh == "赌博罪、开设赌场罪"


def test_one_live_measure_of_a_kind_per_clue() -> None:
    sent = measure(MeasureKind.WARNING, MeasureStatus.SENT)
    with pytest.raises(InForce) as refused:
        check_none_live([sent], MeasureKind.WARNING)
    assert refused.value.rule == "one_live_measure_per_kind"
    check_none_live([sent], MeasureKind.TAKEDOWN)
    for status in (MeasureStatus.HEEDED, MeasureStatus.APPEALED, MeasureStatus.ACKNOWLEDGED):
        with pytest.raises(InForce):
            check_none_live([measure(MeasureKind.WARNING, status)], MeasureKind.WARNING)
    for status in (MeasureStatus.WITHDRAWN, MeasureStatus.ESCALATED):
        check_none_live([measure(MeasureKind.WARNING, status)], MeasureKind.WARNING)


def test_an_appeal_is_decided_by_neither_the_actor_nor_the_approver() -> None:
    taken = measure(MeasureKind.TAKEDOWN, MeasureStatus.CONFIRMED, approver="supervisor-a")
    appeal = file_appeal(taken, "这是新闻转载", "recipient:u1", NOW, 7)
    assert taken.status is MeasureStatus.APPEALED and appeal.due_at == NOW + timedelta(days=7)
    for insider in ("officer-a", "supervisor-a"):
        with pytest.raises(PermissionDenied) as refused:
            decide_appeal(taken, insider, True, "理由", NOW)
        assert refused.value.rule == "appeal_decided_by_another"
    with pytest.raises(RuleViolation):
        decide_appeal(taken, "supervisor-b", False, "  ", NOW)
    assert taken.status is MeasureStatus.APPEALED
    decided = decide_appeal(taken, "supervisor-b", False, "内容确属违法", NOW)
    assert taken.status is MeasureStatus.CONFIRMED  # the measure stands as it was
    assert decided.decided_by == "supervisor-b" and appeal_of(taken) == decided
    with pytest.raises(InvalidTransition):
        file_appeal(taken, "再次申诉", "recipient:u1", NOW, 7)


def test_an_upheld_appeal_withdraws_a_dismissal() -> None:
    dismissal = measure(MeasureKind.DISMISSAL, MeasureStatus.RECORDED)
    with pytest.raises(RuleViolation):
        file_appeal(dismissal, "", "reporter:1", NOW, 7)
    file_appeal(dismissal, "确有诈骗内容", "reporter:1", NOW, 3)
    decide_appeal(dismissal, "supervisor-b", True, "复核认定违法", NOW)
    assert dismissal.status is MeasureStatus.WITHDRAWN


def test_a_case_cannot_be_appealed_here() -> None:
    with pytest.raises(RuleViolation):
        file_appeal(measure(MeasureKind.CASE, MeasureStatus.APPROVED), "x", "a", NOW, 7)


def test_an_unanswered_appeal_escalates_once_after_its_deadline() -> None:
    warning = measure(MeasureKind.WARNING, MeasureStatus.SENT)
    file_appeal(warning, "不是我发的", "recipient:u1", NOW, 7)
    assert escalate_appeal(warning, NOW + timedelta(days=6)) is None
    escalated = escalate_appeal(warning, NOW + timedelta(days=8))
    assert escalated is not None and escalated.escalated_at == NOW + timedelta(days=8)
    assert escalate_appeal(warning, NOW + timedelta(days=9)) is None


def test_policy_gives_appeal_deadlines_and_sends_a_twice_warned_author_to_a_case() -> None:
    policy = MeasurePolicy.from_data(load_policy())
    assert policy.days_to_answer("warning") == 7 and policy.days_to_answer("case") == 7
    first = policy.default_for("insult", Severity.LOW, 0, 1, warned=0)
    assert first.measure == "warning"
    repeat = policy.default_for("insult", Severity.LOW, 0, 1, warned=2)
    assert repeat.measure == "case" and repeat.approval == "supervisor"
    raw = load_policy()
    raw["measures"]["appeals"] = {"answer_days": {"warning": 0}}
    with pytest.raises(ValueError):
        MeasurePolicy.from_data(raw)


def test_a_warning_appealed_before_deadlines_were_kept_can_still_be_decided() -> None:
    warning = measure(MeasureKind.WARNING, MeasureStatus.APPEALED)
    warning.recipient, warning.details = "u1", {"appeal": "这是新闻转载"}
    appeal = appeal_of(warning)
    assert appeal is not None and appeal.due_at == NOW + timedelta(days=7)
    decided = decide_appeal(warning, "supervisor-b", False, "维持警示", NOW)
    assert warning.status is MeasureStatus.SENT and decided.grounds == "这是新闻转载"
