"""The indicator's review as a table, its term by kind, and which clues may match it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from netpatrol.domain.categories import Category, SharingLevel
from netpatrol.domain.errors import InvalidTransition, PermissionDenied
from netpatrol.domain.indicators import (
    REVIEW_TRANSITIONS,
    ExpiryPolicy,
    KnownIndicator,
    ReviewState,
    matched_on_clue,
)

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
POLICY = ExpiryPolicy.from_data({"indicators": {"expiry_days": {"phone": 180, "url": 30}}})


def proposed(kind: str = "phone", sharing: SharingLevel = SharingLevel.NATIONAL) -> KnownIndicator:
    return KnownIndicator(kind, "x", Category.FRAUD, 7, sharing, NOW, proposer="officer")


@pytest.mark.parametrize("start", list(ReviewState))
@pytest.mark.parametrize("end", list(ReviewState))
def test_only_the_tables_edges_are_taken(start: ReviewState, end: ReviewState) -> None:
    indicator = proposed()
    indicator.review = start
    if end in REVIEW_TRANSITIONS[start]:
        indicator.move_to(end, NOW)
        assert indicator.review is end
    else:
        with pytest.raises(InvalidTransition):
            indicator.move_to(end, NOW)


def test_the_term_follows_the_kind_and_a_renewal_starts_a_new_one() -> None:
    url, phone = proposed("url"), proposed("phone")
    with pytest.raises(PermissionDenied):
        url.decide("officer", True, POLICY, NOW)
    url.decide("supervisor", True, POLICY, NOW)
    phone.decide("supervisor", True, POLICY, NOW)
    assert url.expires_at == NOW + timedelta(days=30)
    assert phone.expires_at == NOW + timedelta(days=180)
    later = NOW + timedelta(days=31)
    assert not url.in_force(later) and url.is_public(NOW)
    url.renew(POLICY, later)
    assert url.in_force(later) and url.expires_at == later + timedelta(days=30)
    assert ExpiryPolicy.from_data({}).expires("qq", NOW) == NOW + timedelta(days=90)


def test_a_narrower_sharing_level_keeps_it_from_the_public_and_sends_it_to_review() -> None:
    indicator = proposed()
    indicator.decide("supervisor", True, POLICY, NOW)
    indicator.edit(Category.FRAUD, SharingLevel.NATIONAL, "a note", NOW)
    assert indicator.review is ReviewState.CONFIRMED
    indicator.edit(Category.FRAUD, SharingLevel.UNIT, "a note", NOW)
    assert indicator.review is ReviewState.PROPOSED and not indicator.is_public(NOW)


def test_the_sharing_level_decides_which_clues_may_match() -> None:
    province_of = {7: 1, 8: 1, 9: 2}.get
    unit, province, national = (
        proposed(sharing=SharingLevel.UNIT),
        proposed(sharing=SharingLevel.PROVINCE),
        proposed(sharing=SharingLevel.NATIONAL),
    )
    assert matched_on_clue(unit, {7}, province_of) and not matched_on_clue(unit, {8}, province_of)
    assert matched_on_clue(province, {8}, province_of)
    assert not matched_on_clue(province, {9}, province_of)
    assert matched_on_clue(national, {9}, province_of)
