"""/users, /tokens and /audit: who may act, with which credentials, and what they did."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Response, status

from asiento.api.routers.common import Limit
from asiento.api.schemas.access import (
    AuditEventPublic,
    IssuedTokenPublic,
    PasswordChange,
    PasswordReset,
    TokenCreate,
    TokenPublic,
    UserCreate,
    UserPublic,
    UserUpdate,
)
from asiento.http.deps import CompanyDep, PrincipalDep, UowDep
from asiento.services.access import audit, memberships, passwords, tokens, users
from asiento.wire.common import Page
from asiento.wire.types import Id, Text

router = APIRouter(tags=["access"])


@router.post("/users", status_code=status.HTTP_201_CREATED)
def create_user(body: UserCreate, uow: UowDep, company_id: CompanyDep) -> UserPublic:
    view = users.create_user(uow, company_id, body.email, body.password, body.role, body.name)
    return UserPublic(**asdict(view))


@router.get("/users")
def list_users(uow: UowDep, company_id: CompanyDep) -> Page[UserPublic]:
    return Page(items=[UserPublic(**asdict(v)) for v in users.list_users(uow, company_id)])


@router.get("/users/{user_id}")
def read_user(user_id: int, uow: UowDep, company_id: CompanyDep) -> UserPublic:
    return UserPublic(**asdict(users.get_member(uow, company_id, user_id)))


@router.patch("/users/{user_id}")
def update_user(user_id: int, body: UserUpdate, uow: UowDep, company_id: CompanyDep) -> UserPublic:
    view = memberships.update_member(uow, company_id, user_id, role=body.role, active=body.active)
    return UserPublic(**asdict(view))


@router.post("/users/{user_id}/password-reset")
def reset_password(user_id: int, uow: UowDep, company_id: CompanyDep) -> PasswordReset:
    return PasswordReset(password=passwords.reset_password(uow, company_id, user_id))


@router.post("/me/password", status_code=status.HTTP_204_NO_CONTENT)
def change_password(body: PasswordChange, uow: UowDep, principal: PrincipalDep) -> Response:
    passwords.change_password(uow, principal.user_id, body.current_password, body.new_password)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


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
