"""API tokens: random bearer secrets, shown once, stored as SHA-256 digests.

A token belongs to a user and one company and carries a role that is never
wider than the user's membership there (checked at creation and again at
every use, so demoting a user demotes their tokens). Revoked tokens and
tokens of inactive users or inactive memberships authenticate nobody.

Invariant: a token acts in exactly one company. A credential issues tokens
only for its own company and never wider than itself, so no chain of tokens
leads into a company whose admin never admitted the person.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import and_, bindparam, select, update
from sqlalchemy.orm import Session

from asiento.domain.access import Permission, Principal, Role, allows, narrower, parse_role
from asiento.domain.errors import Forbidden, NotFound, Unauthenticated
from asiento.services.access import audit, idempotency, users
from asiento.services.access import principal as access
from asiento.store.tables import ApiToken, Company, IdempotencyKey, Membership, User
from asiento.store.uow import UnitOfWork

PREFIX = "asi_"
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class TokenView:
    id: int
    user_id: int
    company_id: int
    name: str
    role: str
    prefix: str
    created_at: datetime | None
    last_used_at: datetime | None
    revoked: bool


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: str
    view: TokenView


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _view(row: ApiToken) -> TokenView:
    return TokenView(
        row.id,
        row.user_id,
        row.company_id,
        row.name,
        row.role,
        row.prefix,
        row.created_at,
        row.last_used_at,
        row.revoked_at is not None,
    )


def issue_in(session: Session, company_id: int, user_id: int, role: Role, name: str) -> IssuedToken:
    """Write a token row (in the caller's transaction) and audit it; no checks here."""
    secret = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        company_id=company_id,
        user_id=user_id,
        name=name,
        role=role.value,
        prefix=secret[:12],
        token_hash=digest(secret),
    )
    session.add(row)
    session.flush()
    audit.record_in(session, company_id, "token.create", "token", row.id, after={"role": row.role})
    return IssuedToken(secret, _view(row))


def create_token(
    uow: UnitOfWork, company_id: int, email: str, *, role: str | None = None, name: str = ""
) -> IssuedToken:
    """Issue a token for ``email`` in ``company_id``; the plain value is returned only here.

    A caller with a credential (token or session) issues tokens only in the
    company that credential acts in, only for an active member there (another
    person's needs the users permission), and never wider than its own role
    nor the member's. The local operator (no credential) may issue for any
    active member of any company.
    """
    acting = access.current()
    if acting is not None and acting.company_id != company_id:
        raise Forbidden(f"a credential of company {acting.company_id} issues tokens only there")
    with uow:
        s = uow.session
        user = users.find_user(s, email)
        member = users.role_in(s, user.id, company_id) if user is not None else None
        if acting is not None and (user is None or acting.user_id != user.id):
            access.require(Permission.USERS, company_id)
        if user is None or member is None:
            raise NotFound("member", email, field="email")
        if acting is not None:
            member = narrower(acting.role, member)  # a narrow credential never mints a wider one
        wanted = parse_role(role) if role else member
        if narrower(wanted, member) != wanted:
            raise Forbidden(f"a {member.value} cannot hold a {wanted.value} token")
        issued = issue_in(s, company_id, user.id, wanted, name)
        uow.commit()
        return issued


def resolve_token(uow: UnitOfWork, token: str) -> Principal:
    """The principal a bearer token stands for, or ``Unauthenticated``, in a transaction of
    its own (``resolve_token_in``)."""
    with uow:
        return resolve_token_in(uow.session, token)


COMPANY_ROW = "asiento.token_company"
"""``session.info`` key holding the token's company row for the session's life: the session's
identity map holds rows weakly, and the use case that follows reads the company first."""


def resolve_token_in(s: Session, token: str) -> Principal:
    """The principal of ``token`` (``resolve_token_and_key_in`` without a key)."""
    return resolve_token_and_key_in(s, token, None)[0]


