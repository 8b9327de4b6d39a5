"""Who acts in a use case that needs a role: the signed-in principal, or staff named by a
script (the simulated day). Four-eyes rules and unit scope are checked against it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from netpatrol.domain.errors import PermissionDenied
from netpatrol.domain.users import GRANTS, Permission, Role


class Acting(Protocol):
    @property
    def name(self) -> str: ...

    def may(self, permission: Permission) -> bool: ...

    def owns(self, unit_id: int) -> bool: ...


@dataclass(frozen=True)
class Staff:
    """A named member of staff with a role, for every unit (`units` None) or some."""

    username: str
    role: Role
    units: frozenset[int] | None = None

    @property
    def name(self) -> str:
        return self.username

    def may(self, permission: Permission) -> bool:
        return permission in GRANTS[self.role]

    def owns(self, unit_id: int) -> bool:
        return self.units is None or unit_id in self.units


def require(actor: Acting, permission: Permission, what: str) -> None:
    if not actor.name.strip():
        raise PermissionDenied("say who does it")
    if not actor.may(permission):
        raise PermissionDenied(f"{actor.name} may not {what} (needs {permission.value})")


def require_unit(actor: Acting, unit_id: int, name: str) -> None:
    if not actor.owns(unit_id):
        raise PermissionDenied(f"{name} is outside {actor.name}'s units")
