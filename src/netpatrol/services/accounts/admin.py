"""Account administration from the console (账号管理): a unit admin manages the accounts of
its unit and the units below it, the national desk every account. Creating and closing go
through the same use cases as the command line; a password reset and a change of role end
the account's sessions, and each is audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from netpatrol.domain.errors import NotFound, PermissionDenied, RuleViolation
from netpatrol.domain.units import Unit
from netpatrol.domain.users import Permission, Role, User
from netpatrol.services.accounts import users
from netpatrol.services.accounts.users import MIN_PASSWORD, Principal, authorize_unit, hasher
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork

Clock = Callable[[], datetime]
# roles with reach over every unit, or over the audit log: granted by the national desk only
NATIONAL_ROLES = frozenset({Role.NATIONAL_DESK, Role.AUDITOR})


def grantable(principal: Principal) -> list[Role]:
    """The roles this administrator may give."""
    if principal.user.role is Role.NATIONAL_DESK:
        return list(Role)
    return [r for r in Role if r not in NATIONAL_ROLES]


def accounts_for(uow: UnitOfWork, principal: Principal) -> list[tuple[User, Unit]]:
    """The accounts this administrator manages, by unit then name."""
    principal.require(Permission.ADMINISTER)
    with uow:
        units = {u.id: u for u in uow.units.all()}
        found = [(u, units[u.unit_id]) for u in uow.users.all() if principal.owns(u.unit_id)]
    return sorted(found, key=lambda pair: (pair[1].code, pair[0].username))


def _grant(principal: Principal, role: Role) -> None:
    if role not in grantable(principal):
        raise PermissionDenied(f"only the national desk gives the role {role.value}")


def create(
    uow: UnitOfWork,
    principal: Principal,
    *,
    username: str,
    password: str,
    role: Role,
    unit_code: str,
    display_name: str,
    clock: Clock,
) -> User:
    authorize_unit(uow, principal, unit_code)
    _grant(principal, role)
    return users.add_user(
        uow,
        username=username,
        password=password,
        role=role,
        unit_code=unit_code,
        display_name=display_name,
        actor=principal.name,
        clock=clock,
    )


def _managed(uow: UnitOfWork, principal: Principal, username: str) -> User:
    principal.require(Permission.ADMINISTER)
    with uow:
        user = uow.users.by_username(username)
    if user is None or user.id is None or not principal.owns(user.unit_id):
        raise NotFound(f"user {username} does not exist")
    if user.username == principal.name:
        raise RuleViolation("another administrator changes your own account")
    return user


def disable(uow: UnitOfWork, principal: Principal, username: str, clock: Clock) -> User:
    _managed(uow, principal, username)
    return users.close_user(uow, username, principal.name, clock)


def reset_password(
    uow: UnitOfWork, principal: Principal, username: str, password: str, clock: Clock
) -> User:
    """A new password chosen by the administrator; the account signs in anew."""
    if len(password) < MIN_PASSWORD:
        raise RuleViolation(f"a password needs at least {MIN_PASSWORD} characters")
    user = _managed(uow, principal, username)
    with uow:
        user.password_hash = hasher.hash(password)
        uow.users.update(user)
        uow.sessions.remove_for_user(user.id or 0)
        record(
            uow,
            actor=principal.name,
            action="user.password_reset",
            subject_type="user",
            subject_id=username,
            at=clock(),
            unit_id=user.unit_id,
        )
        uow.commit()
    return user


def change_role(
    uow: UnitOfWork, principal: Principal, username: str, role: Role, clock: Clock
) -> User:
    user = _managed(uow, principal, username)
    _grant(principal, role)
    if user.role in NATIONAL_ROLES:
        _grant(principal, user.role)
    before = user.role
    if before is role:
        return user
    with uow:
        user.role = role
        uow.users.update(user)
        uow.sessions.remove_for_user(user.id or 0)
        record(
            uow,
            actor=principal.name,
            action="user.role_changed",
            subject_type="user",
            subject_id=username,
            at=clock(),
            unit_id=user.unit_id,
            before={"role": before.value},
            after={"role": role.value},
        )
        uow.commit()
    return user
