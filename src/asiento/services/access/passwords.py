"""Logging in, and who may change a password.

Throttle: every failed check of a person's password (login, or the current
password of a change) adds one to ``failed_logins`` with a single atomic
``UPDATE … SET failed_logins = failed_logins + 1 RETURNING``, so parallel
attempts never overwrite each other's count. From ``MAX_FAILURES``
consecutive failures on, the account refuses logins (even the right
password) for ``LOCK_MINUTES``; a success resets the count.

Invariants:
    - an unknown email, an inactive person, a wrong password and a locked
      account answer the same (401, one message) after the same work (one
      argon2 verification), so the answer never tells which emails exist;
    - a person changes their own password only with the current one;
    - an admin resets the password only of a person whose every membership
      is in a company the credential administers (a token speaks for its
      one company; a password-opened session for each company where the
      person is an active admin); the new password is random, shown once;
    - the local operator (no principal: the CLI on the server) sets any
      password;
    - each change is in the audit log of every company the person belongs
      to, and ends the person's other browser sessions.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from asiento.domain.access import Permission, Principal, Role
from asiento.domain.errors import Forbidden, NotFound, Unauthenticated
from asiento.services.access import audit, sessions, users
from asiento.services.access import principal as access
from asiento.store.tables import Membership, User
from asiento.store.uow import UnitOfWork

MAX_FAILURES: Final = 5
LOCK_MINUTES: Final = 15
REFUSED: Final = "wrong email or password, or too many failed attempts: try again later"
_DUMMY_HASH: Final = users.hash_password(secrets.token_urlsafe(16))


@dataclass(frozen=True, slots=True)
class Person:
    """Who logged in: the person, not yet any company."""

    id: int
    email: str
    name: str


def _count_failure(session: Session, user_id: int, locked: bool) -> None:
    """One more failure, atomically; the failure that reaches the limit locks the account."""
    failures = session.execute(
        update(User)
        .where(User.id == user_id)
        .values(failed_logins=User.failed_logins + 1)
        .returning(User.failed_logins)
    ).scalar_one()
    if failures >= MAX_FAILURES and not locked:
        until = datetime.now(UTC) + timedelta(minutes=LOCK_MINUTES)
        session.execute(update(User).where(User.id == user_id).values(locked_until=until))


def _check(uow: UnitOfWork, user: User, password: str) -> bool:
    """Verify ``password`` under the throttle; commits the failure count when wrong."""
    s = uow.session
    locked_until = users.as_utc(user.locked_until)
    locked = locked_until is not None and locked_until > datetime.now(UTC)
    right = users.verify_password(user.password_hash, password)
    if right and not locked:
        if user.failed_logins or user.locked_until is not None:
            s.execute(
                update(User).where(User.id == user.id).values(failed_logins=0, locked_until=None)
            )
        return True
    if not right:
        _count_failure(s, user.id, locked)
        uow.commit()
    return False


def authenticate(uow: UnitOfWork, email: str, password: str) -> Person:
    """The person whose password this is, or ``Unauthenticated`` with the one message."""
    with uow:
        user = users.find_user(uow.session, email)
        if user is None or not user.active:
            users.verify_password(_DUMMY_HASH, password)  # the same work as a real check
            raise Unauthenticated(REFUSED)
        if not _check(uow, user, password):
            raise Unauthenticated(REFUSED)
        person = Person(user.id, user.email, user.name)
        uow.commit()
        return person


def _record(session: Session, user_id: int, action: str) -> None:
    """The change in the audit log of every company the person belongs to."""
    company_ids = session.scalars(
        select(Membership.company_id).where(Membership.user_id == user_id)
    ).all()
    for company_id in company_ids:
        audit.record_in(session, company_id, action, "user", user_id)


def _store(session: Session, user: User, new_password: str) -> None:
    user.password_hash = users.hash_password(new_password)
    user.failed_logins = 0
    user.locked_until = None


def change_password(
    uow: UnitOfWork, user_id: int, current: str, new: str, *, keep_session: str | None = None
) -> None:
    """The person changes their own password; ``keep_session`` stays logged in."""
    acting = access.current()
    if acting is not None and acting.user_id != user_id:
        raise Forbidden("only the person themselves changes their password")
    users.hash_password(new)  # a too short password is refused before the current is checked
    with uow:
        s = uow.session
        # locked before the current password is checked: of N changes from the same
        # current password one wins, the others read the new hash and are refused
        user = s.get(User, user_id, with_for_update=True, populate_existing=True)
        if user is None or not user.active:
            raise NotFound("user", user_id)
        if not _check(uow, user, current):
            raise Forbidden("the current password is wrong", field="current_password")
        _store(s, user, new)
        sessions.end_all_in(s, user_id, keep=keep_session)
        _record(s, user_id, "user.password_change")
        uow.commit()


def administered_by(session: Session, principal: Principal) -> set[int]:
    """The companies whose admin ``principal`` speaks for (see the module's invariants)."""
    if not principal.by_password:
        return {principal.company_id} if principal.role is Role.ADMIN else set()
    rows = session.scalars(
        select(Membership.company_id).where(
            Membership.user_id == principal.user_id,
            Membership.role == Role.ADMIN.value,
            Membership.active.is_(True),
        )
    ).all()
    return set(rows) if principal.role is Role.ADMIN else set()


def reset_password(uow: UnitOfWork, company_id: int, user_id: int) -> str:
    """A new random password for a member, returned once; only an admin of all their companies."""
    access.require(Permission.USERS, company_id)
    acting = access.current()
    with uow:
        s = uow.session
        user = s.get(User, user_id, with_for_update=True, populate_existing=True)
        if user is None or users.membership(s, user_id, company_id) is None:
            raise NotFound("user", user_id)
        if acting is not None and acting.user_id == user_id:
            raise Forbidden("change your own password with the current one instead")
        # written before the check across the person's companies, which a refusal rolls
        # back: on Citus a shared table (users) cannot be written after a read of every shard
        password = secrets.token_urlsafe(12)
        _store(s, user, password)
        sessions.end_all_in(s, user_id)
        if acting is not None:
            theirs = set(
                s.scalars(select(Membership.company_id).where(Membership.user_id == user_id))
            )
            if not theirs <= administered_by(s, acting):
                raise Forbidden(
                    f"{user.email} is also a member elsewhere: only they, or an operator"
                    " with `asiento user set-password`, can change their password"
                )
        _record(s, user_id, "user.password_reset")
        uow.commit()
        return password


def set_password(uow: UnitOfWork, email: str, password: str) -> Person:
    """The operator on the server sets a password (a lost one, the demo admin's)."""
    if access.current() is not None:
        raise Forbidden("only the operator on the server sets a password this way")
    with uow:
        s = uow.session
        user = users.find_user(s, email)
        if user is None:
            raise NotFound("user", email, field="email")
        _store(s, user, password)
        sessions.end_all_in(s, user.id)
        _record(s, user.id, "user.password_set")
        person = Person(user.id, user.email, user.name)
        uow.commit()
        return person
