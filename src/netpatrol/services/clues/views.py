"""Saved views of the queue: a user's named filters, kept, listed and deleted by them.
Each change is audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from netpatrol.domain.errors import NotFound, RuleViolation
from netpatrol.domain.views import MAX_VIEWS, SavedView
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork

Clock = Callable[[], datetime]


def list_views(uow: UnitOfWork, username: str) -> list[SavedView]:
    with uow:
        return uow.saved_views.for_user(username)


def save_view(
    uow: UnitOfWork, username: str, name: str, filters: dict[str, str], clock: Clock
) -> SavedView:
    """Keep the queue's filters under a name; a name the user already has is refused."""
    now = clock()
    view = SavedView(username, name, filters, now)
    with uow:
        mine = uow.saved_views.for_user(username)
        if any(v.name == view.name for v in mine):
            raise RuleViolation(
                f"you already have a view named {view.name}",
                rule="view.name_taken",
                zh=f"已有名为“{view.name}”的视图",
            )
        if len(mine) >= MAX_VIEWS:
            raise RuleViolation(
                f"at most {MAX_VIEWS} saved views each",
                rule="view.too_many",
                zh=f"每人最多保存 {MAX_VIEWS} 个视图",
            )
        uow.saved_views.add(view)
        record(
            uow,
            actor=username,
            action="view.saved",
            subject_type="saved_view",
            subject_id=view.id,
            at=now,
            after={"name": view.name, "filters": view.filters},
        )
        uow.commit()
    return view


def delete_view(uow: UnitOfWork, username: str, view_id: int, clock: Clock) -> None:
    """Delete one of the user's own views (another's reads as missing)."""
    with uow:
        view = uow.saved_views.get(view_id)
        if view is None or view.username != username:
            raise NotFound(f"saved view {view_id} does not exist", zh=f"视图 {view_id} 不存在")
        uow.saved_views.delete(view_id)
        record(
            uow,
            actor=username,
            action="view.deleted",
            subject_type="saved_view",
            subject_id=view_id,
            at=clock(),
            before={"name": view.name, "filters": view.filters},
        )
        uow.commit()
