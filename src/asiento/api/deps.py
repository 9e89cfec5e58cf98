"""Request-scoped dependencies: unit of work, the authenticated principal, its company."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session, sessionmaker

from asiento.api.schemas.types import Id
from asiento.domain.access import Principal
from asiento.domain.errors import Forbidden, Unauthenticated
from asiento.services.access import principal as access
from asiento.services.access import tokens
from asiento.store.uow import UnitOfWork


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


async def get_principal(
    principal: Annotated[Principal, Depends(resolve_principal)],
) -> Principal:
    """Bind the principal to this request's context, where the services check it.

    An async dependency runs in the request's own context, which FastAPI
    copies into the worker thread of a sync route: the services see it there.
    """
    access.set_principal(principal)
    return principal


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
