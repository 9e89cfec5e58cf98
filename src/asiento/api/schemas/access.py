"""Users, tokens and audit events over the API."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from asiento.wire.types import Id, Text, Timestamp


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Text = Field(max_length=254)
    password: Text = Field(min_length=1, max_length=200)
    role: Text
    name: Text = ""


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

    email: Text | None = Field(default=None, description="default: the caller")
    role: Text | None = Field(default=None, description="default: the user's role")
    name: Text = ""
    company_id: Id | None = Field(
        default=None, description="must be the token's own company (a token acts in one company)"
    )


class TokenPublic(BaseModel):
    id: int
    user_id: int
    company_id: int
    name: str
    role: str
    prefix: str
    created_at: Timestamp | None
    last_used_at: Timestamp | None
    revoked: bool


class IssuedTokenPublic(TokenPublic):
    token: str = Field(description="the secret: shown only in this response")


class AuditEventPublic(BaseModel):
    id: int
    at: Timestamp
    actor: str
    action: str
    object_kind: str
    object_id: int | None
    before: Any
    after: Any
