"""The follow-up history as adapters show it: one read model, money already in Decimals.

A history row stores its totals in minor units of its currency; ``HistoryView`` is the
one place that turns them into Decimals (and the stored lines into ``ReminderLine``s),
so the API, the pages and the CLI print the same figures without converting anything.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from asiento.services.followups.followup_render import ReminderLine
from asiento.store.query import get_scoped, page
from asiento.store.tables import FollowupHistory, Partner
from asiento.store.types import from_minor
from asiento.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class HistoryView:
    """One channel of one reminder sent; ``total_*`` in units of ``currency``."""

    id: int
    partner_id: int
    level_id: int | None
    level_name: str
    level_days: int
    date: dt.date
    channel: str
    status: str
    error: str
    currency: str
    total_due: Decimal
    total_overdue: Decimal
    lines: tuple[ReminderLine, ...]


@dataclass(frozen=True, slots=True)
class HistoryPage:
    rows: list[HistoryView]
    next_cursor: str | None


def history(
    uow: UnitOfWork,
    company_id: int,
    partner_id: int | None = None,
    cursor: str | None = None,
    limit: int = 100,
) -> HistoryPage:
    """Reminders sent (one row per channel), newest first, optionally of one partner."""
    with uow:
        s = uow.session
        stmt = select(FollowupHistory).where(FollowupHistory.company_id == company_id)
        if partner_id is not None:
            get_scoped(s, Partner, company_id, partner_id, "partner")
            stmt = stmt.where(FollowupHistory.partner_id == partner_id)
        rows, nxt = page(s, stmt, FollowupHistory.id, cursor, limit)
        return HistoryPage([view_of(row) for row in rows], nxt)


def view_of(row: FollowupHistory) -> HistoryView:
    return HistoryView(
        id=row.id,
        partner_id=row.partner_id,
        level_id=row.level_id,
        level_name=row.level_name,
        level_days=row.level_days,
        date=row.date,
        channel=row.channel,
        status=row.status,
        error=row.error,
        currency=row.currency,
        total_due=from_minor(row.total_due, row.currency),
        total_overdue=from_minor(row.total_overdue, row.currency),
        lines=history_lines(row),
    )


def history_lines(row: FollowupHistory) -> tuple[ReminderLine, ...]:
    """The reminder lines recorded with a history row."""
    return tuple(
        ReminderLine(
            item_id=int(ln["item_id"]),
            number=ln["number"],
            ref=ln["ref"],
            date=dt.date.fromisoformat(ln["date"]),
            due_date=dt.date.fromisoformat(ln["due_date"]),
            days_overdue=int(ln["days_overdue"]),
            original=Decimal(ln["original"]),
            residual=Decimal(ln["residual"]),
            kind=ln["kind"],
            overdue=bool(ln["overdue"]),
        )
        for ln in json.loads(row.lines)
    )
