"""What an indicator is: a kind (phone, link, account ...), its span and canonical value."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class IndicatorKind(StrEnum):
    PHONE = "phone"
    LANDLINE = "landline"
    QQ = "qq"
    WECHAT = "wechat"
    URL = "url"
    DOMAIN = "domain"
    SHORT_LINK = "short_link"
    BANK_CARD = "bank_card"
    ALIPAY = "alipay"
    CRYPTO = "crypto"


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator: its kind, canonical value and [start, end) span in the text given."""

    kind: IndicatorKind
    value: str
    start: int
    end: int
