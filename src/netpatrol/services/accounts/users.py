"""Console accounts (用户): creation, sign-in, sessions, API tokens and what a user may do."""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher

from netpatrol.domain.errors import NotFound, NotSignedIn, PermissionDenied, RuleViolation
from netpatrol.domain.publications import Publication
from netpatrol.domain.units import Unit
from netpatrol.domain.users import (
    Permission,
    Role,
    SessionKind,
    User,
    UserSession,
    Visibility,
    valid_username,
    visibility,
)
from netpatrol.services.clues.participants import sees, takes_part
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork

Clock = Callable[[], datetime]

BROWSER_LIFETIME = timedelta(hours=12)
API_LIFETIME = timedelta(days=90)
MIN_PASSWORD = 10
LOCALES = ("zh_CN", "en")
hasher = PasswordHasher()


@dataclass(frozen=True)
class Principal:
    """Who is asking, from where, and which clues they may see."""

    user: User
    unit: Unit
    visibility: Visibility
    csrf_token: str
    kind: SessionKind

    @property
    def name(self) -> str:
        return self.user.username

    def may(self, permission: Permission) -> bool:
        return self.user.may(permission)

    def require(self, permission: Permission) -> None:
        if not self.may(permission):
            raise PermissionDenied(f"the role {self.user.role.value} may not {permission.value}")

    def owns(self, unit_id: int) -> bool:
        """Whether the clue's unit is the user's own or below it (work, not just sight)."""
        own = self.visibility.own
        return own is None or unit_id in own


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(
    uow: UnitOfWork,
    *,
    username: str,
    password: str,
    role: Role,
    unit_code: str,
    display_name: str,
    actor: str,
    clock: Clock,
) -> User:
    if not valid_username(username):
        raise RuleViolation(
            "a username is 2-64 lower-case letters, digits, '.', '_' or '-', starting with a "
            "letter or digit"
        )
    if len(password) < MIN_PASSWORD:
        raise RuleViolation(f"a password needs at least {MIN_PASSWORD} characters")
    with uow:
        unit = _unit(uow, unit_code)
        now = clock()
        assert unit.id is not None
        user = User(
            username=username,
            display_name=display_name or username,
            role=role,
            unit_id=unit.id,
            password_hash=hasher.hash(password),
            created_at=now,
        )
        uow.users.add(user)
        record(
            uow,
            actor=actor,
            action="user.created",
            subject_type="user",
            subject_id=username,
            at=now,
            unit_id=unit.id,
            after={"role": role.value, "unit": unit.code},
        )
        uow.commit()
    return user


def close_user(uow: UnitOfWork, username: str, actor: str, clock: Clock) -> User:
    """Close an account: it can no longer sign in, and its sessions and tokens end now."""
    with uow:
        user = uow.users.by_username(username)
        if user is None or user.id is None:
            raise NotFound(f"user {username} does not exist")
        user.active = False
        uow.users.update(user)
        uow.sessions.remove_for_user(user.id)
        record(
            uow,
            actor=actor,
            action="user.closed",
            subject_type="user",
            subject_id=username,
            at=clock(),
            unit_id=user.unit_id,
        )
        uow.commit()
    return user


def issue_api_token(uow: UnitOfWork, username: str, actor: str, clock: Clock) -> str:
    """A bearer token for scripts acting as this user."""
    with uow:
        user = uow.users.by_username(username)
        if user is None:
            raise NotFound(f"user {username} does not exist")
        now = clock()
        token, _ = open_session(uow, user, SessionKind.API, now)
        record(
            uow,
            actor=actor,
            action="user.api_token_issued",
            subject_type="user",
            subject_id=username,
            at=now,
            unit_id=user.unit_id,
        )
        uow.commit()
    return token


def resolve(uow: UnitOfWork, token: str, clock: Clock) -> Principal:
    """The principal behind a cookie or bearer token; NotSignedIn when none is valid."""
    with uow:
        session = uow.sessions.by_token(digest(token)) if token else None
        if session is None or session.expires_at <= clock():
            raise NotSignedIn("sign in first")
        user = uow.users.get(session.user_id)
        if user is None or not user.active:
            raise NotSignedIn("the account is closed")
        units = uow.units.all()
        unit = next(u for u in units if u.id == user.unit_id)
        return Principal(user, unit, visibility(user, units), session.csrf_token, session.kind)


def sign_out(uow: UnitOfWork, token: str, clock: Clock) -> None:
    with uow:
        session = uow.sessions.by_token(digest(token))
        if session is None:
            return
        uow.sessions.remove(session.token_sha256)
        user = uow.users.get(session.user_id)
        record(
            uow,
            actor=user.username if user else "unknown",
            action="user.signed_out",
            subject_type="user",
            subject_id=user.username if user else str(session.user_id),
            at=clock(),
            unit_id=user.unit_id if user else None,
        )
        uow.commit()