def resolve_token_and_key_in(
    s: Session, token: str, key: tuple[str, str] | None
) -> tuple[Principal, idempotency.Stored | None]:
    """The principal a bearer token stands for, or ``Unauthenticated``, as the first statement
    of the caller's transaction (the request's one transaction, ``http.deps``).

    One indexed statement reads the token, its user, the user's active membership of the
    token's company and that company's row, on every request (no cache: a revoked token or an
    ended membership stops working on every worker at once). The company row stays in the
    session (``COMPANY_ROW``), so the use case does not read it again and its
    ``reference_version`` serves the reference cache. Touching ``last_used_at`` (at most once a
    minute) commits at once, so reads stay reads; the company is then read again.

    ``key`` (scope, Idempotency-Key): the same statement also reads that key's row in the
    token's company (unique index ``(company_id, scope, key)``), so the request's one look-up
    of its key costs no statement of its own. It is shown only once the token is accepted.
    """
    params = {"token_hash": digest(token)}
    if key is not None:
        params |= {"scope": key[0], "key": key[1]}
    found = s.execute(_token_statement(with_key=key is not None), params).first()
    if found is None or found.revoked_at is not None:
        raise Unauthenticated("invalid or revoked API token")
    if not found.active or not found.member_role:
        raise Unauthenticated("the token's user no longer has access to this company")
    role = narrower(parse_role(found.role), Role(found.member_role))
    principal = Principal(found.user_id, found.company_id, role, found.email)
    s.info[COMPANY_ROW] = found.Company
    now = datetime.now(UTC)
    last = users.as_utc(found.last_used_at)
    if last is None or last < now - TOUCH_EVERY:
        s.execute(update(ApiToken).where(ApiToken.id == found.id).values(last_used_at=now))
        s.commit()  # at most once a minute: reads stay reads
        s.expire(found.Company)  # read again by the transaction that follows
        if key is not None:
            return principal, None  # looked up again in the transaction that follows
    if key is None:
        return principal, None
    stored = idempotency.Stored(key[0], key[1], found.request_hash, found.status, found.body)
    return principal, stored


@cache
def _token_statement(*, with_key: bool) -> Any:
    """``resolve_token_and_key_in``'s statement, built once per variant (issue 23: building
    this five-table join and its cache key on every request cost about a third of the check's
    time). Bound: ``token_hash``; with the key also ``scope`` and ``key``."""
    stmt = (
        select(
            ApiToken.id,
            ApiToken.company_id,
            ApiToken.role,
            ApiToken.revoked_at,
            ApiToken.last_used_at,
            User.id.label("user_id"),
            User.email,
            User.active,
            Membership.role.label("member_role"),
            Company,
        )
        .join(User, User.id == ApiToken.user_id)
        .join(Company, Company.id == ApiToken.company_id)
        .outerjoin(
            Membership,
            and_(
                Membership.user_id == ApiToken.user_id,
                Membership.company_id == ApiToken.company_id,
                Membership.active.is_(True),
            ),
        )
        .where(ApiToken.token_hash == bindparam("token_hash"))
    )
    if not with_key:
        return stmt
    return stmt.add_columns(
        IdempotencyKey.request_hash, IdempotencyKey.status, IdempotencyKey.body
    ).outerjoin(
        IdempotencyKey,
        and_(
            IdempotencyKey.company_id == ApiToken.company_id,
            IdempotencyKey.scope == bindparam("scope"),
            IdempotencyKey.key == bindparam("key"),
        ),
    )


def list_tokens(uow: UnitOfWork, company_id: int) -> list[TokenView]:
    acting = access.current()
    access.require(Permission.READ, company_id)
    with uow:
        stmt = select(ApiToken).where(ApiToken.company_id == company_id)
        if acting is not None and not allows(acting.role, Permission.USERS):
            stmt = stmt.where(ApiToken.user_id == acting.user_id)
        return [_view(r) for r in uow.session.scalars(stmt.order_by(ApiToken.id))]


def revoke_token(uow: UnitOfWork, company_id: int, token_id: int) -> TokenView:
    acting = access.current()
    with uow:
        s = uow.session
        row = s.get(ApiToken, token_id)
        if row is None or row.company_id != company_id:
            raise NotFound("token", token_id)
        if acting is not None and acting.user_id != row.user_id:
            access.require(Permission.USERS, company_id)
        if row.revoked_at is None:
            row.revoked_at = datetime.now(UTC)
            audit.record_in(s, company_id, "token.revoke", "token", row.id)
        view = _view(row)
        uow.commit()
        return view
