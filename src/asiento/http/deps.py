"""Request-scoped dependencies of the API and the pages: unit of work, the authenticated
principal (from an API token here; the pages resolve theirs from the session cookie and
bind it with ``bind_principal``), and the principal's company."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session, sessionmaker

from asiento.domain.access import Principal
from asiento.domain.errors import Forbidden, Unauthenticated
from asiento.services.access import idempotency, tokens
from asiento.services.access import principal as access
from asiento.store.uow import UnitOfWork
from asiento.wire.types import Id


async def get_session_factory(request: Request) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = request.app.state.session_factory
    return factory


SessionFactoryDep = Annotated[sessionmaker[Session], Depends(get_session_factory)]


async def get_uow(factory: SessionFactoryDep) -> UnitOfWork:
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
    ``uow`` (already entered) and commits it. ``key``: the request's Idempotency-Key row as
    read by that same statement (None when not looked up there)."""

    uow: UnitOfWork
    principal: Principal
    key: idempotency.Stored | None = None


KeyScope = Callable[..., Awaitable[str | None]]
"""A dependency naming the Idempotency-Key scope of a request (None: no key looked up with
the token); FastAPI parses its parameters (``post: bool = False``). Async, as every dependency
that does no I/O: a sync one runs in the thread pool, one thread hop per request each."""


async def no_key_scope() -> str | None:
    return None


def scope_dependency(scope_of: Callable[..., str | None]) -> KeyScope:
    """The pure function ``scope_of`` (which a route also calls itself) as a ``KeyScope``:
    FastAPI reads its parameters through ``functools.wraps`` (``post: bool = False``) and
    awaits it on the event loop, with no thread hop."""

    @functools.wraps(scope_of)
    async def scope(*args: Any, **kwargs: Any) -> str | None:
        return scope_of(*args, **kwargs)

    return scope


def request_transaction(key_scope: KeyScope = no_key_scope) -> Callable[..., Any]:
    """The dependency of a route whose token check is the first statement of its one
    transaction, and also reads the request's Idempotency-Key row of ``key_scope``.

    Its transaction is a ``scope="function"`` dependency: FastAPI closes it when the route
    function returns or raises, and also when the request never reaches the route (body refused
    with 422 after the dependencies ran, 401, 403), always before the response is sent. Closing
    rolls back whatever was not committed, so no transaction, and on SQLite no write lock (its
    ``BEGIN IMMEDIATE``), outlives the request. The principal is bound as ``get_principal``
    binds it, and ``X-Company-Id`` checked as ``get_company_id`` checks it.
    """

    def open_transaction(
        factory: SessionFactoryDep,
        scope: str | None = Depends(key_scope),  # a default: the annotation names no local
        authorization: Annotated[str | None, Header()] = None,
        key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)] = None,
    ) -> Iterator[RequestTransaction]:
        token = bearer_token(authorization)
        wanted = idempotency.clean_key(key)
        named = (scope, wanted) if scope is not None and wanted is not None else None
        with UnitOfWork(factory) as uow:
            principal, stored = tokens.resolve_token_and_key_in(uow.session, token, named)
            yield RequestTransaction(uow, principal, stored)

    async def get_transaction(
        request: Request,
        held: RequestTransaction = Depends(open_transaction, scope="function"),
        x_company_id: Annotated[Id | None, Header(alias="X-Company-Id")] = None,
    ) -> RequestTransaction:
        bind_principal(request, held.principal)
        same_company(held.principal, x_company_id)
        return held

    return get_transaction


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


async def get_company_id(
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
