"""Known indicators, looked up by canonical value."""

from __future__ import annotations

from collections.abc import Iterable

from netpatrol.detect.indicators.canonical import _mobile, canonical
from netpatrol.detect.indicators.kinds import Indicator, IndicatorKind


class IndicatorStore:
    """Known indicators (known scam numbers, domains, accounts) from the shared store.

    Matching is by (kind, canonical value); a DOMAIN entry also matches any subdomain of it,
    and a PHONE entry also matches a WECHAT or ALIPAY indicator with the same digits. When
    one (kind, value) is given twice, the later category wins.
    """

    def __init__(self, entries: Iterable[tuple[str, str, str]]) -> None:
        self._entries: dict[tuple[IndicatorKind, str], str] = {}
        for kind_name, value, category in entries:
            try:
                kind = IndicatorKind(kind_name.strip().lower())
            except ValueError:
                raise ValueError(f"unknown indicator kind {kind_name!r}") from None
            self._entries[(kind, canonical(kind, value))] = category

    def __len__(self) -> int:
        return len(self._entries)

    def match(self, indicator: Indicator) -> str | None:
        """The category of the known entry the indicator matches, or None."""
        entries = self._entries
        category = entries.get((indicator.kind, indicator.value))
        if category is not None:
            return category
        if indicator.kind is IndicatorKind.DOMAIN:
            host = indicator.value
            while host.count(".") > 1:
                host = host.split(".", 1)[1]
                category = entries.get((IndicatorKind.DOMAIN, host))
                if category is not None:
                    return category
        elif indicator.kind in (IndicatorKind.WECHAT, IndicatorKind.ALIPAY) and _mobile(
            indicator.value
        ):
            return entries.get((IndicatorKind.PHONE, indicator.value))
        return None