def set_locale(uow: UnitOfWork, user_id: int, locale: str, clock: Clock) -> None:
    if locale not in LOCALES:
        raise RuleViolation(f"locale must be one of {', '.join(LOCALES)}")
    with uow:
        user = uow.users.get(user_id)
        if user is None:
            raise NotFound(f"user {user_id} does not exist")
        if user.locale == locale:
            return
        before, user.locale = user.locale, locale
        uow.users.update(user)
        record(
            uow,
            actor=user.username,
            action="user.locale_set",
            subject_type="user",
            subject_id=user.username,
            at=clock(),
            unit_id=user.unit_id,
            before={"locale": before},
            after={"locale": locale},
        )
        uow.commit()


def list_users(uow: UnitOfWork) -> list[User]:
    with uow:
        return uow.users.all()


def open_session(
    uow: UnitOfWork, user: User, kind: SessionKind, now: datetime
) -> tuple[str, UserSession]:
    assert user.id is not None
    token = secrets.token_urlsafe(32)
    lifetime = BROWSER_LIFETIME if kind is SessionKind.BROWSER else API_LIFETIME
    session = UserSession(
        token_sha256=digest(token),
        user_id=user.id,
        kind=kind,
        csrf_token=secrets.token_urlsafe(24),
        created_at=now,
        expires_at=now + lifetime,
    )
    uow.sessions.add(session)
    return token, session


def _unit(uow: UnitOfWork, code: str) -> Unit:
    unit = next((u for u in uow.units.all() if u.code == code), None)
    if unit is None:
        raise NotFound(f"unit {code} does not exist")
    return unit


def authorize_clue(
    uow: UnitOfWork, principal: Principal, clue_id: int, permission: Permission
) -> None:
    """A clue the user may not see reads as missing; one they see but may not work on (a
    neighbour's shared clue, or a read-only role) is refused."""
    principal.require(permission)
    with uow:
        clue = uow.clues.get(clue_id)
        if clue is None or not sees(uow, principal.visibility, clue):
            raise NotFound(f"clue {clue_id} does not exist", zh=f"线索 {clue_id} 不存在")
        if permission is not Permission.READ and not principal.owns(clue.unit_id):
            if takes_part(uow, principal.visibility, clue):
                raise PermissionDenied(
                    f"clue {clue_id} belongs to another unit: a participant reads it, comments "
                    "and sees its measures, the owning unit works it",
                    rule="clue.participant_does_not_work",
                    zh="参与单位可以查看、批注线索并查看处置措施，但只有主办单位可以办理",
                )
            raise PermissionDenied(
                f"clue {clue_id} belongs to another unit", zh=f"线索 {clue_id} 属于其他单位"
            )


def authorize_measure(
    uow: UnitOfWork, principal: Principal, measure_id: int, permission: Permission
) -> None:
    with uow:
        measure = uow.measures.get(measure_id)
        if measure is None:
            raise NotFound(f"measure {measure_id} does not exist")
    with missing_as("measure", measure_id):
        authorize_clue(uow, principal, measure.clue_id, permission)


@contextlib.contextmanager
def missing_as(kind: str, ident: object, *hidden: type[Exception]) -> Iterator[None]:
    """A thing reached through another the user may not see reads as missing, in the same
    words as one that is not there, never naming what holds it; `hidden` refusals too."""
    caught: tuple[type[Exception], ...] = (NotFound, *hidden)
    try:
        yield
    except caught:
        raise NotFound(f"{kind} {ident} does not exist") from None


def authorize_publication(
    uow: UnitOfWork,
    principal: Principal,
    publication_id: int,
    permission: Permission,
    own_only: bool = False,
) -> Publication:
    """Another unit's publication reads as missing unless it is published (and, with
    `own_only`, even then); changing one needs it to be of the user's units."""
    principal.require(permission)
    with uow:
        publication = uow.publications.get(publication_id)
    mine = publication is not None and principal.owns(publication.unit_id)
    if publication is None or not (mine or (publication.is_public and not own_only)):
        raise NotFound(f"publication {publication_id} does not exist")
    if permission is not Permission.READ and not mine:
        raise PermissionDenied(f"publication {publication_id} belongs to another unit")
    return publication


def authorize_unit(uow: UnitOfWork, principal: Principal, unit_code: str) -> None:
    """Administering a unit (its legal catalogue, its indicators) needs it to be the user's
    own or below it."""
    principal.require(Permission.ADMINISTER)
    with uow:
        unit = _unit(uow, unit_code)
    if unit.id is None or not principal.owns(unit.id):
        raise PermissionDenied(f"unit {unit_code} is outside {principal.unit.code}")
