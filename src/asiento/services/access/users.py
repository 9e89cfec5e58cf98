"""Users, their passwords and their role in each company.

Passwords are hashed with argon2id (argon2-cffi). Failed logins are
throttled per user: after ``MAX_FAILURES`` consecutive failures the account
refuses logins for ``LOCK_MINUTES``, even with the right password, and the
error says until when; a success resets the counter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission, Principal, Role, parse_role
from asiento.domain.errors import (
    InvalidInput,
    NotFound,
    StateConflict,
    TooManyAttempts,
    Unauthenticated,
)
from asiento.services.access import audit
from asiento.services.access import principal as access
from asiento.store.tables import Company, Membership, User
from asiento.store.uow import UnitOfWork

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 10
_hasher = PasswordHasher()


@dataclass(frozen=True, slots=True)
class UserView:
    id: int
    email: str
    name: str
    active: bool
    roles: dict[int, str]


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        message = f"password: at least {MIN_PASSWORD} characters are required"
        raise InvalidInput(message, field="password")
    return _hasher.hash(password)


def _normal_email(email: str) -> str:
    value = email.strip().lower()
    if "@" not in value or value.startswith("@") or value.endswith("@"):
        raise InvalidInput(f"email: {email!r} is not an email address", field="email")
    return value


def find_user(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == _normal_email(email))).first()


def _view(session: Session, user: User) -> UserView:
    rows = session.execute(
        select(Membership.company_id, Membership.role).where(Membership.user_id == user.id)
    ).all()
    return UserView(user.id, user.email, user.name, user.active, {r[0]: r[1] for r in rows})


def create_user(
    uow: UnitOfWork, company_id: int, email: str, password: str, role: str, name: str = ""
) -> UserView:
    """A user with ``role`` in ``company_id``; an existing user just gains the membership."""
    parsed = parse_role(role)
    access.require(Permission.USERS, company_id)
    with uow:
        s = uow.session
        if s.get(Company, company_id) is None:
            raise NotFound("company", company_id)
        user = find_user(s, email)
        if user is None:
            user = User(
                email=_normal_email(email), name=name, password_hash=hash_password(password)
            )
            s.add(user)
            s.flush()
        elif role_in(s, user.id, company_id) is not None:
            raise StateConflict(f"{user.email} is already a member of company {company_id}")
        s.add(Membership(company_id=company_id, user_id=user.id, role=parsed.value))
        audit.record_in(s, company_id, "user.add", "user", user.id, after={"role": parsed.value})
        s.flush()
        view = _view(s, user)
        uow.commit()
        return view


def role_in(session: Session, user_id: int, company_id: int) -> Role | None:
    """The user's role in the company, or ``None`` when not a member."""
    role = session.scalar(
        select(Membership.role).where(
            Membership.user_id == user_id, Membership.company_id == company_id
        )
    )
    return Role(role) if role else None


def list_users(uow: UnitOfWork, company_id: int) -> list[UserView]:
    access.require(Permission.READ, company_id)
    with uow:
        s = uow.session
        users = s.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.company_id == company_id)
            .order_by(User.id)
        ).all()
        return [_view(s, u) for u in users]


def authenticate(uow: UnitOfWork, email: str, password: str) -> UserView:
    """Check a password; throttled; the same message for unknown user and wrong password."""
    now = datetime.now(UTC)
    with uow:
        s = uow.session
        user = find_user(s, email)
        if user is None or not user.active:
            raise Unauthenticated("wrong email or password")
        locked = as_utc(user.locked_until)
        if locked is not None and locked > now:
            raise TooManyAttempts(f"too many failed logins: try again after {locked:%H:%M} UTC")
        if not _verify(user.password_hash, password):
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILURES:
                user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                user.failed_logins = 0
            uow.commit()
            raise Unauthenticated("wrong email or password")
        user.failed_logins = 0
        user.locked_until = None
        view = _view(s, user)
        uow.commit()
        return view


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def as_utc(moment: datetime | None) -> datetime | None:
    """``moment`` with its UTC zone; SQLite returns stored timestamps without one."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def count_users(uow: UnitOfWork) -> int:
    with uow:
        return int(uow.session.scalar(select(func.count(User.id))) or 0)


def principal_of(uow: UnitOfWork, user_id: int, company_id: int) -> Principal:
    """The principal of a logged-in browser session, re-read on every request.

    The role comes from the membership now, not from the cookie, so removing a
    membership or deactivating a user ends their sessions at once.
    """
    with uow:
        s = uow.session
        user = s.get(User, user_id)
        role = role_in(s, user_id, company_id)
        if user is None or not user.active or role is None:
            raise Unauthenticated("this session no longer has access to the company")
        return Principal(user.id, company_id, role, user.name or user.email)


def companies_of(uow: UnitOfWork, user_id: int) -> list[tuple[int, str, str]]:
    """(company id, company name, role) of every membership, by company id."""
    with uow:
        rows = uow.session.execute(
            select(Company.id, Company.name, Membership.role)
            .join(Membership, Membership.company_id == Company.id)
            .where(Membership.user_id == user_id)
            .order_by(Company.id)
        ).all()
        return [(r[0], r[1], r[2]) for r in rows]
