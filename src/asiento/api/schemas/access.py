"""Users, tokens and audit events over the API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=254)
    password: str = Field(min_length=1, max_length=200)
    role: str
    name: str = ""


class UserPublic(BaseModel):
    """A member as this company sees them: nothing of the person's other companies."""

    id: int
    email: str
    name: str
    role: str = Field(description="the role in this company")
    active: bool = Field(description="the membership in this company is active")


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: str | None = None
    active: bool | None = Field(default=None, description="false ends access to this company")


class PasswordReset(BaseModel):
    password: str = Field(description="the new random password: shown only in this response")


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    current_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=200)


class TokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str | None = Field(default=None, description="default: the caller")
    role: str | None = Field(default=None, description="default: the user's role")
    name: str = ""
    company_id: int | None = Field(
        default=None, description="must be the token's own company (a token acts in one company)"
    )


class TokenPublic(BaseModel):
    id: int
    user_id: int
    company_id: int
    name: str
    role: str
    prefix: str
    created_at: datetime | None
    last_used_at: datetime | None
    revoked: bool


class IssuedTokenPublic(TokenPublic):
    token: str = Field(description="the secret: shown only in this response")


class AuditEventPublic(BaseModel):
    id: int
    at: datetime
    actor: str
    action: str
    object_kind: str
    object_id: int | None
    before: Any
    after: Any
