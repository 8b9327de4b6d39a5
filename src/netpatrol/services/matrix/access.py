"""Who may see and change which indicator: the user's sight by sharing level, and changes
only on indicators of the user's units (or below)."""

from __future__ import annotations

from netpatrol.domain.errors import NotFound, PermissionDenied
from netpatrol.domain.indicators import KnownIndicator, ReviewState
from netpatrol.domain.users import Permission
from netpatrol.services.accounts.users import Principal, authorize_clue, missing_as
from netpatrol.services.ports import UnitOfWork
from netpatrol.services.public.report_access import clue_of_report


def visible(principal: Principal, indicator: KnownIndicator) -> bool:
    return principal.visibility.allows(indicator.unit_id, indicator.sharing_level)


def authorize_indicator(
    uow: UnitOfWork, principal: Principal, indicator_id: int, permission: Permission
) -> KnownIndicator:
    """One the user may not see reads as missing; changing one of another unit is refused.
    Reading and reporting a false positive need sight only."""
    principal.require(permission)
    with uow:
        indicator = uow.indicators.get(indicator_id)
    if indicator is None or not visible(principal, indicator):
        raise NotFound(f"indicator {indicator_id} does not exist")
    if permission is not Permission.READ and not principal.owns(indicator.unit_id):
        raise PermissionDenied(f"indicator {indicator_id} belongs to another unit")
    return indicator


def removal_permission(principal: Principal, indicator: KnownIndicator) -> Permission:
    """A proposer may withdraw their own proposal; anything else is a reviewer's call."""
    own = indicator.review is ReviewState.PROPOSED and indicator.proposer == principal.name
    return Permission.WORK if own else Permission.APPROVE


def require_reviewer(uow: UnitOfWork, username: str) -> None:
    """From the command line: the named reviewer is an active account with the supervisor
    or unit admin role (the web checks the signed-in user the same way)."""
    with uow:
        user = uow.users.by_username(username)
    if user is None or not user.may(Permission.APPROVE):
        raise PermissionDenied(
            f"{username} is not an active supervisor or unit admin",
            rule="reviewer_role",
            zh="复核人须为在岗的督导或单位管理员",
        )


def authorize_sources(
    uow: UnitOfWork, principal: Principal, clue_id: int | None, report_id: int | None
) -> None:
    """A proposal may name only a clue, or a report on a clue, the proposer sees: another
    unit's reads exactly like one that is not there, and never names the clue holding it."""
    if clue_id is not None:
        authorize_clue(uow, principal, clue_id, Permission.READ)
    if report_id is not None:
        with missing_as("report", report_id):
            authorize_clue(uow, principal, clue_of_report(uow, report_id), Permission.READ)
