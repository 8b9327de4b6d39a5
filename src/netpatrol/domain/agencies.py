"""Partner agencies (联动单位): the departments a unit refers what is not police work to,
and the answers a referral takes from them, as a table."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum

from netpatrol.domain.errors import InvalidTransition, RuleViolation
from netpatrol.domain.measures import MeasureStatus

EMAIL = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,}$")
URL = re.compile(r"^https?://[^\s/]+(/\S*)?$")
MAX_TEXT = 2000


class AgencyKind(StrEnum):
    MARKET = "market_regulation"  # 市场监督管理
    TELECOM = "telecom"  # 通信管理
    CYBERSPACE = "cyberspace"  # 网信
    BANK = "bank_antifraud"  # 银行反诈
    EDUCATION = "education"  # 教育
    HEALTH = "health"  # 卫生健康


class Channel(StrEnum):
    EMAIL = "email"
    WEBHOOK = "webhook"


@dataclass(frozen=True)
class Agency:
    """One entry of the directory; `province` is the province unit's code, None for a
    national agency. An entry without an address cannot receive a referral yet."""

    code: str
    name: str
    kind: AgencyKind
    province: str | None
    channel: Channel
    address: str = ""

    def check(self) -> Agency:
        if not re.fullmatch(r"[a-z0-9-]{2,48}", self.code):
            raise RuleViolation("an agency code is 2 to 48 of a-z, 0-9 and '-'", rule="agency_code")
        if not self.name.strip() or len(self.name) > 128:
            raise RuleViolation("an agency has a name of up to 128 characters", rule="agency_name")
        if self.address:
            shape = EMAIL if self.channel is Channel.EMAIL else URL
            if not shape.match(self.address):
                raise RuleViolation(
                    f"{self.address!r} is not a valid {self.channel} address",
                    rule="agency_address",
                    zh="联动单位的地址格式不正确",
                )
        return self


class AgencyDirectory:
    def __init__(self, entries: Iterable[Agency]) -> None:
        self._entries: dict[str, Agency] = {}
        for entry in entries:
            if entry.code in self._entries:
                raise ValueError(f"agency {entry.code} is listed twice")
            self._entries[entry.code] = entry

    def __iter__(self) -> Iterator[Agency]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, code: str) -> Agency | None:
        return self._entries.get(code)

    def overridden(self, edits: Iterable[Agency]) -> AgencyDirectory:
        merged = dict(self._entries)
        for edit in edits:
            merged[edit.code] = edit
        return AgencyDirectory(merged.values())

    def for_province(self, province: str | None) -> list[Agency]:
        """The national agencies and those of the province, national first."""
        return sorted(
            (a for a in self if a.province is None or a.province == province),
            key=lambda a: (a.province is not None, a.kind.value, a.code),
        )

    def resolve(self, code: str, province: str | None) -> Agency:
        """The agency a referral names: from the directory, national or of the unit's
        province, with an address to deliver to."""
        agency = self.get(code.strip())
        if agency is None or agency.province not in (None, province):
            raise RuleViolation(
                f"agency {code!r} is not in the directory for this unit",
                rule="agency_from_directory",
                zh="联动单位须从名录中选择",
            )
        if not agency.address:
            raise RuleViolation(
                f"agency {code} has no {agency.channel} address yet: a unit admin sets it",
                rule="agency_address_required",
                zh="该联动单位尚未配置送达地址，请单位管理员补充",
            )
        return agency


def with_changes(agency: Agency, **changes: object) -> Agency:
    return replace(agency, **changes).check()  # type: ignore[arg-type]


class AgencyAnswer(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"
    DONE = "done"


S = MeasureStatus
ANSWERS: dict[MeasureStatus, dict[AgencyAnswer, MeasureStatus]] = {
    S.SENT: {
        AgencyAnswer.ACCEPTED: S.ACCEPTED,
        AgencyAnswer.DECLINED: S.DECLINED,
        AgencyAnswer.DONE: S.DONE,
    },
    S.ACCEPTED: {AgencyAnswer.DONE: S.DONE, AgencyAnswer.DECLINED: S.DECLINED},
}


def next_status(status: MeasureStatus, answer: AgencyAnswer, text: str) -> MeasureStatus:
    if len(text) > MAX_TEXT:
        raise RuleViolation(f"the text is longer than {MAX_TEXT} characters", rule="text_length")
    if answer is AgencyAnswer.DECLINED and not text.strip():
        raise RuleViolation(
            "a declined referral says why", rule="decline_reason_required", zh="退回须说明理由"
        )
    row = ANSWERS.get(status)
    if row is None or answer not in row:
        raise InvalidTransition(
            f"the referral is {status}: it takes no {answer} answer",
            rule="referral_closed" if row is None else "referral_answer_out_of_turn",
            zh="该移交已结束或当前不接受此答复",
        )
    return row[answer]
