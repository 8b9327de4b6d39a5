"""The scam lookup on the in-memory store: canonical forms, subdomains, public only."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from netpatrol.adapters.memory.uow import MemoryUnitOfWork
from netpatrol.domain.categories import Category, SharingLevel
from netpatrol.domain.errors import RuleViolation
from netpatrol.domain.indicators import KnownIndicator, ReviewState
from netpatrol.services.public.lookup import Mention, lookup


def store(*entries: tuple[str, str, SharingLevel]) -> MemoryUnitOfWork:
    uow = MemoryUnitOfWork()
    with uow:
        for kind, value, sharing in entries:
            uow.indicators.add(
                KnownIndicator(
                    kind,
                    value,
                    Category.FRAUD,
                    1,
                    sharing,
                    datetime.now(UTC),
                    review=ReviewState.CONFIRMED,
                    proposer="officer",
                    reviewer="supervisor",
                )
            )
        uow.commit()
    return uow


def test_a_subdomain_of_a_known_domain_is_known() -> None:
    uow = store(("domain", "evil-shop.com", SharingLevel.NATIONAL))
    found = lookup(uow, "https://Pay.Evil-Shop.com/order?id=1")
    assert found.known and found.category == "fraud"
    assert not lookup(uow, "https://evil-shop.com.example.org/").known


def test_only_nationally_shared_indicators_answer_and_mentions_count() -> None:
    uow = store(
        ("phone", "13800138000", SharingLevel.PROVINCE),
        ("qq", "12345678", SharingLevel.NATIONAL),
    )
    assert not lookup(uow, "138 0013 8000").known
    assert lookup(uow, "12345678").known  # a bare number may be a QQ number
    alert = Mention("刷单诈骗预警", "/alerts/3")
    mentioned = lookup(uow, "13800138000", lambda kind, value: [alert])
    assert mentioned.known and mentioned.mentions == [alert]


@pytest.mark.parametrize("query", ["", "你好世界", "x" * 201])
def test_what_cannot_be_looked_up_is_refused(query: str) -> None:
    with pytest.raises(RuleViolation):
        lookup(store(), query)
