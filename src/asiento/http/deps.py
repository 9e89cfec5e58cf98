"""Request-scoped dependencies of the API and the pages: unit of work, the authenticated
principal (from an API token here; the pages resolve theirs from the session cookie and
bind it with ``bind_principal``), and the principal's company."""

from __future__ import annotations

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


def resolve_principal(
    uow: UowDep, authorization: Annotated[str | None, Header()] = None
) -> Principal:
    """The principal of ``Authorization: Bearer <token>``; 401 without a valid token."""
    if not authorization:
        raise Unauthenticated("an API token is required: Authorization: Bearer <token>")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("the Authorization header must be 'Bearer <token>'")
    return tokens.resolve_token(uow, token.strip())


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
    if x_company_id is not None and x_company_id != principal.company_id:
        raise Forbidden(f"this token is not valid for company {x_company_id}")
    return principal.company_id


CompanyDep = Annotated[int, Depends(get_company_id)]
