"""Users, company memberships, API tokens and the audit log.

Users are global (one login for several companies); what they may do is per
company, through ``Membership`` (which an admin may deactivate without touching
the person's other companies). Passwords are argon2 hashes; API tokens are
stored as SHA-256 digests (they are 256-bit random values, so a fast digest
is safe) and shown once at creation.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from asiento.store.tables.base import Base, CompanyScoped, IdType, created_at_column


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = created_at_column()


class Membership(CompanyScoped, Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("company_id", "user_id"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class WebSession(Base):
    """A logged-in browser session, so that logging out ends it on the server.

    The cookie carries a random secret; only its SHA-256 digest is stored.
    Not company-scoped, like ``users``: a session belongs to a person and the
    company it acts in travels in the signed cookie, re-checked against an
    active membership on every request.
    """

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = created_at_column()
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ApiToken(CompanyScoped, Base):
    __tablename__ = "api_tokens"
    __table_args__ = (UniqueConstraint("company_id", "token_hash"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(20))
    prefix: Mapped[str] = mapped_column(String(12))
    # unique with its company (the key of every company-scoped table); 256 random bits
    # make a clash across companies impossible in practice, and the index finds a token
    # by its hash before its company is known
    token_hash: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[dt.datetime] = created_at_column()
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEvent(CompanyScoped, Base):
    """Who did what, when; ``before``/``after`` are JSON where a change matters."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_company_at", "company_id", "at"),)

    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(254), default="system")
    action: Mapped[str] = mapped_column(String(64))
    object_kind: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int | None] = mapped_column(IdType)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    at: Mapped[dt.datetime] = created_at_column()


__all__ = ["ApiToken", "AuditEvent", "Membership", "User", "WebSession"]
