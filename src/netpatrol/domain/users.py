"""Accounts of the people who work the console (用户), their roles and what they may see."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from netpatrol.domain.categories import SharingLevel
from netpatrol.domain.units import Unit, UnitLevel


class Role(StrEnum):
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    UNIT_ADMIN = "unit_admin"
    NATIONAL_DESK = "national_desk"
    AUDITOR = "auditor"


class Permission(StrEnum):
    READ = "read"
    WORK = "work"  # claim, release, warn, take down, dismiss
    APPROVE = "approve"  # the second pair of eyes on cases and referrals
    ADMINISTER = "administer"  # legal catalogue, indicators, accounts
    AUDIT = "audit"  # the full audit log and reads of personal data
    CONTACT = "contact"  # open a reporter's sealed contact (every opening is audited)


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.OFFICER: frozenset({Permission.READ, Permission.WORK}),
    Role.SUPERVISOR: frozenset(
        {Permission.READ, Permission.WORK, Permission.APPROVE, Permission.CONTACT}
    ),
    Role.UNIT_ADMIN: frozenset(
        {
            Permission.READ,
            Permission.WORK,
            Permission.APPROVE,
            Permission.ADMINISTER,
            Permission.CONTACT,
        }
    ),
    Role.NATIONAL_DESK: frozenset(
        {
            Permission.READ,
            Permission.WORK,
            Permission.APPROVE,
            Permission.ADMINISTER,
            Permission.CONTACT,
        }
    ),
    Role.AUDITOR: frozenset({Permission.READ, Permission.AUDIT}),
}

USERNAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-")


@dataclass
class User:
    username: str
    display_name: str
    role: Role
    unit_id: int
    password_hash: str
    created_at: datetime
    active: bool = True
    locale: str = "zh_CN"
    id: int | None = None

    def may(self, permission: Permission) -> bool:
        return self.active and permission in GRANTS[self.role]


def valid_username(name: str) -> bool:
    return 2 <= len(name) <= 64 and set(name) <= USERNAME_CHARS and name[0].isalnum()


@dataclass(frozen=True)
class Visibility:
    """The clues a user may see: those of the units in `own` (None: every unit), and those
    other units shared at province level from `province`, or at national level."""

    own: frozenset[int] | None
    province: frozenset[int]

    def allows(self, unit_id: int, sharing: SharingLevel) -> bool:
        if self.own is None or unit_id in self.own or sharing is SharingLevel.NATIONAL:
            return True
        return sharing is SharingLevel.PROVINCE and unit_id in self.province


def visibility(user: User, units: Sequence[Unit]) -> Visibility:
    """Officers and supervisors of a city see their unit; province and national roles see
    the units below them too. Sharing levels open the rest (SPEC M9)."""
    by_id = {u.id: u for u in units if u.id is not None}
    home = by_id.get(user.unit_id)
    if home is None:
        return Visibility(frozenset(), frozenset())
    if home.level is UnitLevel.NATIONAL:
        return Visibility(None, frozenset())
    by_code = {u.code: u for u in units}
    own = frozenset(i for i, u in by_id.items() if within(u, home, by_code))
    province = _province_of(home, by_code)
    shared = (
        frozenset(i for i, u in by_id.items() if within(u, province, by_code))
        if province is not None
        else frozenset()
    )
    return Visibility(own, shared)


def units_below(root: Unit, units: Iterable[Unit]) -> list[Unit]:
    """The unit and every unit under it."""
    pool = list(units)
    by_code = {u.code: u for u in pool}
    return [u for u in pool if within(u, root, by_code)]


def within(unit: Unit, root: Unit, by_code: dict[str, Unit]) -> bool:
    """Whether `unit` is `root` or lies under it."""
    current: Unit | None = unit
    while current is not None:
        if current.code == root.code:
            return True
        current = by_code.get(current.parent_code or "")
    return False


def _province_of(unit: Unit, by_code: dict[str, Unit]) -> Unit | None:
    current: Unit | None = unit
    while current is not None:
        if current.level is UnitLevel.PROVINCE:
            return current
        current = by_code.get(current.parent_code or "")
    return None


class SessionKind(StrEnum):
    BROWSER = "browser"
    API = "api"


@dataclass
class UserSession:
    """A signed-in browser (cookie) or an API token; the secret itself is never stored."""

    token_sha256: str
    user_id: int
    kind: SessionKind
    csrf_token: str
    created_at: datetime
    expires_at: datetime
    id: int | None = None
