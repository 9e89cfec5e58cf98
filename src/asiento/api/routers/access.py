"""/users, /tokens and /audit: who may act, with which credentials, and what they did."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, status

from asiento.api.deps import CompanyDep, PrincipalDep, UowDep
from asiento.api.routers.common import Limit
from asiento.api.schemas.access import (
    AuditEventPublic,
    IssuedTokenPublic,
    TokenCreate,
    TokenPublic,
    UserCreate,
    UserPublic,
)
from asiento.api.schemas.common import Page
from asiento.api.schemas.types import Id, Text
from asiento.services.access import audit, tokens, users

router = APIRouter(tags=["access"])


@router.post("/users", status_code=status.HTTP_201_CREATED)
def create_user(body: UserCreate, uow: UowDep, company_id: CompanyDep) -> UserPublic:
    view = users.create_user(uow, company_id, body.email, body.password, body.role, body.name)
    return UserPublic(**asdict(view))


@router.get("/users")
def list_users(uow: UowDep, company_id: CompanyDep) -> Page[UserPublic]:
    return Page(items=[UserPublic(**asdict(v)) for v in users.list_users(uow, company_id)])


@router.post("/tokens", status_code=status.HTTP_201_CREATED)
def create_token(
    body: TokenCreate, uow: UowDep, company_id: CompanyDep, principal: PrincipalDep
) -> IssuedTokenPublic:
    target = body.company_id or company_id
    issued = tokens.create_token(
        uow, target, body.email or principal.name, role=body.role, name=body.name
    )
    return IssuedTokenPublic(token=issued.token, **asdict(issued.view))


@router.get("/tokens")
def list_tokens(uow: UowDep, company_id: CompanyDep) -> Page[TokenPublic]:
    return Page(items=[TokenPublic(**asdict(v)) for v in tokens.list_tokens(uow, company_id)])


@router.delete("/tokens/{token_id}")
def revoke_token(token_id: Id, uow: UowDep, company_id: CompanyDep) -> TokenPublic:
    return TokenPublic(**asdict(tokens.revoke_token(uow, company_id, token_id)))


@router.get("/audit")
def list_audit(
    uow: UowDep, company_id: CompanyDep, object_kind: Text | None = None, limit: Limit = 100
) -> Page[AuditEventPublic]:
    events = audit.list_events(uow, company_id, object_kind=object_kind, limit=limit)
    return Page(items=[AuditEventPublic(**asdict(e)) for e in events])
