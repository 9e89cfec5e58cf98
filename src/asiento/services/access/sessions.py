"""Browser sessions kept on the server, so that logging out really ends them.

The signed cookie carries a random secret; the server stores its SHA-256
digest with the user and the moment it started. A request is logged in only
while that row exists, has not ended and is younger than ``MAX_AGE``.

Invariants:
    - logging out ends the row: the same cookie, replayed, is refused;
    - a password change ends every other session of the person, a reset or
      an operator's ``set-password`` ends them all;
    - the company the session acts in is re-checked against an active
      membership on every request (``users.principal_in``).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from typing import Final

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from asiento.domain.access import Principal
from asiento.domain.errors import Unauthenticated
from asiento.services.access import users
from asiento.store.tables import WebSession
from asiento.store.uow import UnitOfWork

MAX_AGE: Final = timedelta(hours=12)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def start(uow: UnitOfWork, user_id: int) -> str:
    """A new session for ``user_id``; returns the secret for the cookie (stored hashed)."""
    now = datetime.now(UTC)
    secret = secrets.token_urlsafe(32)
    with uow:
        s = uow.session
        s.execute(  # the person's dead sessions go: the table holds live ones and a few more
            delete(WebSession).where(
                WebSession.user_id == user_id,
                or_(WebSession.ended_at.is_not(None), WebSession.created_at < now - MAX_AGE),
            )
        )
        s.add(WebSession(user_id=user_id, secret_hash=digest(secret), created_at=now))
        uow.commit()
    return secret


def resolve(uow: UnitOfWork, secret: str, user_id: int, company_id: int) -> Principal:
    """The principal of a live session acting in ``company_id``, or ``Unauthenticated``."""
    with uow:
        s = uow.session
        row = s.scalars(select(WebSession).where(WebSession.secret_hash == digest(secret))).first()
        started = users.as_utc(row.created_at) if row is not None else None
        if (
            row is None
            or row.user_id != user_id
            or row.ended_at is not None
            or started is None
            or started < datetime.now(UTC) - MAX_AGE
        ):
            raise Unauthenticated("this session has ended: log in again")
        principal = users.principal_in(s, user_id, company_id)
        return Principal(
            principal.user_id, company_id, principal.role, principal.name, by_password=True
        )


def end(uow: UnitOfWork, secret: str) -> None:
    """Log out: the session's row ends (a no-op for an unknown or ended secret)."""
    with uow:
        uow.session.execute(
            update(WebSession)
            .where(WebSession.secret_hash == digest(secret), WebSession.ended_at.is_(None))
            .values(ended_at=datetime.now(UTC))
        )
        uow.commit()


def end_all_in(session: Session, user_id: int, *, keep: str | None = None) -> None:
    """End every live session of ``user_id`` (but ``keep``'s) in the caller's transaction."""
    stmt = update(WebSession).where(WebSession.user_id == user_id, WebSession.ended_at.is_(None))
    if keep is not None:
        stmt = stmt.where(WebSession.secret_hash != digest(keep))
    session.execute(stmt.values(ended_at=datetime.now(UTC)))
