"""What a finding can be about, and how serious it is."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    """Categories of illegal content (SPEC M3); `normal` and `ad` are not findings."""

    NORMAL = "normal"
    AD = "ad"
    FRAUD = "fraud"
    PHISHING = "phishing"
    GAMBLING = "gambling"
    DRUGS = "drugs"
    GUNS = "guns"
    EXPLOSIVES = "explosives"
    PORNOGRAPHY = "pornography"
    FAKE_DOCUMENTS = "fake_documents"
    INSULT = "insult"
    RUMOUR = "rumour"

    @property
    def is_violation(self) -> bool:
        return self not in BENIGN


BENIGN = frozenset({Category.NORMAL, Category.AD})


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    def lowered(self) -> Severity:
        return _SEVERITIES[max(_SEVERITY_RANK[self] - 1, 0)]


# looked up, not worked out from the enum each time: every finding asks for both
_SEVERITIES = tuple(Severity)
_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(_SEVERITIES)}


class SharingLevel(StrEnum):
    """Who beyond the owning unit may see a clue or indicator (SPEC M9)."""

    UNIT = "unit"
    PROVINCE = "province"
    NATIONAL = "national"


CATEGORY_NAMES_ZH: dict[Category, str] = {
    Category.NORMAL: "正常",
    Category.AD: "广告",
    Category.FRAUD: "网络诈骗",
    Category.PHISHING: "钓鱼木马",
    Category.GAMBLING: "网络赌博",
    Category.DRUGS: "涉毒",
    Category.GUNS: "涉枪",
    Category.EXPLOSIVES: "涉爆",
    Category.PORNOGRAPHY: "淫秽色情",
    Category.FAKE_DOCUMENTS: "伪造证件票据",
    Category.INSULT: "侮辱诽谤",
    Category.RUMOUR: "谣言",
}
