"""The audit log: who posted, reversed, reconciled or changed settings, and when.

``record_in`` writes in the caller's transaction, so an action and its audit
event commit or roll back together.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.services.access import principal as access
from asiento.store.bulk import insert_rows
from asiento.store.tables import AuditEvent
from asiento.store.uow import UnitOfWork


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, default=str, sort_keys=True)


def record_in(
    session: Session,
    company_id: int,
    action: str,
    object_kind: str,
    object_id: int | None,
    *,
    before: Any = None,
    after: Any = None,
) -> None:
    user_id, name = access.actor()
    session.add(
        AuditEvent(
            company_id=company_id,
            user_id=user_id,
            actor=name,
            action=action,
            object_kind=object_kind,
            object_id=object_id,
            before=_json(before),
            after=_json(after),
        )
    )


@dataclass(frozen=True, slots=True)
class Event:
    """One audit event of a set-based write (``record_many``)."""

    action: str
    object_kind: str
    object_id: int | None
    before: Any = None
    after: Any = None


def record_many(session: Session, company_id: int, events: Sequence[Event]) -> None:
    """``record_in`` for many events, one executemany (the bulk paths write thousands)."""
    if not events:
        return
    user_id, name = access.actor()
    insert_rows(
        session,
        AuditEvent.__table__,
        [
            {
                "company_id": company_id,
                "user_id": user_id,
                "actor": name,
                "action": e.action,
                "object_kind": e.object_kind,
                "object_id": e.object_id,
                "before": _json(e.before),
                "after": _json(e.after),
            }
            for e in events
        ],
    )


@dataclass(frozen=True, slots=True)
class AuditView:
    id: int
    at: datetime
    actor: str
    action: str
    object_kind: str
    object_id: int | None
    before: Any
    after: Any


def list_events(
    uow: UnitOfWork,
    company_id: int,
    *,
    object_kind: str | None = None,
    action: str | None = None,
    limit: int = 100,
) -> list[AuditView]:
    """Newest first; ``action`` matches a prefix ("company." finds company.update and .lock)."""
    with uow:
        stmt = select(AuditEvent).where(AuditEvent.company_id == company_id)
        if object_kind:
            stmt = stmt.where(AuditEvent.object_kind == object_kind)
        if action:
            stmt = stmt.where(AuditEvent.action.startswith(action, autoescape=True))
        rows = uow.session.scalars(stmt.order_by(AuditEvent.id.desc()).limit(limit))
        return [
            AuditView(
                r.id,
                r.at,
                r.actor,
                r.action,
                r.object_kind,
                r.object_id,
                json.loads(r.before) if r.before else None,
                json.loads(r.after) if r.after else None,
            )
            for r in rows
        ]


def object_kinds(uow: UnitOfWork, company_id: int) -> list[str]:
    """The kinds of object the company's log mentions, for a filter's choices."""
    with uow:
        stmt = (
            select(AuditEvent.object_kind)
            .where(AuditEvent.company_id == company_id)
            .distinct()
            .order_by(AuditEvent.object_kind)
        )
        return [str(kind) for kind in uow.session.scalars(stmt)]
