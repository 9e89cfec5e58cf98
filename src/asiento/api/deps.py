"""Request-scoped dependencies: unit of work, acting company, and the auth seam."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session, sessionmaker

from asiento.services import companies
from asiento.store.uow import UnitOfWork


def get_session_factory(request: Request) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = request.app.state.session_factory
    return factory


SessionFactoryDep = Annotated[sessionmaker[Session], Depends(get_session_factory)]


def get_uow(factory: SessionFactoryDep) -> UnitOfWork:
    """A fresh unit of work per request: services open and commit their own transactions."""
    return UnitOfWork(factory)


UowDep = Annotated[UnitOfWork, Depends(get_uow)]


def get_principal() -> None:
    """Authentication seam: today everyone is anonymous and may act for any company.

    A later issue replaces this with token checks; ``get_company_id`` already
    depends on it, so every company-scoped route will be protected at once.
    """
    return None


PrincipalDep = Annotated[None, Depends(get_principal)]


def get_company_id(
    uow: UowDep,
    _principal: PrincipalDep,
    x_company_id: Annotated[int | None, Header(alias="X-Company-Id")] = None,
) -> int:
    """The company named by ``X-Company-Id``, or the only one in the database."""
    return companies.resolve_company(uow, x_company_id)


CompanyDep = Annotated[int, Depends(get_company_id)]
