"""People, and their membership (role, active) in each company.

A person (``User``) is global: one email, one password, several companies.
What they may do is per company, through ``Membership``. The walls between
companies (see docs/design/access.md):

Invariants:
    - every read model here describes one person *in one company*: the
      role and state of that company's membership only; a person's other
      companies are listed only to that person (``companies_of`` is called
      with the logged-in user's own id, never with someone else's);
    - adding an existing person to a company creates the membership and
      nothing else: their password and name are left as they are, and the
      answer is the same shape as for a new person;
    - an inactive membership grants nothing: tokens and sessions in that
      company stop at once, the person's other companies are untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission, Principal, Role, parse_role
from asiento.domain.errors import InvalidInput, NotFound, StateConflict, Unauthenticated
from asiento.services.access import audit
from asiento.services.access import principal as access
from asiento.store.tables import Company, Membership, User
from asiento.store.uow import UnitOfWork

MIN_PASSWORD = 10
MAX_PASSWORD = 200
_hasher = PasswordHasher()


@dataclass(frozen=True, slots=True)
class UserView:
    """A person as one company sees them: ``role`` and ``active`` are of that membership."""

    id: int
    email: str
    name: str
    role: str
    active: bool


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        message = f"password: at least {MIN_PASSWORD} characters are required"
        raise InvalidInput(message, field="password")
    if len(password) > MAX_PASSWORD:
        message = f"password: at most {MAX_PASSWORD} characters are allowed"
        raise InvalidInput(message, field="password")
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def normal_email(email: str) -> str:
    value = email.strip().lower()
    if "@" not in value or value.startswith("@") or value.endswith("@"):
        raise InvalidInput(f"email: {email!r} is not an email address", field="email")
    return value


def find_user(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == normal_email(email))).first()


def membership(session: Session, user_id: int, company_id: int) -> Membership | None:
    return session.scalars(
        select(Membership).where(Membership.user_id == user_id, Membership.company_id == company_id)
    ).first()


def view_in(user: User, member: Membership) -> UserView:
    return UserView(user.id, user.email, user.name, member.role, user.active and member.active)


def create_user(
    uow: UnitOfWork, company_id: int, email: str, password: str, role: str, name: str = ""
) -> UserView:
    """``email`` with ``role`` in ``company_id``: a new person, or a membership for a known one.

    For a known person the password and name sent are ignored (never
    checked, never stored): the caller gains a member here and learns
    nothing of the person's other companies.
    """
    parsed = parse_role(role)
    access.require(Permission.USERS, company_id)
    with uow:
        s = uow.session
        if s.get(Company, company_id) is None:
            raise NotFound("company", company_id)
        user = find_user(s, email)
        if user is None:
            user = User(email=normal_email(email), name=name, password_hash=hash_password(password))
            s.add(user)
            s.flush()
        elif membership(s, user.id, company_id) is not None:
            raise StateConflict(f"{user.email} is already a member of company {company_id}")
        member = Membership(company_id=company_id, user_id=user.id, role=parsed.value, active=True)
        s.add(member)
        s.flush()
        audit.record_in(s, company_id, "user.add", "user", user.id, after={"role": parsed.value})
        view = view_in(user, member)
        uow.commit()
        return view


def role_in(session: Session, user_id: int, company_id: int) -> Role | None:
    """The user's role in the company, or ``None`` when not an active member there."""
    role = session.scalar(
        select(Membership.role).where(
            Membership.user_id == user_id,
            Membership.company_id == company_id,
            Membership.active.is_(True),
        )
    )
    return Role(role) if role else None


def list_users(uow: UnitOfWork, company_id: int) -> list[UserView]:
    """The company's members (active or not), each with this company's role only."""
    access.require(Permission.READ, company_id)
    with uow:
        rows = uow.session.execute(
            select(User, Membership)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.company_id == company_id)
            .order_by(User.id)
        ).all()
        return [view_in(u, m) for u, m in rows]


def get_member(uow: UnitOfWork, company_id: int, user_id: int) -> UserView:
    """One member of the company; a person who is not a member here is not found."""
    access.require(Permission.READ, company_id)
    with uow:
        s = uow.session
        user, member = s.get(User, user_id), membership(s, user_id, company_id)
        if user is None or member is None:
            raise NotFound("user", user_id)
        return view_in(user, member)


def find_member(uow: UnitOfWork, company_id: int, email: str) -> UserView:
    """The member of ``company_id`` with this email (the CLI names people by email)."""
    access.require(Permission.READ, company_id)
    with uow:
        s = uow.session
        user = find_user(s, email)
        member = membership(s, user.id, company_id) if user is not None else None
        if user is None or member is None:
            raise NotFound("member", email, field="email")
        return view_in(user, member)


def count_users(uow: UnitOfWork) -> int:
    with uow:
        return int(uow.session.scalar(select(func.count(User.id))) or 0)


def principal_in(session: Session, user_id: int, company_id: int) -> Principal:
    """The principal of ``user_id`` acting in ``company_id``, from the membership as it is now."""
    user = session.get(User, user_id)
    role = role_in(session, user_id, company_id)
    if user is None or not user.active or role is None:
        raise Unauthenticated("this session no longer has access to the company")
    return Principal(user.id, company_id, role, user.name or user.email)


def companies_of(uow: UnitOfWork, user_id: int) -> list[tuple[int, str, str]]:
    """(company id, name, role) of the person's *active* memberships, by company id.

    Only for the person themselves (their login and company switch): no
    adapter calls it with another person's id.
    """
    with uow:
        rows = uow.session.execute(
            select(Company.id, Company.name, Membership.role)
            .join(Membership, Membership.company_id == Company.id)
            .where(Membership.user_id == user_id, Membership.active.is_(True))
            .order_by(Company.id)
        ).all()
        return [(r[0], r[1], r[2]) for r in rows]


def as_utc(moment: datetime | None) -> datetime | None:
    """``moment`` with its UTC zone; SQLite returns stored timestamps without one."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
