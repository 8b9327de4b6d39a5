"""Signing in (登录). The password hash is checked with no transaction open, so a stream of
sign-ins never holds the database's write lock; an unknown name costs one hash as a known
one does; and the back-off counts names whether they exist or not, so neither the answer
nor its time tells which names are accounts."""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from argon2.exceptions import InvalidHashError, VerificationError

from netpatrol.domain.errors import NotSignedIn
from netpatrol.domain.throttle import Throttle
from netpatrol.domain.users import SessionKind, User, UserSession
from netpatrol.services.accounts.users import Clock, digest, hasher, open_session
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork

WRONG = "the username or password is wrong"
# verifying against a throwaway hash keeps the time of 'no such user' like a wrong password
_DECOY = hasher.hash(secrets.token_urlsafe(16))


class SignInPaused(NotSignedIn):
    """Too many tries from this client or for this name; `retry_after` seconds to wait."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"{WRONG}, or there were too many tries: wait {retry_after} seconds")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Attempt:
    username: str
    password: str
    client: str = ""  # a keyed digest of the client's address, when there is one


def sign_in(
    uow: UnitOfWork,
    attempt: Attempt,
    clock: Clock,
    throttle: Throttle,
    kind: SessionKind = SessionKind.BROWSER,
) -> tuple[str, UserSession]:
    """Check the password; a new session (its secret is returned once, only its digest is
    kept). Wrong user or password, and a paused name or client, read the same to anyone."""
    name = attempt.username.strip().lower()
    now = clock()
    name_key, client = digest(name), attempt.client or "unknown"
    wait = max(throttle.spend("sign_in", client, now), throttle.wait(name_key, client, now))
    if wait:
        _spend_time(attempt.password)
        raise SignInPaused(wait)
    with uow:
        user = uow.users.by_username(name)
    if user is None:
        _spend_time(attempt.password)
    if user is None or not user.active or not verify_password(user, attempt.password):
        throttle.refused(name_key, client, now)
        if user is not None:
            _refused(uow, user, now)
        raise NotSignedIn(WRONG)
    throttle.succeeded(name_key)
    fresh_hash = (
        hasher.hash(attempt.password) if hasher.check_needs_rehash(user.password_hash) else None
    )
    with uow:
        user = uow.users.by_username(name)
        if user is None:  # closed and removed between the check and now
            raise NotSignedIn(WRONG)
        if fresh_hash:
            user.password_hash = fresh_hash
            uow.users.update(user)
        token, session = open_session(uow, user, kind, now)
        record(
            uow,
            actor=user.username,
            action="user.signed_in",
            subject_type="user",
            subject_id=user.username,
            at=now,
            unit_id=user.unit_id,
            after={"kind": kind.value},
        )
        uow.commit()
    return token, session


def _refused(uow: UnitOfWork, user: User, now: datetime) -> None:
    with uow:
        record(
            uow,
            actor=user.username,
            action="user.sign_in_refused",
            subject_type="user",
            subject_id=user.username,
            at=now,
            unit_id=user.unit_id,
        )
        uow.commit()


def verify_password(user: User, password: str) -> bool:
    try:
        return hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _spend_time(password: str) -> None:
    with contextlib.suppress(VerificationError):
        hasher.verify(_DECOY, password)
