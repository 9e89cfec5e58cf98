"""Disputed items, partners on hold, and the follow-up history of a partner.

A dispute marks one receivable item the customer contests: runs leave it out of
the level, the lines and the totals. A hold excludes a whole partner. Neither
touches the ledger: both live in their own tables. Callers get ``DisputeView`` and
``HoldView``, never the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from asiento.documents.wording import language_of
from asiento.domain.access import Permission
from asiento.domain.errors import NotFollowupItem, NotFound
from asiento.services.access import principal as access
from asiento.services.followups.followup_history import history_lines
from asiento.services.followups.followup_render import ReminderText, render_letter
from asiento.services.ledger.entries import company_of
from asiento.store.locks import lock_scoped
from asiento.store.query import get_scoped
from asiento.store.tables import (
    Account,
    FollowupDispute,
    FollowupHistory,
    FollowupHold,
    JournalItem,
    Partner,
)
from asiento.store.types import from_minor
from asiento.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class DisputeView:
    """A contested receivable item and why."""

    item_id: int
    note: str


@dataclass(frozen=True, slots=True)
class HoldView:
    """A partner left out of follow-up runs and why."""

    partner_id: int
    note: str


def _dispute_view(row: FollowupDispute) -> DisputeView:
    return DisputeView(item_id=row.item_id, note=row.note)


def _hold_view(row: FollowupHold) -> HoldView:
    return HoldView(partner_id=row.partner_id, note=row.note)


def _receivable_item(session: Session, company_id: int, item_id: int) -> JournalItem:
    """The item, locked: marking it twice at once finds the first mark, never a duplicate."""
    try:
        item = lock_scoped(session, JournalItem, company_id, item_id, "journal item")
    except NotFound:
        raise NotFound("journal item", item_id, field="item_id") from None
    account = session.get(Account, item.account_id)
    if account is None or account.kind != "receivable" or not account.reconcilable:
        raise NotFollowupItem(
            f"journal item {item_id} is not on a reconcilable receivable account",
            field="item_id",
        )
    if item.parent_state != "posted":
        raise NotFollowupItem(f"journal item {item_id} is not posted", field="item_id")
    return item


Mark = TypeVar("Mark", FollowupDispute, FollowupHold)


def _find_mark(
    session: Session,
    model: type[Mark],
    company_id: int,
    key: InstrumentedAttribute[int],
    value: int,
) -> Mark | None:
    return session.scalars(
        select(model).where(model.company_id == company_id, key == value)
    ).first()


def _mark_in(
    session: Session,
    model: type[Mark],
    company_id: int,
    key: InstrumentedAttribute[int],
    value: int,
    note: str,
) -> Mark:
    """Add the mark, or replace its note: the caller holds the marked row's lock, so two
    marks at once find one another and never make a duplicate."""
    row = _find_mark(session, model, company_id, key, value)
    if row is None:
        row = model(company_id=company_id, note=note, **{key.key: value})
        session.add(row)
    row.note = note
    session.flush()
    return row


def _unmark_in(
    session: Session,
    model: type[Mark],
    company_id: int,
    key: InstrumentedAttribute[int],
    value: int,
    what: str,
) -> None:
    """Remove the mark, under the marked row's lock: a second removal at once is NotFound."""
    row = _find_mark(session, model, company_id, key, value)
    if row is None:
        raise NotFound(what, value)
    session.delete(row)


@access.requires(Permission.INVOICE_WRITE)
def dispute_item(uow: UnitOfWork, company_id: int, item_id: int, note: str = "") -> DisputeView:
    """Mark a receivable item disputed (again: replaces the note)."""
    with uow:
        _receivable_item(uow.session, company_id, item_id)
        row = _mark_in(
            uow.session, FollowupDispute, company_id, FollowupDispute.item_id, item_id, note
        )
        view = _dispute_view(row)
        uow.commit()
        return view


@access.requires(Permission.INVOICE_WRITE)
def resolve_dispute(uow: UnitOfWork, company_id: int, item_id: int) -> None:
    """Remove the dispute mark: the item counts again in the next run."""
    with uow:
        lock_scoped(uow.session, JournalItem, company_id, item_id, "journal item")
        _unmark_in(
            uow.session,
            FollowupDispute,
            company_id,
            FollowupDispute.item_id,
            item_id,
            "dispute on journal item",
        )
        uow.commit()


def list_disputes(uow: UnitOfWork, company_id: int) -> list[DisputeView]:
    """The company's disputes, by item."""
    with uow:
        stmt = select(FollowupDispute).where(FollowupDispute.company_id == company_id)
        rows = uow.session.scalars(stmt.order_by(FollowupDispute.item_id))
        return [_dispute_view(r) for r in rows]


@access.requires(Permission.INVOICE_WRITE)
def hold_partner(uow: UnitOfWork, company_id: int, partner_id: int, note: str = "") -> HoldView:
    """Put a partner on hold (again: replaces the note)."""
    with uow:
        lock_scoped(uow.session, Partner, company_id, partner_id, "partner")
        row = _mark_in(
            uow.session, FollowupHold, company_id, FollowupHold.partner_id, partner_id, note
        )
        view = _hold_view(row)
        uow.commit()
        return view


@access.requires(Permission.INVOICE_WRITE)
def release_partner(uow: UnitOfWork, company_id: int, partner_id: int) -> None:
    """End a hold: the partner is followed up again from the next run."""
    with uow:
        lock_scoped(uow.session, Partner, company_id, partner_id, "partner")
        _unmark_in(
            uow.session,
            FollowupHold,
            company_id,
            FollowupHold.partner_id,
            partner_id,
            "hold on partner",
        )
        uow.commit()


def list_holds(uow: UnitOfWork, company_id: int) -> list[HoldView]:
    """The partners on hold, by partner."""
    with uow:
        stmt = select(FollowupHold).where(FollowupHold.company_id == company_id)
        rows = uow.session.scalars(stmt.order_by(FollowupHold.partner_id))
        return [_hold_view(r) for r in rows]


def history_letter(uow: UnitOfWork, company_id: int, history_id: int) -> bytes:
    """The PDF letter of a recorded reminder, rendered again from its snapshot."""
    with uow:
        s = uow.session
        row = get_scoped(s, FollowupHistory, company_id, history_id, "follow-up history")
        partner = get_scoped(s, Partner, company_id, row.partner_id, "partner")
        company = company_of(s, company_id)
        text = ReminderText(
            partner_name=partner.name,
            company_name=company.name,
            level_name=row.level_name,
            as_of=row.date,
            currency=row.currency,
            lines=history_lines(row),
            total_due=from_minor(row.total_due, row.currency),
            total_overdue=from_minor(row.total_overdue, row.currency),
        )
        lang = language_of(partner.language, company.language)
    return render_letter(text, lang)


def last_reminder_date(uow: UnitOfWork, company_id: int, partner_id: int) -> date | None:
    """Date of the partner's latest successful reminder, or None."""
    with uow:
        return uow.session.scalar(
            select(FollowupHistory.date)
            .where(
                FollowupHistory.company_id == company_id,
                FollowupHistory.partner_id == partner_id,
                FollowupHistory.status == "sent",
            )
            .order_by(FollowupHistory.date.desc())
            .limit(1)
        )
