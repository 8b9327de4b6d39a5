"""SQLAlchemy storage for units, console accounts and their sessions."""

from __future__ import annotations

import copy
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from netpatrol.adapters.db import mapping
from netpatrol.adapters.db.tables.core import SessionRow, UnitRow, UserRow
from netpatrol.domain.units import Unit
from netpatrol.domain.users import Role, SessionKind, User, UserSession
from netpatrol.services.ports import Conflict


def _user(row: UserRow) -> User:
    return User(
        username=row.username,
        display_name=row.display_name,
        role=Role(row.role),
        unit_id=row.unit_id,
        password_hash=row.password_hash,
        created_at=row.created_at,
        active=row.active,
        locale=row.locale,
        id=row.id,
    )


def _fill(row: UserRow, user: User) -> None:
    row.username = user.username
    row.display_name = user.display_name
    row.role = user.role.value
    row.unit_id = user.unit_id
    row.password_hash = user.password_hash
    row.created_at = user.created_at
    row.active = user.active
    row.locale = user.locale


class SqlUsers:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, user: User) -> User:
        row = UserRow()
        _fill(row, user)
        self.session.add(row)
        try:
            self.session.flush()
        except IntegrityError as exc:
            raise Conflict(f"user {user.username} already exists") from exc
        user.id = row.id
        return user

    def get(self, user_id: int) -> User | None:
        row = self.session.get(UserRow, user_id)
        return _user(row) if row else None

    def by_username(self, username: str) -> User | None:
        row = self.session.scalar(select(UserRow).where(UserRow.username == username))
        return _user(row) if row else None

    def all(self) -> list[User]:
        return [_user(r) for r in self.session.scalars(select(UserRow).order_by(UserRow.id))]

    def update(self, user: User) -> None:
        row = self.session.get(UserRow, user.id)
        if row is None:
            raise LookupError(f"user {user.id} is not stored")
        _fill(row, user)
        self.session.flush()


class SqlSessions:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, entry: UserSession) -> UserSession:
        row = SessionRow(
            token_sha256=entry.token_sha256,
            user_id=entry.user_id,
            kind=entry.kind.value,
            csrf_token=entry.csrf_token,
            created_at=entry.created_at,
            expires_at=entry.expires_at,
        )
        self.session.add(row)
        self.session.flush()
        entry.id = row.id
        return entry

    def by_token(self, token_sha256: str) -> UserSession | None:
        row = self.session.scalar(select(SessionRow).where(SessionRow.token_sha256 == token_sha256))
        if row is None:
            return None
        return UserSession(
            token_sha256=row.token_sha256,
            user_id=row.user_id,
            kind=SessionKind(row.kind),
            csrf_token=row.csrf_token,
            created_at=row.created_at,
            expires_at=row.expires_at,
            id=row.id,
        )

    def remove(self, token_sha256: str) -> None:
        self.session.execute(delete(SessionRow).where(SessionRow.token_sha256 == token_sha256))

    def remove_for_user(self, user_id: int) -> None:
        self.session.execute(delete(SessionRow).where(SessionRow.user_id == user_id))


class SqlUnits:
    """Units, read once a transaction: a clue page asks for them ten times over."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._all: list[Unit] | None = None

    def _read(self) -> list[Unit]:
        if self._all is None:
            rows = self.session.scalars(select(UnitRow).order_by(UnitRow.id)).all()
            codes = {r.id: r.code for r in rows}
            self._all = [mapping.unit_from_row(r, codes) for r in rows]
        return self._all

    def all(self) -> list[Unit]:
        return [copy.copy(u) for u in self._read()]

    def get(self, unit_id: int) -> Unit | None:  # a copy of the one, not of every unit
        found = next((u for u in self._read() if u.id == unit_id), None)
        return copy.copy(found) if found is not None else None

    def upsert(self, units: Sequence[Unit]) -> tuple[int, int]:
        self._all = None
        by_code = {r.code: r for r in self.session.scalars(select(UnitRow))}
        added = updated = 0
        for unit in units:  # parents come before children in the shipped data
            parent = by_code.get(unit.parent_code or "")
            if unit.parent_code and parent is None:
                raise ValueError(f"unit {unit.code} names an unknown parent {unit.parent_code}")
            values = {
                "name": unit.name,
                "full_name": unit.full_name,
                "level": unit.level.value,
                "parent_id": parent.id if parent is not None else None,
                "region_codes": list(unit.region_codes),
                "among_first_50": unit.among_first_50,
                "channel_accounts": dict(unit.channel_accounts),
            }
            row = by_code.get(unit.code)
            if row is None:
                row = UnitRow(code=unit.code, **values)
                self.session.add(row)
                by_code[unit.code] = row
                added += 1
            elif any(getattr(row, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(row, key, value)
                updated += 1
            self.session.flush()
        self.session.flush()
        return added, updated
