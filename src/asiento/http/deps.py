"""Request-scoped dependencies of the API and the pages: unit of work, the authenticated
principal (from an API token here; the pages resolve theirs from the session cookie and
bind it with ``bind_principal``), and the principal's company."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session, sessionmaker

from asiento.domain.access import Principal
from asiento.domain.errors import Forbidden, Unauthenticated
from asiento.services.access import principal as access
from asiento.services.access import tokens
from asiento.store.uow import UnitOfWork
from asiento.wire.types import Id


def get_session_factory(request: Request) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = request.app.state.session_factory
    return factory


SessionFactoryDep = Annotated[sessionmaker[Session], Depends(get_session_factory)]


def get_uow(factory: SessionFactoryDep) -> UnitOfWork:
    """A fresh unit of work per request: services open and commit their own transactions."""
    return UnitOfWork(factory)


UowDep = Annotated[UnitOfWork, Depends(get_uow)]


def bearer_token(authorization: str | None) -> str:
    """The token of ``Authorization: Bearer <token>``; 401 (no statement) without one."""
    if not authorization:
        raise Unauthenticated("an API token is required: Authorization: Bearer <token>")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("the Authorization header must be 'Bearer <token>'")
    return token.strip()


def resolve_principal(
    uow: UowDep, authorization: Annotated[str | None, Header()] = None
) -> Principal:
    """The principal of ``Authorization: Bearer <token>``; 401 without a valid token."""
    return tokens.resolve_token(uow, bearer_token(authorization))


@dataclass(frozen=True, slots=True)
class RequestTransaction:
    """A request's one transaction, opened by its token check: the route runs its use case in
    ``uow`` (already entered) and commits it; nothing else of the request touches the
    database."""

    uow: UnitOfWork
    principal: Principal


def open_request_transaction(
    factory: SessionFactoryDep, authorization: Annotated[str | None, Header()] = None
) -> Iterator[RequestTransaction]:
    """The token check as the first statement of the request's transaction.

    Depend on it with ``scope="function"`` only (``RequestTransactionDep``): FastAPI then
    closes it when the route function returns or raises, and also when the request never
    reaches the route (body refused with 422 after the dependencies ran, 401, 403, 404), always
    before the response is sent. Closing rolls back whatever was not committed, so no
    transaction, and on SQLite no write lock (its ``BEGIN IMMEDIATE``), outlives the request.
    """
    token = bearer_token(authorization)
    with UnitOfWork(factory) as uow:
        yield RequestTransaction(uow, tokens.resolve_token_in(uow.session, token))


async def get_request_transaction(
    request: Request,
    held: Annotated[RequestTransaction, Depends(open_request_transaction, scope="function")],
    x_company_id: Annotated[Id | None, Header(alias="X-Company-Id")] = None,
) -> RequestTransaction:
    """The request's transaction with its principal bound (as ``get_principal``) and the
    ``X-Company-Id`` check of ``get_company_id``."""
    bind_principal(request, held.principal)
    same_company(held.principal, x_company_id)
    return held


RequestTransactionDep = Annotated[RequestTransaction, Depends(get_request_transaction)]


def bind_principal(request: Request, principal: Principal) -> Principal:
    """Bind the principal to this request's context, where the services check it.

    Call it from an async dependency: that runs in the request's own context, which
    FastAPI copies into the worker thread of a sync route, so the services see it there.
    Both the API (token) and the pages (session cookie) bind their principal here.
    """
    access.set_principal(principal)
    request.state.principal = principal
    return principal


async def get_principal(
    request: Request, principal: Annotated[Principal, Depends(resolve_principal)]
) -> Principal:
    """The API token's principal, bound to the request."""
    return bind_principal(request, principal)


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def get_company_id(
    principal: PrincipalDep,
    x_company_id: Annotated[Id | None, Header(alias="X-Company-Id")] = None,
) -> int:
    """The token's company; ``X-Company-Id``, if sent, must name that same company."""
    return same_company(principal, x_company_id)


def same_company(principal: Principal, x_company_id: int | None) -> int:
    if x_company_id is not None and x_company_id != principal.company_id:
        raise Forbidden(f"this token is not valid for company {x_company_id}")
    return principal.company_id


CompanyDep = Annotated[int, Depends(get_company_id)]
