"""The agency directory's edits: one contract for the in-memory twin
and the SQL adapter, and the directory service on each."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from netpatrol.domain.agencies import Agency, AgencyKind, Channel
from netpatrol.domain.errors import RuleViolation
from netpatrol.services.agencies import directory
from netpatrol.services.ports import UnitOfWork

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
EDIT = Agency(
    "440000-telecom", "广东省通信管理局", AgencyKind.TELECOM, "440000", Channel.EMAIL, "a@gdca.cn"
)


def test_edits_replace_their_entry_and_only_a_commit_keeps_them(uow: UnitOfWork) -> None:
    with uow:
        assert uow.agencies.upsert(EDIT, "gd-admin", NOW) is True
        uow.rollback()
    with uow:
        assert uow.agencies.edits() == []
        assert uow.agencies.upsert(EDIT, "gd-admin", NOW) is True
        moved = Agency(
            EDIT.code, EDIT.name, EDIT.kind, EDIT.province, Channel.WEBHOOK, "https://h.cn/r"
        )
        assert uow.agencies.upsert(moved, "gd-admin", NOW) is False
        uow.commit()
    with uow:
        assert uow.agencies.edits() == [moved]


def test_the_directory_service_audits_each_edit(uow: UnitOfWork) -> None:
    assert directory.set_entry(uow, EDIT, "gd-admin", lambda: NOW) is False  # shipped already
    [entry] = [a for a in directory.list_agencies(uow, "440100") if a.code == EDIT.code]
    assert entry.address == "a@gdca.cn"
    with uow:
        [audit] = uow.audit.for_subject("agency", EDIT.code)
    assert (
        audit.action == "agency.edited"
        and audit.actor == "gd-admin"
        and audit.after
        and audit.after["address"] == "a@gdca.cn"
    )
    with pytest.raises(RuleViolation):
        directory.set_entry(
            uow, Agency("x-1", "某局", AgencyKind.HEALTH, "999999", Channel.EMAIL), "a", lambda: NOW
        )
