"""The answers a takedown notice takes from its platform and a referral from its agency,
as tables, and the shipped directory of partner agencies."""

from __future__ import annotations

import pytest

from netpatrol import data
from netpatrol.domain.agencies import Agency, AgencyAnswer, AgencyKind, Channel
from netpatrol.domain.agencies import next_status as agency_next
from netpatrol.domain.errors import InvalidTransition, RuleViolation
from netpatrol.domain.measures import TRANSITIONS, MeasureKind, MeasureStatus
from netpatrol.domain.notices import ANSWERS, NoticeAnswer, PlatformAnswer, RefusalReason
from netpatrol.domain.notices import next_status as notice_next
from netpatrol.services.agencies.directory import shipped

S = MeasureStatus


def test_every_answer_is_an_edge_of_the_measure_tables() -> None:
    for frm, row in ANSWERS.items():
        for to in row.values():
            assert to in TRANSITIONS[MeasureKind.TAKEDOWN][frm]
    assert notice_next(S.SENT, PlatformAnswer.REFUSED) is S.REFUSED
    assert notice_next(S.OVERDUE, PlatformAnswer.REMOVED) is S.CONFIRMED
    assert TRANSITIONS[MeasureKind.TAKEDOWN][S.NEEDS_MORE] >= {S.SENT}  # the officer answers


@pytest.mark.parametrize("closed", [S.CONFIRMED, S.REFUSED, S.ESCALATED, S.WITHDRAWN])
def test_a_closed_notice_takes_no_answer(closed: MeasureStatus) -> None:
    with pytest.raises(InvalidTransition) as refused:
        notice_next(closed, PlatformAnswer.REMOVED)
    assert refused.value.rule == "notice_closed"


def test_a_platform_asks_once_before_it_decides() -> None:
    with pytest.raises(InvalidTransition) as refused:
        notice_next(S.NEEDS_MORE, PlatformAnswer.NEEDS_MORE)
    assert refused.value.rule == "notice_answer_out_of_turn"


def test_a_refusal_says_why_and_a_question_is_asked_in_words() -> None:
    with pytest.raises(RuleViolation):
        NoticeAnswer(PlatformAnswer.REFUSED)
    with pytest.raises(RuleViolation):
        NoticeAnswer(PlatformAnswer.NEEDS_MORE, text="  ")
    assert NoticeAnswer(PlatformAnswer.REFUSED, RefusalReason.NOT_FOUND).reason is not None


def test_the_agency_answers() -> None:
    for frm, row in {
        S.SENT: {AgencyAnswer.ACCEPTED, AgencyAnswer.DECLINED, AgencyAnswer.DONE}
    }.items():
        for answer in row:
            assert agency_next(frm, answer, "理由") in TRANSITIONS[MeasureKind.REFERRAL][frm]
    assert agency_next(S.ACCEPTED, AgencyAnswer.DONE, "") is S.DONE
    with pytest.raises(RuleViolation):
        agency_next(S.SENT, AgencyAnswer.DECLINED, "")  # a decline says why
    with pytest.raises(InvalidTransition) as closed:
        agency_next(S.DONE, AgencyAnswer.ACCEPTED, "")
    assert closed.value.rule == "referral_closed"
    with pytest.raises(InvalidTransition):
        agency_next(S.ACCEPTED, AgencyAnswer.ACCEPTED, "")


def test_the_shipped_directory_covers_every_province_and_kind() -> None:
    directory = shipped()
    provinces = {
        u["code"] for u in data.load_json("units.json")["units"] if u["level"] == "province"
    }
    for province in [None, *provinces]:
        kinds = {a.kind for a in directory if a.province == province}
        assert kinds == set(AgencyKind), province
    assert not any(a.address for a in directory)  # the province's admin sets where it goes
    assert {a.province for a in directory.for_province("440000")} == {None, "440000"}


@pytest.mark.parametrize(
    ("channel", "address"),
    [(Channel.EMAIL, "not-an-address"), (Channel.WEBHOOK, "ftp://x.cn"), (Channel.EMAIL, "a@b")],
)
def test_an_address_must_fit_its_channel(channel: Channel, address: str) -> None:
    with pytest.raises(RuleViolation) as refused:
        Agency("gd-x", "某局", AgencyKind.HEALTH, None, channel, address).check()
    assert refused.value.rule == "agency_address"
