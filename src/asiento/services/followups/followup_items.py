"""Queries of a follow-up run: customers with open receivable items, in chunks.

Open receivable items are items of POSTED entries on reconcilable receivable
accounts whose ``amount_residual`` is not zero, dated on or before the run date.
Customers are streamed by id (keyset), so a run over thousands of customers
holds one chunk in memory at a time.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from asiento.domain.followups import OpenItem, PastReminder
from asiento.store.locks import for_update
from asiento.store.tables import (
    Account,
    FollowupDispute,
    FollowupHistory,
    FollowupHold,
    JournalEntry,
    JournalItem,
    Partner,
)
from asiento.store.types import from_minor


def _open_items(company_id: int, as_of: date) -> Select[Any]:
    return (
        select(JournalItem.partner_id)
        .join(Account, Account.id == JournalItem.account_id)
        .where(
            JournalItem.company_id == company_id,
            JournalItem.parent_state == "posted",
            JournalItem.amount_residual != 0,
            JournalItem.partner_id.is_not(None),
            JournalItem.date <= as_of,
            Account.kind == "receivable",
            Account.reconcilable.is_(True),
        )
    )


def partner_chunks(
    session: Session, company_id: int, as_of: date, size: int
) -> Iterator[list[int]]:
    """Ids of partners with open receivable items, ``size`` at a time, ascending."""
    after = 0
    while True:
        stmt = _open_items(company_id, as_of).where(JournalItem.partner_id > after)
        ids: list[int] = [
            int(i)
            for i in session.scalars(stmt.distinct().order_by(JournalItem.partner_id).limit(size))
        ]
        if not ids:
            return
        yield ids
        after = ids[-1]


@dataclass(frozen=True, slots=True)
class Customer:
    id: int
    name: str
    email: str | None


def partners_by_id(
    session: Session, company_id: int, ids: Sequence[int], *, lock: bool = False
) -> dict[int, Customer]:
    """Name and email of these partners (only the columns a reminder needs).

    With ``lock`` the partner rows are locked in id order until the chunk
    commits: a concurrent run waits, then reads the history this one wrote
    and plans no second reminder for the same items.
    """
    stmt: Any = (
        select(Partner.id, Partner.name, Partner.email)
        .where(Partner.company_id == company_id, Partner.id.in_(ids))
        .order_by(Partner.id)
    )
    if lock:
        stmt = for_update(session, stmt)
    rows = session.execute(stmt)
    return {r.id: Customer(r.id, r.name, r.email) for r in rows}


def held_partners(session: Session, company_id: int, ids: Sequence[int]) -> set[int]:
    return set(
        session.scalars(
            select(FollowupHold.partner_id).where(
                FollowupHold.company_id == company_id, FollowupHold.partner_id.in_(ids)
            )
        )
    )


def open_items(
    session: Session, company_id: int, currency: str, as_of: date, ids: Sequence[int]
) -> tuple[dict[int, list[OpenItem]], int]:
    """Open items per partner, disputed ones left out; and how many were disputed."""
    stmt = (
        _open_items(company_id, as_of)
        .add_columns(
            JournalItem.id,
            JournalItem.date,
            JournalItem.due_date,
            JournalItem.balance,
            JournalItem.amount_residual,
            JournalItem.label,
            JournalEntry.number,
            JournalEntry.ref,
            FollowupDispute.id.label("dispute_id"),
        )
        .join(JournalEntry, JournalEntry.id == JournalItem.entry_id)
        .outerjoin(
            FollowupDispute,
            (FollowupDispute.company_id == JournalItem.company_id)
            & (FollowupDispute.item_id == JournalItem.id),
        )
        .where(JournalItem.partner_id.in_(ids))
    )
    items: dict[int, list[OpenItem]] = defaultdict(list)
    disputed = 0
    for r in session.execute(stmt):
        if r.dispute_id is not None:
            disputed += 1
            continue
        items[int(r.partner_id)].append(
            OpenItem(
                item_id=r.id,
                number=r.number or "",
                ref=r.ref or r.label or "",
                date=r.date,
                due_date=r.due_date,
                original=from_minor(r.balance, currency),
                residual=from_minor(r.amount_residual, currency),
            )
        )
    return items, disputed


def past_reminders(
    session: Session, company_id: int, ids: Sequence[int]
) -> dict[int, list[PastReminder]]:
    """Successful reminder channels (sent, or calls put on the to-do list) per partner."""
    stmt = select(
        FollowupHistory.partner_id,
        FollowupHistory.level_days,
        FollowupHistory.channel,
        FollowupHistory.lines,
    ).where(
        FollowupHistory.company_id == company_id,
        FollowupHistory.partner_id.in_(ids),
        FollowupHistory.status.in_(("sent", "todo")),
    )
    out: dict[int, list[PastReminder]] = defaultdict(list)
    for r in session.execute(stmt):
        overdue = frozenset(int(ln["item_id"]) for ln in json.loads(r.lines) if ln.get("overdue"))
        out[int(r.partner_id)].append(PastReminder(r.level_days, r.channel, overdue))
    return out
